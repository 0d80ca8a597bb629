import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../api-client/api-error';
import { flowsApi } from '../api-client/flows-api';
import { useSession } from '../app/auth-context';
import { canEditFlows } from '../app/permissions';
import { Alert } from '../ui/alert';
import { Loading } from '../ui/loading';
import { useResource } from '../ui/use-resource';
import { FlowEditor } from './flow-editor';

/** /flows/:flowId — loads the draft and opens the editor on it. */
export function FlowEditorPage() {
  const { flowId = '' } = useParams();
  const session = useSession();
  // Bumped to load the server's draft again (after a conflict). The editor is keyed by the loaded
  // revision, so it remounts with a fresh store only once the newer draft has arrived.
  const [loadCount, setLoadCount] = useState(0);
  const [flow] = useResource(() => flowsApi.get(flowId), [flowId, loadCount]);

  if (flow.status === 'loading') {
    return (
      <section className="page">
        <Loading label="Opening flow…" />
      </section>
    );
  }
  if (flow.status === 'error') {
    return (
      <section className="page">
        <Alert>Could not open this flow: {errorMessage(flow.error)}</Alert>
        <p>
          <Link to="/flows">Back to flows</Link>
        </p>
      </section>
    );
  }
  return (
    <FlowEditor
      key={`${flow.data.id}:${flow.data.draft.revision}`}
      flow={flow.data}
      canEdit={canEditFlows(session.currentWorkspace.role)}
      onReload={() => setLoadCount((n) => n + 1)}
    />
  );
}
