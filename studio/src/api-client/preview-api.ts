import { ApiError } from './api-error';
import { http } from './http';

/** A channel name as the runtime spells it (messenger, instagram, whatsapp, x, telegram, webchat). */
type Channel = string;

/** A preview of the saved draft, chatting as a web chat visitor; the token is the visitor's, shown once. */
export interface PreviewSession {
  id: string;
  flowId: string;
  channel: Channel;
  startNodeId: string | null;
  connectionId: string;
  visitorId: string;
  token: string;
}

/** Where the preview conversation is, as the server's runtime sees it. */
export interface PreviewState {
  id: string;
  channel: Channel;
  currentNodeId: string | null;
  status: string;
  variables: Record<string, unknown>;
  lastError: { code?: string; message?: string } | null;
  /** The visitor's messages the worker has handled, and what it made of the latest ("no-trigger", "turn", …). */
  messages: { processed: number; pending: number; lastOutcome: string | null };
  contact: { name: string | null; customFields: Record<string, unknown>; tags: string[] };
}

/** What the bot sent, as the web chat channel delivers it. */
export interface WebchatOutbound {
  text?: string;
  media?: { kind: string; url: string };
  quickReplies?: Array<{ title: string; payload: string }>;
  buttons?: WebchatButton[];
  cards?: Array<{ title: string; subtitle?: string; buttons: WebchatButton[] }>;
}
export type WebchatButton = { kind: 'postback'; title: string; payload: string } | { kind: 'url'; title: string; url: string } | { kind: string; title: string; payload?: string; url?: string };

const sessions = (flowId: string) => `/flows/${encodeURIComponent(flowId)}/preview-sessions`;

export const previewApi = {
  start: (flowId: string, input: { channel: Channel; startNodeId?: string; variables?: Record<string, unknown> }) => http<PreviewSession>('POST', sessions(flowId), input),
  state: (flowId: string, sessionId: string) => http<PreviewState>('GET', `${sessions(flowId)}/${encodeURIComponent(sessionId)}`),
  stop: (flowId: string, sessionId: string) => http<void>('DELETE', `${sessions(flowId)}/${encodeURIComponent(sessionId)}`),
  /** Ends a preview's handoff as an agent would: the flow continues from the handoff step's `returned` output. */
  returnToBot: (flowId: string, sessionId: string) => http<void>('POST', `${sessions(flowId)}/${encodeURIComponent(sessionId)}/release`),

  /** Posts as the visitor through the public web chat route (the visitor token, not the studio session, authorises it). */
  async say(session: PreviewSession, message: { text: string; payload?: string }): Promise<void> {
    const response = await fetch(`/api/webchat/${encodeURIComponent(session.connectionId)}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'x-visitor-token': session.token },
      body: JSON.stringify({ clientMessageId: crypto.randomUUID(), ...message }),
    }).catch(() => null);
    if (!response) throw new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the Parley server. Check your connection and try again.');
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
      throw new ApiError(response.status, body.code ?? `HTTP_${response.status}`, body.message ?? `The message was not accepted (${response.status}).`);
    }
  },

  /** The bot's messages as they are delivered (server-sent events); returns the function that stops listening. */
  listen(session: PreviewSession, onMessage: (message: WebchatOutbound, id: string) => void, onError: () => void): () => void {
    const source = new EventSource(`/api/webchat/${encodeURIComponent(session.connectionId)}/stream?token=${encodeURIComponent(session.token)}`);
    source.onmessage = (event) => {
      try {
        onMessage(JSON.parse(event.data) as WebchatOutbound, event.lastEventId);
      } catch {
        // A frame that is not JSON is not a message.
      }
    };
    source.onerror = onError;
    return () => source.close();
  },
};
