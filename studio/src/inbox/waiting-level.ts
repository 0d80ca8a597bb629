import type { WaitingThresholds } from '../api-client/inbox-api';

export type WaitingLevel = 'ok' | 'amber' | 'red';

/** Amber from `amberMinutes`, red from `redMinutes` (the workspace thresholds). */
export function waitingLevel(seconds: number, thresholds: WaitingThresholds | undefined): WaitingLevel {
  if (!thresholds) return 'ok';
  if (seconds >= thresholds.redMinutes * 60) return 'red';
  if (seconds >= thresholds.amberMinutes * 60) return 'amber';
  return 'ok';
}

/** "45s", "12m", "3h 5m", "2d 4h". */
export function formatWaiting(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
