import { bad, FakeServer, type FakeReply } from './fake-server';

/** Real Bot API error bodies. */
export const TELEGRAM_ERRORS = {
  tooManyRequests: (retryAfter = 7): FakeReply => bad(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } }),
  unauthorized: bad(401, { ok: false, error_code: 401, description: 'Unauthorized' }),
  blocked: bad(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }),
};

const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendVideo', 'sendAudio', 'sendDocument']);

export interface FakeTelegramFile {
  filePath: string;
  bytes: Buffer;
}

/** The Bot API: `POST /bot<token>/<method>`; files: `getFile` then `GET /file/bot<token>/<file_path>`. */
export function telegramFake(opts: { token: string; files?: Record<string, FakeTelegramFile> }) {
  let messageId = 1000;
  const files = opts.files ?? {};
  return new FakeServer((req) => {
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.path);
    if (download) {
      const file = Object.values(files).find((f) => f.filePath === decodeURIComponent(download[2]));
      // The file server answers like the Bot API, and only under the right token.
      if (download[1] !== opts.token || !file) return bad(404, { ok: false, error_code: 404, description: 'Not Found' });
      return { status: 200, body: null, raw: file.bytes, headers: { 'content-type': 'application/octet-stream' } };
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.path);
    if (!match) return bad(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== opts.token) return TELEGRAM_ERRORS.unauthorized;
    const method = match[2];
    const body = req.body;
    if (method === 'answerCallbackQuery') return body.callback_query_id ? { status: 200, body: { ok: true, result: true } } : bad(400, { ok: false, error_code: 400, description: 'Bad Request: query is too old and response timeout expired or query ID is invalid' });
    if (method === 'getFile') {
      const file = files[String(body.file_id ?? '')];
      if (!file) return bad(400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
      return { status: 200, body: { ok: true, result: { file_id: body.file_id, file_unique_id: `u${body.file_id}`, file_size: file.bytes.length, file_path: file.filePath } } };
    }
    if (method === 'setWebhook') return { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } };
    if (!SENDS.has(method)) return bad(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (!body.chat_id) return bad(400, { ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
    if (method === 'sendMessage' && (typeof body.text !== 'string' || !body.text || Array.from(body.text).length > 4096)) return bad(400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    const keyboard = (body.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? [];
    if (keyboard.flat().some((k) => k.callback_data !== undefined && Buffer.byteLength(k.callback_data) > 64)) return bad(400, { ok: false, error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' });
    return { status: 200, body: { ok: true, result: { message_id: ++messageId, chat: { id: Number(body.chat_id), type: 'private' }, date: Math.floor(Date.now() / 1000), text: body.text } } };
  });
}
