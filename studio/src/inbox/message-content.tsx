import { useState } from 'react';
import { inboxApi, type Attachment, type MessageContent } from '../api-client/inbox-api';
import { safeHttpsUrl } from './safe-url';

/** Where a contact's message lives, so its attachments can be fetched through the server. */
export interface AttachmentSource {
  conversationId: string;
  messageId: string;
}

/**
 * A message's content, always as text. A contact's attachments are never loaded from the URL the platform gave:
 * they come through the same-origin download route (the server fetches them through the egress client and serves
 * them with a safe type). Our own media appear only from https URLs, images without a referrer, links with
 * `rel="noopener noreferrer"`; anything else is named, not loaded.
 */
export function MessageContentView({ content, source }: { content: MessageContent | null; source?: AttachmentSource }) {
  if (!content) return <span className="muted">(empty)</span>;
  const text = content.text ?? content.title ?? (content.type === 'postback-received' ? content.payload : undefined);
  const inbound = content.attachments ?? [];
  const outbound: Attachment[] = content.media ? [content.media] : [];
  const choices = [...(content.quickReplies ?? []), ...(content.buttons ?? [])].map((c) => c.title);
  return (
    <>
      {text && <p className="inbox-text">{text}</p>}
      {content.cards?.map((card, i) => (
        <p key={i} className="inbox-text">
          <strong>{card.title}</strong>
          {card.subtitle ? ` — ${card.subtitle}` : ''}
        </p>
      ))}
      {inbound.map((attachment, i) =>
        source ? (
          <InboundAttachmentView key={i} attachment={attachment} href={inboxApi.attachmentUrl(source.conversationId, source.messageId, i)} />
        ) : (
          <AttachmentName key={i} attachment={attachment} />
        ),
      )}
      {outbound.map((attachment, i) => (
        <OutboundAttachmentView key={`out-${i}`} attachment={attachment} />
      ))}
      {choices.length > 0 && (
        <ul className="inbox-choices" aria-label="Choices offered">
          {choices.map((title, i) => (
            <li key={i}>{title}</li>
          ))}
        </ul>
      )}
      {!text && inbound.length + outbound.length === 0 && !content.cards?.length && <span className="muted">({content.type ?? 'message'})</span>}
    </>
  );
}

// Kinds the download route can serve; a location or a shared post has no file to fetch.
const DOWNLOADABLE = new Set(['image', 'sticker', 'video', 'audio', 'file', 'story']);

/** A contact's attachment: images inline, other files as a download, both from the same-origin route. */
function InboundAttachmentView({ attachment, href }: { attachment: Attachment; href: string }) {
  const [failed, setFailed] = useState(false);
  if (!DOWNLOADABLE.has(attachment.kind) || (!attachment.url && !attachment.mediaId)) return <AttachmentName attachment={attachment} />;
  if ((attachment.kind === 'image' || attachment.kind === 'sticker') && !failed) {
    return (
      <a href={href} target="_blank" rel="noopener noreferrer" className="inbox-media">
        <img src={href} alt={`${attachment.kind} from the contact`} loading="lazy" onError={() => setFailed(true)} />
      </a>
    );
  }
  return (
    <p className="small inbox-attachment">
      {/* `download` without a value: the server's Content-Disposition supplies the (sanitised) file name. */}
      <a href={href} download>
        Download {attachment.fileName || attachment.kind}
      </a>
      {failed && <span className="muted"> (the preview could not be loaded)</span>}
    </p>
  );
}

/** A bot's or agent's media: the URL a flow or an agent chose, shown only when it is https. */
function OutboundAttachmentView({ attachment }: { attachment: Attachment }) {
  const url = safeHttpsUrl(attachment.url);
  if (!url) return <p className="muted small">[{attachment.kind} attachment{attachment.url ? ', link not shown (not https)' : ''}]</p>;
  if (attachment.kind === 'image' || attachment.kind === 'sticker') {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer" className="inbox-media">
        <img src={url} alt={`${attachment.kind} from the conversation`} referrerPolicy="no-referrer" loading="lazy" />
      </a>
    );
  }
  return (
    <p className="small">
      <a href={url} target="_blank" rel="noopener noreferrer">
        Open {attachment.kind}
      </a>
    </p>
  );
}

function AttachmentName({ attachment }: { attachment: Attachment }) {
  return <p className="muted small">[{attachment.fileName ? `${attachment.kind}: ${attachment.fileName}` : `${attachment.kind} attachment`}]</p>;
}
