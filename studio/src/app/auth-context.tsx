import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../api-client/api-error';
import { authApi } from '../api-client/auth-api';
import { UNAUTHENTICATED_EVENT } from '../api-client/http';
import type { Session, WorkspaceMembership } from '../api-client/types';
import { workspacesApi } from '../api-client/workspaces-api';

export type AuthState = { status: 'loading' } | { status: 'anonymous' } | { status: 'authenticated'; session: Session };

interface AuthContextValue {
  state: AuthState;
  login(email: string, password: string): Promise<Session>;
  logout(): Promise<void>;
  /** Adopt a session the server answered elsewhere (accepting an invite logs in too). */
  setSession(session: Session): void;
  switchWorkspace(workspaceId: string): Promise<void>;
  createWorkspace(name: string): Promise<WorkspaceMembership>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Holds who is logged in and in which workspace; every screen reads it through `useAuth`. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const setSession = useCallback((session: Session) => setState({ status: 'authenticated', session }), []);

  useEffect(() => {
    let current = true;
    authApi.me().then(
      (session) => current && setSession(session),
      () => current && setState({ status: 'anonymous' }),
    );
    const onUnauthenticated = () => setState({ status: 'anonymous' });
    window.addEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
    return () => {
      current = false;
      window.removeEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
    };
  }, [setSession]);

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      setSession,
      async login(email, password) {
        const { token: _token, ...session } = await authApi.login(email, password);
        setSession(session);
        return session;
      },
      async logout() {
        try {
          await authApi.logout();
        } catch (error) {
          // An expired session is already logged out; anything else is worth surfacing.
          if (!(error instanceof ApiError && error.status === 401)) throw error;
        }
        setState({ status: 'anonymous' });
      },
      async switchWorkspace(workspaceId) {
        setSession(await workspacesApi.switchTo(workspaceId));
      },
      async createWorkspace(name) {
        const created = await workspacesApi.create(name);
        setState((previous) =>
          previous.status === 'authenticated'
            ? { ...previous, session: { ...previous.session, workspaces: [...previous.session.workspaces, created] } }
            : previous,
        );
        return created;
      },
    }),
    [state, setSession],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The session of a screen that only renders when logged in (inside <RequireAuth>). */
export function useSession(): Session {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useSession must be used inside <RequireAuth>');
  return state.session;
}
