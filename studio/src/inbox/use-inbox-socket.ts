import { useEffect, useRef, useState } from 'react';
import type { TimelineEvent } from '../api-client/inbox-api';

export type SocketState = 'connecting' | 'live' | 'offline';

const MAX_BACKOFF_MS = 15_000;

/**
 * The live inbox feed: `/api/inbox/ws` on the same origin (the session cookie authenticates). Every reconnect
 * passes `?after=<last event id seen>` so the server replays what was missed; reconnects back off exponentially.
 */
export function useInboxSocket(onEvent: (event: TimelineEvent) => void): SocketState {
  const [state, setState] = useState<SocketState>('connecting');
  // The latest handler, so a re-render never tears the socket down.
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let lastId: string | null = null;
    let stopped = false;

    const connect = () => {
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      const query = lastId ? `?after=${encodeURIComponent(lastId)}` : '';
      socket = new WebSocket(`${scheme}://${window.location.host}/api/inbox/ws${query}`);
      setState('connecting');
      socket.onmessage = (message) => {
        const data = parse(message.data);
        if (data?.type === 'ready') {
          attempt = 0;
          lastId = maxId(lastId, data.latestEventId);
          setState('live');
        } else if (data?.type === 'event' && data.event) {
          lastId = maxId(lastId, data.event.id);
          handler.current(data.event);
        }
      };
      socket.onclose = () => {
        if (stopped) return;
        setState('offline');
        const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt) * (0.75 + Math.random() / 2);
        attempt += 1;
        timer = setTimeout(connect, delay);
      };
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, []);

  return state;
}

type ServerMessage = { type: 'ready'; latestEventId?: string } | { type: 'event'; event?: TimelineEvent } | { type: 'pong' };

function parse(raw: unknown): ServerMessage | null {
  if (typeof raw !== 'string') return null;
  try {
    return JSON.parse(raw) as ServerMessage;
  } catch {
    return null;
  }
}

/** Event ids are bigint sequence values as strings: compare numerically. */
function maxId(current: string | null, next: string | undefined): string | null {
  if (!next || !/^\d+$/.test(next)) return current;
  if (!current) return next;
  return BigInt(next) > BigInt(current) ? next : current;
}
