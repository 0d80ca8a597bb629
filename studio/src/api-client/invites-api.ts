import { http } from './http';
import type { InvitePreview, LoginResult } from './types';

export interface AcceptInviteInput {
  name?: string;
  email?: string;
  password?: string;
}

/** The public side of invites: look one up by its token, and accept it. */
export const invitesApi = {
  preview: (token: string) => http<InvitePreview>('GET', `/invites/${encodeURIComponent(token)}`),
  accept: (token: string, input: AcceptInviteInput) =>
    http<LoginResult>('POST', `/invites/${encodeURIComponent(token)}/accept`, input),
};
