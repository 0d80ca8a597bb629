import type { Role } from '../api-client/types';

// The server enforces every rule; these only decide which controls the studio shows.

export function canManageMembers(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

export function canEditFlows(role: Role): boolean {
  return role === 'owner' || role === 'admin' || role === 'editor';
}

export function canManageChannels(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}
