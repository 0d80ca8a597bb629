import { lazy, Suspense } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { AcceptInvitePage } from '../auth/accept-invite-page';
import { LoginPage } from '../auth/login-page';
import { BroadcastsPage } from '../broadcasts/broadcasts-page';
import { ChannelsPage } from '../channels/channels-page';
import { ContactsPage } from '../contacts/contacts-page';
import { FlowsListPage } from '../flows-list/flows-list-page';
import { InboxPage } from '../inbox/inbox-page';
import { MembersPage } from '../members/members-page';
import { AppLayout } from './app-layout';
import { HomeRedirect } from './home-redirect';
import { NotFoundPage } from './not-found-page';
import { Loading } from '../ui/loading';
import { RequireAuth } from './require-auth';
import { RouteError } from './route-error';

// The editor (React Flow, node schemas) loads only when a flow is opened.
const FlowEditorPage = lazy(() => import('../editor/flow-editor-page').then((module) => ({ default: module.FlowEditorPage })));

// Built once at module scope: the route table never changes while the app runs.
const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/invite/:token', element: <AcceptInvitePage />, errorElement: <RouteError /> },
  {
    path: '/',
    errorElement: <RouteError />,
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'flows', element: <FlowsListPage /> },
      {
        path: 'flows/:flowId',
        element: (
          <Suspense fallback={<Loading label="Opening the editor…" />}>
            <FlowEditorPage />
          </Suspense>
        ),
      },
      { path: 'members', element: <MembersPage /> },
      { path: 'channels', element: <ChannelsPage /> },
      { path: 'contacts', element: <ContactsPage /> },
      { path: 'broadcasts', element: <BroadcastsPage /> },
      // One route for both, so opening a conversation keeps the inbox's view and filters.
      { path: 'inbox/:conversationId?', element: <InboxPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
