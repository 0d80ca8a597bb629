import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig, type AppConfig } from '../../config/app-config';
import type { EgressClient, EgressRequest, EgressResponse } from '../../egress';
import type { ChannelConnection, Platform } from '../channel-adapter';

/** The shared sample deliveries (copied from /work/shared/fixtures/channels). */
export function fixture(name: string): { raw: Buffer; body: unknown } {
  const raw = fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.json`));
  return { raw, body: JSON.parse(raw.toString('utf8')) };
}

export function connection(platform: Platform, externalAccountId: string, secrets: Record<string, string>, config: Record<string, unknown> = {}): ChannelConnection {
  return { id: '00000000-0000-4000-8000-000000000001', workspaceId: '00000000-0000-4000-8000-000000000002', platform, externalAccountId, config, secrets, status: 'active' };
}

export const testConfig: AppConfig = loadConfig({
  META_GRAPH_API_URL: 'https://graph.test',
  INSTAGRAM_API_URL: 'https://ig.test',
  X_API_URL: 'https://x.test',
  TELEGRAM_API_URL: 'https://tg.test',
});

/** An egress client that records requests and answers from a queue (last answer repeats). */
export function fakeEgress(...answers: Array<Partial<EgressResponse> & { json?: unknown }>) {
  const requests: EgressRequest[] = [];
  const client = {
    async request(req: EgressRequest): Promise<EgressResponse> {
      requests.push(req);
      const answer = answers.length > 1 ? answers.shift()! : answers[0] ?? { status: 200, json: {} };
      return { status: answer.status ?? 200, headers: answer.headers ?? {}, body: JSON.stringify(answer.json ?? {}), json: answer.json };
    },
  };
  return { egress: client as unknown as EgressClient, requests };
}
