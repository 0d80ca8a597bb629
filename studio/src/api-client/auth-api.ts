import { http } from './http';
import type { LoginResult, Session } from './types';

export const authApi = {
  login: (email: string, password: string) => http<LoginResult>('POST', '/auth/login', { email, password }),
  logout: () => http<void>('POST', '/auth/logout'),
  me: () => http<Session>('GET', '/auth/me'),
};
