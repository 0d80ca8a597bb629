import { Navigate } from 'react-router-dom';
import { useSession } from './auth-context';

/** The landing screen: agents work in the inbox; everyone else starts at the flows. */
export function HomeRedirect() {
  const { role } = useSession().currentWorkspace;
  return <Navigate to={role === 'agent' ? '/inbox' : '/flows'} replace />;
}
