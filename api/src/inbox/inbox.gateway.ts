import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { WebSocket, WebSocketServer } from 'ws';
import { PrincipalResolver } from '../auth/principal-resolver';
import type { Principal } from '../common/policy.decorators';
import { ConversationTimeline, INBOX_CHANNEL, type TimelineEvent } from './conversation-timeline.service';

export const INBOX_WS_PATH = '/api/inbox/ws';

/**
 * One connected agent. NOTIFY is delivered asynchronously, so a live event may arrive after the catch-up query
 * already sent it, or after the client said (`?after=`) it had seen it: `floor` and `sent` drop those. Ids are not
 * a cursor for live events: two transactions commit in either order, so a smaller id may be notified second.
 * While the catch-up query runs, live events wait in `held`.
 */
interface AgentSocket {
  floor: bigint;
  sent: Set<string>;
  held: TimelineEvent[] | null;
}

/** How many sent ids a socket remembers; only events racing a catch-up or a notify can repeat. */
const SENT_IDS_REMEMBERED = 1000;

/**
 * The live inbox: a WebSocket at /api/inbox/ws, authenticated on connect (session cookie, bearer header or
 * `?token=`), one room per workspace. Timeline events arrive through PostgreSQL LISTEN/NOTIFY, so an event written
 * by any process reaches every connected agent. A client that reconnects with `?after=<last event id>` first gets
 * everything it missed, so nothing is lost across a reconnect.
 */
@Injectable()
export class InboxGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InboxGateway.name);
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly rooms = new Map<string, Map<WebSocket, AgentSocket>>();
  private listener?: Client;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly principals: PrincipalResolver,
    private readonly timeline: ConversationTimeline,
    private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer();
    server?.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== INBOX_WS_PATH) return; // another endpoint's upgrade
      void this.upgrade(req, socket, head);
    });
    await this.listen();
  }

  // Before the HTTP server closes: an upgraded socket still counts as one of its connections, so an open
  // WebSocket would keep `server.close()` (and the app's shutdown) waiting forever.
  async beforeApplicationShutdown(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    await this.listener?.end().catch(() => undefined);
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const token = url.searchParams.get('token');
    const headers: Record<string, string | undefined> = { authorization: token ? `Bearer ${token}` : req.headers.authorization };
    let principal: Principal | null = null;
    try {
      principal = await this.principals.fromRequest({ headers, cookies: parseCookies(req.headers.cookie) });
    } catch (error) {
      this.logger.error(error);
    }
    if (!principal?.workspaceId || !principal.role) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const workspaceId = principal.workspaceId;
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.join(ws, workspaceId, url.searchParams.get('after')));
  }

  private async join(ws: WebSocket, workspaceId: string, after: string | null): Promise<void> {
    const room = this.rooms.get(workspaceId) ?? new Map<WebSocket, AgentSocket>();
    this.rooms.set(workspaceId, room);
    const catchUp = after !== null && /^\d{1,18}$/.test(after);
    const agent: AgentSocket = { floor: catchUp ? BigInt(after) : 0n, sent: new Set(), held: [] };
    room.set(ws, agent);
    ws.on('close', () => {
      room.delete(ws);
      if (!room.size && this.rooms.get(workspaceId) === room) this.rooms.delete(workspaceId);
    });
    ws.on('message', (data) => {
      if (data.toString() === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
    });
    try {
      if (catchUp) for (const event of await this.timeline.since(workspaceId, after)) this.send(ws, agent, event);
      const latestEventId = await this.timeline.latestId(workspaceId);
      const held = agent.held ?? [];
      agent.held = null;
      for (const event of held.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))) this.send(ws, agent, event);
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'ready', latestEventId }));
    } catch (error) {
      this.logger.error(error);
      ws.close(1011, 'catch-up failed');
    }
  }

  /** Sends an event the socket has not had yet. */
  private send(ws: WebSocket, agent: AgentSocket, event: TimelineEvent): void {
    if (BigInt(event.id) <= agent.floor || agent.sent.has(event.id) || ws.readyState !== WebSocket.OPEN) return;
    agent.sent.add(event.id);
    if (agent.sent.size > SENT_IDS_REMEMBERED) agent.sent.delete(agent.sent.values().next().value!);
    ws.send(JSON.stringify({ type: 'event', event }));
  }

  private async listen(): Promise<void> {
    const options = this.db.options as { url?: string };
    this.listener = new Client({ connectionString: options.url });
    this.listener.on('error', (error) => this.logger.warn(`inbox listener: ${error.message}`));
    this.listener.on('notification', (message) => void this.broadcast(message.payload));
    await this.listener.connect();
    await this.listener.query(`LISTEN ${INBOX_CHANNEL}`);
  }

  private async broadcast(payload: string | undefined): Promise<void> {
    const { workspaceId, id } = JSON.parse(payload ?? '{}') as { workspaceId?: string; id?: string };
    const room = workspaceId ? this.rooms.get(workspaceId) : undefined;
    if (!room?.size || !id) return;
    const [event] = await this.timeline.since(workspaceId!, String(BigInt(id) - 1n), 1);
    if (!event) return;
    for (const [ws, agent] of room) {
      if (agent.held) agent.held.push(event);
      else this.send(ws, agent, event);
    }
  }
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return cookies;
}
