import type { PlatformInfo } from '../api-client/channels-api';

interface PlatformPickerProps {
  platforms: PlatformInfo[];
  onPick: (platform: PlatformInfo) => void;
  onPickWebchat: () => void;
  onCancel: () => void;
}

/** Every platform Parley knows, LinkedIn included but disabled: people look for it, so say why it is not there. */
export function PlatformPicker({ platforms, onPick, onPickWebchat, onCancel }: PlatformPickerProps) {
  const available = platforms.filter((p) => p.available);
  const unavailable = platforms.filter((p) => !p.available);
  return (
    <div className="card stack" role="group" aria-labelledby="platform-picker-title">
      <h2 id="platform-picker-title">Choose a platform</h2>
      <ul className="platform-picker">
        {available.map((platform) => (
          <PlatformChoice key={platform.platform} platform={platform} onPick={onPick} />
        ))}
        <li>
          <button type="button" className="platform-choice" aria-describedby="platform-note-webchat" onClick={onPickWebchat}>
            <span className="strong">Web chat</span>
          </button>
          <p className="small platform-note" id="platform-note-webchat">
            Built in: no credentials. One per workspace, for the chat widget on your site.
          </p>
        </li>
        {unavailable.map((platform) => (
          <PlatformChoice key={platform.platform} platform={platform} onPick={onPick} />
        ))}
      </ul>
      <div>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function PlatformChoice({ platform, onPick }: { platform: PlatformInfo; onPick: (platform: PlatformInfo) => void }) {
  const noteId = `platform-note-${platform.platform}`;
  return (
    <li className={platform.available ? undefined : 'platform-unavailable'}>
      <button
        type="button"
        className="platform-choice"
        disabled={!platform.available}
        aria-describedby={platform.note ? noteId : undefined}
        onClick={() => onPick(platform)}
      >
        <span className="strong">{platform.label}</span>
        {!platform.available && <span className="badge badge-neutral">Not available</span>}
      </button>
      {platform.note && (
        <p className="small platform-note" id={noteId}>
          {platform.note}
        </p>
      )}
    </li>
  );
}
