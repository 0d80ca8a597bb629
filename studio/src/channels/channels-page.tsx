import { useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { channelsApi, type ChannelConnection, type PlatformInfo } from '../api-client/channels-api';
import { useSession } from '../app/auth-context';
import { canManageChannels } from '../app/permissions';
import { Alert } from '../ui/alert';
import { Loading } from '../ui/loading';
import { useResource } from '../ui/use-resource';
import { ConnectionDetails } from './connection-details';
import { ConnectionForm } from './connection-form';
import { ConnectionsTable } from './connections-table';
import { PlatformPicker } from './platform-picker';
import './channels.css';

type Mode = { kind: 'list' } | { kind: 'pick' } | { kind: 'create'; platform: PlatformInfo } | { kind: 'open'; connectionId: string };

/** /channels — the workspace's connected accounts; owners and admins connect, edit and remove them. */
export function ChannelsPage() {
  const session = useSession();
  const canManage = canManageChannels(session.currentWorkspace.role);
  const [platforms] = useResource(() => channelsApi.platforms(), []);
  const [connections, reload] = useResource(() => channelsApi.list(), []);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [error, setError] = useState<string | null>(null);

  const enableWebchat = async () => {
    setError(null);
    try {
      const { connectionId } = await channelsApi.enableWebchat();
      reload();
      setMode({ kind: 'open', connectionId });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const opened = mode.kind === 'open' && connections.status === 'ready' ? connections.data.find((c) => c.id === mode.connectionId) : undefined;
  const infoOf = (connection: ChannelConnection) =>
    platforms.status === 'ready' ? platforms.data.find((p) => p.platform === connection.platform) : undefined;

  return (
    <section className="page">
      <div className="page-header">
        <div>
          <h1>Channels</h1>
          <p className="muted">The accounts {session.currentWorkspace.name} answers on, and the webhook each platform delivers to.</p>
        </div>
        {canManage && mode.kind === 'list' && (
          <button type="button" className="button" onClick={() => setMode({ kind: 'pick' })}>
            Connect a channel
          </button>
        )}
      </div>
      {error && <Alert>{error}</Alert>}
      {platforms.status === 'error' && <Alert>Could not load the platforms: {errorMessage(platforms.error)}</Alert>}
      {mode.kind === 'pick' && platforms.status === 'ready' && (
        <PlatformPicker
          platforms={platforms.data}
          onPick={(platform) => setMode({ kind: 'create', platform })}
          onPickWebchat={enableWebchat}
          onCancel={() => setMode({ kind: 'list' })}
        />
      )}
      {mode.kind === 'create' && (
        <ConnectionForm
          platform={mode.platform}
          onCancel={() => setMode({ kind: 'pick' })}
          onCreated={(created) => {
            reload();
            setMode({ kind: 'open', connectionId: created.id });
          }}
        />
      )}
      {opened && (
        <ConnectionDetails
          key={opened.id}
          connection={opened}
          platform={infoOf(opened)}
          canManage={canManage}
          onChanged={reload}
          onClose={() => setMode({ kind: 'list' })}
        />
      )}
      <h2 className="section-title">Connections</h2>
      {connections.status === 'loading' && <Loading label="Loading channels…" />}
      {connections.status === 'error' && <Alert>Could not load channels: {errorMessage(connections.error)}</Alert>}
      {connections.status === 'ready' && (
        <ConnectionsTable
          connections={connections.data}
          labelOf={(connection) => infoOf(connection)?.label ?? platformLabel(connection.platform)}
          openId={mode.kind === 'open' ? mode.connectionId : null}
          onOpen={(connectionId) => setMode({ kind: 'open', connectionId })}
        />
      )}
    </section>
  );
}

function platformLabel(platform: string): string {
  return platform === 'webchat' ? 'Web chat' : platform;
}
