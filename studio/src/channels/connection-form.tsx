import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api-client/api-error';
import { channelsApi, type ChannelConnection, type ChannelPlatform, type PlatformInfo } from '../api-client/channels-api';
import { Alert } from '../ui/alert';
import { TextField } from '../ui/text-field';
import { ConfigFields } from './config-fields';
import { SetupSteps } from './setup-steps';

interface ConnectionFormProps {
  platform: PlatformInfo;
  onCreated: (connection: ChannelConnection) => void;
  onCancel: () => void;
}

/** The credentials form of one platform, generated from the platform catalog the API serves. */
export function ConnectionForm({ platform, onCreated, onCancel }: ConnectionFormProps) {
  const [name, setName] = useState('');
  const [externalAccountId, setExternalAccountId] = useState('');
  const [config, setConfig] = useState<Record<string, string>>({});
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Telegram derives the account from the bot token; everywhere else the id is needed to route deliveries.
  const accountIdOptional = platform.platform === 'telegram';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await channelsApi.create({
        platform: platform.platform as ChannelPlatform,
        name: name.trim(),
        externalAccountId: externalAccountId.trim() || undefined,
        config: nonEmpty(config),
        secrets: nonEmpty(secrets),
      });
      onCreated(created);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card stack" onSubmit={onSubmit} aria-labelledby="connection-form-title">
      <h2 id="connection-form-title">Connect {platform.label}</h2>
      <TextField label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder="Acme support" />
      {platform.externalAccountId && (
        <TextField
          label={platform.externalAccountId}
          required={!accountIdOptional}
          hint={accountIdOptional ? 'Leave empty to take it from the bot token.' : undefined}
          value={externalAccountId}
          onChange={(e) => setExternalAccountId(e.target.value)}
        />
      )}
      <ConfigFields fields={platform.config} values={config} onChange={setConfig} />
      <fieldset className="channel-secrets">
        <legend>Credentials</legend>
        <p className="small muted">Stored encrypted and never shown again, not even to admins.</p>
        {platform.secrets.map((secret) => (
          <TextField
            key={secret.key}
            label={secret.label}
            type="password"
            autoComplete="off"
            required={!secret.optional}
            value={secrets[secret.key] ?? ''}
            onChange={(e) => setSecrets({ ...secrets, [secret.key]: e.target.value })}
          />
        ))}
      </fieldset>
      <SetupSteps steps={platform.setup} />
      {error && <Alert>{error}</Alert>}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Back
        </button>
      </div>
    </form>
  );
}

function nonEmpty(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ''));
}
