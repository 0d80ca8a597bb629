import { useId, useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { channelsApi, type ChannelConnection, type ConnectionChanges, type PlatformInfo } from '../api-client/channels-api';
import { Alert } from '../ui/alert';
import { CopyButton } from '../ui/copy-button';
import { ConnectionStatusBadge } from './connection-status-badge';
import { DeleteConnectionButton } from './delete-connection-button';
import { EditConnectionForm } from './edit-connection-form';
import { SetupSteps } from './setup-steps';
import { absoluteWebhookUrl, isReachableByPlatforms } from './webhook-url';

interface ConnectionDetailsProps {
  connection: ChannelConnection;
  platform: PlatformInfo | undefined;
  canManage: boolean;
  onChanged: () => void;
  onClose: () => void;
}

/** One connection: its webhook URL and setup steps, which secrets are set, and (for admins) edit, disable, delete. */
export function ConnectionDetails({ connection, platform, canManage, onChanged, onClose }: ConnectionDetailsProps) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(done);
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  const save = (changes: ConnectionChanges, done: string) => run(() => channelsApi.update(connection.id, changes), done);
  const disabled = connection.status === 'disabled';

  return (
    <article className="card stack connection-details" aria-labelledby="connection-title">
      <div className="connection-details-header">
        <div>
          <h2 id="connection-title">{connection.name}</h2>
          <p className="muted small">
            {platform?.label ?? 'Web chat'} · <span className="mono">{connection.externalAccountId}</span> · <ConnectionStatusBadge status={connection.status} />
          </p>
        </div>
        <button type="button" className="button button-ghost" onClick={onClose}>
          Close
        </button>
      </div>
      {connection.status === 'broken' && (
        <Alert>
          The platform refused this connection&apos;s credentials{connection.statusReason ? `: ${connection.statusReason}` : '.'} Replace them below to
          re-activate it.
        </Alert>
      )}
      {connection.platform !== 'webchat' && <WebhookSection connection={connection} canManage={canManage} run={run} busy={busy} />}
      <SetupSteps steps={connection.setup} />
      {platform && platform.secrets.length > 0 && (
        <SecretsSection platform={platform} connection={connection} canManage={canManage} busy={busy} onReplace={(secrets) => save({ secrets }, 'Secret replaced.')} />
      )}
      {notice && <Alert tone="success">{notice}</Alert>}
      {error && <Alert>{error}</Alert>}
      {canManage && (
        <>
          <EditConnectionForm connection={connection} platform={platform} busy={busy} onSave={(changes) => save(changes, 'Saved.')} />
          <div className="actions">
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => save({ status: disabled ? 'active' : 'disabled' }, disabled ? 'Enabled.' : 'Disabled: deliveries are refused and nothing is sent.')}
            >
              {disabled ? 'Enable' : 'Disable'}
            </button>
            <DeleteConnectionButton
              connection={connection}
              onDeleted={() => {
                onChanged();
                onClose();
              }}
            />
          </div>
        </>
      )}
    </article>
  );
}

interface WebhookSectionProps {
  connection: ChannelConnection;
  canManage: boolean;
  busy: boolean;
  run: (action: () => Promise<unknown>, done: string) => Promise<void>;
}

function WebhookSection({ connection, canManage, busy, run }: WebhookSectionProps) {
  const id = useId();
  const url = absoluteWebhookUrl(connection.webhookUrl, window.location.origin);
  return (
    <div className="stack">
      <label htmlFor={id} className="strong">
        Webhook URL
      </label>
      <div className="copy-row">
        <input id={id} readOnly value={url} onFocus={(event) => event.target.select()} />
        <CopyButton text={url} label="Copy URL" />
      </div>
      {!isReachableByPlatforms(url) && (
        <p className="small muted">Platforms deliver only to a public https address: set PUBLIC_URL on the server (or put Parley behind a tunnel).</p>
      )}
      {connection.platform === 'telegram' && canManage && (
        <div>
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => run(() => channelsApi.registerWebhook(connection.id), 'Telegram now delivers to this URL.')}>
            Register webhook with Telegram
          </button>
        </div>
      )}
    </div>
  );
}

interface SecretsSectionProps {
  platform: PlatformInfo;
  connection: ChannelConnection;
  canManage: boolean;
  busy: boolean;
  onReplace: (secrets: Record<string, string>) => Promise<void>;
}

/** Secrets are write-only: each shows whether it is set and can be replaced, never read. */
function SecretsSection({ platform, connection, canManage, busy, onReplace }: SecretsSectionProps) {
  const [replacing, setReplacing] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const inputId = useId();
  return (
    <div>
      <h3>Credentials</h3>
      <ul className="secret-list">
        {platform.secrets.map((secret) => (
          <li key={secret.key} data-secret={secret.key}>
            <span>{secret.label}</span>
            <span className={connection.secrets[secret.key] ? 'badge channel-status-active' : 'badge badge-neutral'}>{connection.secrets[secret.key] ? 'Set' : 'Not set'}</span>
            {canManage && replacing !== secret.key && (
              <button type="button" className="button button-secondary button-small" onClick={() => (setReplacing(secret.key), setValue(''))}>
                Replace<span className="visually-hidden"> {secret.label}</span>
              </button>
            )}
            {replacing === secret.key && (
              <form
                className="inline-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  void onReplace({ [secret.key]: value }).then(() => setReplacing(null));
                }}
              >
                <div className="field">
                  <label htmlFor={inputId}>New {secret.label.toLowerCase()}</label>
                  <input id={inputId} type="password" autoComplete="off" required value={value} onChange={(e) => setValue(e.target.value)} />
                </div>
                <button type="submit" className="button button-small" disabled={busy}>
                  Save
                </button>
                <button type="button" className="button button-ghost button-small" onClick={() => setReplacing(null)}>
                  Cancel
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
