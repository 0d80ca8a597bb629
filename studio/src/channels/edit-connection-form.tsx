import { useState, type FormEvent } from 'react';
import type { ChannelConnection, ConnectionChanges, PlatformInfo } from '../api-client/channels-api';
import { TextField } from '../ui/text-field';
import { ConfigFields } from './config-fields';

interface EditConnectionFormProps {
  connection: ChannelConnection;
  platform: PlatformInfo | undefined;
  busy: boolean;
  onSave: (changes: ConnectionChanges) => Promise<void>;
}

/** Rename and change the non-secret settings; only what changed is sent. */
export function EditConnectionForm({ connection, platform, busy, onSave }: EditConnectionFormProps) {
  const [name, setName] = useState(connection.name);
  const [config, setConfig] = useState<Record<string, string>>(connection.config ?? {});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const changedConfig = Object.fromEntries(
      Object.entries(config).filter(([key, value]) => value !== (connection.config?.[key] ?? '') && !(value === '' && isChoice(platform, key))),
    );
    void onSave({ name: name.trim(), ...(Object.keys(changedConfig).length ? { config: changedConfig } : {}) });
  };

  return (
    <form className="stack" onSubmit={onSubmit} aria-label="Edit connection">
      <h3>Settings</h3>
      <TextField label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      {platform && <ConfigFields fields={platform.config} values={config} onChange={setConfig} />}
      <div>
        <button type="submit" className="button" disabled={busy}>
          Save changes
        </button>
      </div>
    </form>
  );
}

function isChoice(platform: PlatformInfo | undefined, key: string): boolean {
  return !!platform?.config.find((field) => field.key === key)?.values;
}
