/** How a send-message step looks to the contact: the text, then its quick replies and buttons. */
export function MessagePreview({ config }: { config: Record<string, unknown> }) {
  const text = typeof config.text === 'string' ? config.text : '';
  const quickReplies = titles(config.quickReplies);
  const buttons = titles(config.buttons);
  if (!text && quickReplies.length === 0 && buttons.length === 0) return null;
  return (
    <div className="message-preview" aria-label="How the message looks">
      <div className="chat-bubble chat-bot">
        {text && <span className="chat-text">{text}</span>}
        {buttons.length > 0 && (
          <span className="message-preview-buttons">
            {buttons.map((title, index) => (
              <span key={index} className="message-preview-button">
                {title || '…'}
              </span>
            ))}
          </span>
        )}
      </div>
      {quickReplies.length > 0 && (
        <div className="chat-choices">
          {quickReplies.map((title, index) => (
            <span key={index} className="chat-choice">
              {title || '…'}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

function titles(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => (item && typeof item === 'object' && typeof item.title === 'string' ? item.title : '')) : [];
}
