import type { WaitingThresholds } from '../api-client/inbox-api';
import { formatWaiting, waitingLevel } from './waiting-level';

const LEVEL_LABEL = { ok: '', amber: ', over the amber threshold', red: ', over the red threshold' } as const;

/** How long the contact has waited; amber and red at the workspace thresholds. */
export function WaitingBadge({ seconds, thresholds }: { seconds: number; thresholds: WaitingThresholds }) {
  const level = waitingLevel(seconds, thresholds);
  return (
    <span className={`badge waiting-badge waiting-${level}`} data-level={level} title={`Waiting ${formatWaiting(seconds)}${LEVEL_LABEL[level]}`}>
      <span className="visually-hidden">Waiting </span>
      {formatWaiting(seconds)}
    </span>
  );
}
