import { useId, useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { inboxApi, type InboxMetrics } from '../api-client/inbox-api';
import { Alert } from '../ui/alert';
import { Loading } from '../ui/loading';
import { useResource } from '../ui/use-resource';

const PERIODS = [7, 30, 90] as const;

/** Handoffs per day, first response p50/p90, and who resolved (bot vs humans), over a chosen period. */
export function InboxDashboard() {
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const [metrics] = useResource(() => inboxApi.metrics(new Date(Date.now() - days * 86400_000).toISOString()), [days]);
  const periodId = useId();
  return (
    <section className="inbox-dashboard" aria-label="Inbox dashboard">
      <div className="page-header">
        <h1>Inbox dashboard</h1>
        <div className="field">
          <label htmlFor={periodId}>Period</label>
          <select id={periodId} value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof PERIODS)[number])}>
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </select>
        </div>
      </div>
      {metrics.status === 'loading' && <Loading />}
      {metrics.status === 'error' && <Alert>{errorMessage(metrics.error)}</Alert>}
      {metrics.status === 'ready' && <Figures metrics={metrics.data} />}
    </section>
  );
}

function Figures({ metrics }: { metrics: InboxMetrics }) {
  const humans = metrics.closedByAgent;
  const resolved = metrics.returnedToBot + humans + metrics.noAgent;
  return (
    <div className="inbox-metrics">
      <div className="inbox-stat-row">
        <Stat label="Handoffs" value={String(metrics.handoffs)} />
        <Stat label="First response, median" value={duration(metrics.firstResponseP50Seconds)} />
        <Stat label="First response, p90" value={duration(metrics.firstResponseP90Seconds)} />
        <Stat label="Resolution, median" value={duration(metrics.resolutionP50Seconds)} />
      </div>
      <div className="card">
        <h2>Handoffs per day</h2>
        <PerDayChart perDay={metrics.perDay} />
      </div>
      <div className="card">
        <h2>Resolution</h2>
        {resolved === 0 ? (
          <p className="muted">Nothing resolved in this period.</p>
        ) : (
          <ul className="inbox-hbars">
            <Bar label="Returned to the bot" value={metrics.returnedToBot} total={resolved} tone="bot" />
            <Bar label="Closed by agents" value={humans} total={resolved} tone="human" />
            <Bar label="No agent in time" value={metrics.noAgent} total={resolved} tone="none" />
          </ul>
        )}
      </div>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="card inbox-stat">
      <span className="muted small">{label}</span>
      <span className="inbox-stat-value">{value}</span>
    </div>
  );
}

function Bar({ label, value, total, tone }: { label: string; value: number; total: number; tone: string }) {
  const percent = Math.round((value / total) * 100);
  return (
    <li>
      <span className="inbox-hbar-label">
        {label}: {value} ({percent}%)
      </span>
      <span className="inbox-hbar-track" aria-hidden="true">
        <span className={`inbox-hbar-fill inbox-hbar-${tone}`} style={{ width: `${percent}%` }} />
      </span>
    </li>
  );
}

function PerDayChart({ perDay }: { perDay: InboxMetrics['perDay'] }) {
  if (perDay.length === 0) return <p className="muted">No handoffs in this period.</p>;
  const max = Math.max(...perDay.map((d) => d.handoffs), 1);
  const width = Math.max(perDay.length * 28, 200);
  const height = 140;
  return (
    <figure className="inbox-chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={`Handoffs per day, highest ${max}`} preserveAspectRatio="xMinYMin meet">
        {perDay.map((d, i) => {
          const h = Math.max(2, (d.handoffs / max) * height);
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.handoffs}`}</title>
              <rect x={i * 28 + 4} y={height - h} width={20} height={h} rx={3} className="inbox-chart-bar" />
              <text x={i * 28 + 14} y={height + 14} textAnchor="middle" className="inbox-chart-label">
                {d.day.slice(8, 10)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="visually-hidden">
        {perDay.map((d) => `${d.day}: ${d.handoffs}`).join(', ')}
      </figcaption>
    </figure>
  );
}

function duration(seconds: number | null): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(Number(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  return `${(s / 3600).toFixed(1)}h`;
}
