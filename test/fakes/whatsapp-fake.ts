import { graphFake } from './meta-graph-fake';

/** The WhatsApp Cloud API: `POST /{version}/{phone-number-id}/messages`. */
export function whatsappFake(opts: { version?: string; phoneNumberId: string; token: string }) {
  return graphFake({
    version: opts.version ?? 'v25.0',
    tokens: { [opts.phoneNumberId]: opts.token },
    validate: validateWhatsApp,
    success: (body, n) => ({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.FAKE${n}` }] }),
  });
}

function validateWhatsApp(body: Record<string, unknown>): string | null {
  if (body.messaging_product !== 'whatsapp') return 'messaging_product must be whatsapp';
  if (typeof body.to !== 'string' || !body.to) return 'to is required';
  const type = String(body.type ?? 'text');
  const content = body[type] as Record<string, unknown> | undefined;
  if (!content) return `${type} object is required`;
  if (type === 'text' && (typeof content.body !== 'string' || Array.from(content.body).length > 4096)) return 'text.body must be 1-4096 characters';
  if (type === 'interactive') {
    const action = content.action as Record<string, unknown> | undefined;
    if (content.type === 'button' && (!Array.isArray(action?.buttons) || action.buttons.length > 3)) return 'interactive buttons: 1-3';
    if (content.type === 'list' && !Array.isArray(action?.sections)) return 'interactive list needs sections';
    if (Array.from(String((content.body as { text?: string })?.text ?? '')).length > 4096) return 'body text too long';
  }
  return null;
}
