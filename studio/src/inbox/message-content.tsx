import type { Attachment, MessageContent } from '../api-client/inbox-api';
import { safeHttpsUrl } from './safe-url';

/**
 * A message's content, always as text. Media appear only from https URLs, images without a referrer, links
 * with `rel="noopener noreferrer"`; anything else is named, not loaded.
 */
export function MessageContentView({ content }: { content: MessageContent | null }) {
  if (!content) return <span className="muted">(empty)</span>;
  const text = content.text ?? content.title ?? (content.type === 'postback-received' ? content.payload : undefined);
  const attachments: Attachment[] = [...(content.attachments ?? []), ...(content.media ? [content.media] : [])];
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
      {attachments.map((attachment, i) => (
        <AttachmentView key={i} attachment={attachment} />
      ))}
      {choices.length > 0 && (
        <ul className="inbox-choices" aria-label="Choices offered">
          {choices.map((title, i) => (
            <li key={i}>{title}</li>
          ))}
        </ul>
      )}
      {!text && attachments.length === 0 && !content.cards?.length && <span className="muted">({content.type ?? 'message'})</span>}
    </>
  );
}

function AttachmentView({ attachment }: { attachment: Attachment }) {
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
