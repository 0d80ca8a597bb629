import { z } from 'zod';
import type { JsonValue } from '../../engine/engine-types';
import { resolvePath } from '../../templating/render-template';
import { defineNode } from '../define-node';
import { templateText, variableName } from '../shared/config-fields';

export const httpRequestConfigSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET').meta({ label: 'Method' }),
  url: templateText('URL', 'https://… ; {{vars.x}} values are URL-encoded', 2000)
    .min(1)
    .refine((u) => /^https?:\/\//i.test(u.trim()), 'The URL must start with http:// or https://'),
  headers: z
    .array(z.object({ name: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'Letters, digits and - only'), value: templateText('Value', undefined, 2000) }))
    .max(20)
    .default([])
    .meta({ label: 'Headers' }),
  body: templateText('JSON body', 'Placeholders are JSON-escaped', 20_000).optional(),
  timeoutMs: z.number().int().min(500).max(30_000).default(10_000).meta({ label: 'Timeout (ms)' }),
  responseMapping: z
    .array(z.object({ path: z.string().min(1).max(200).meta({ label: 'Response path', help: 'e.g. data.order.status or items[0].id' }), variable: variableName('Variable') }))
    .max(30)
    .default([])
    .meta({ label: 'Save from the response' }),
  saveStatusTo: variableName('Save status code to').optional(),
});

export type HttpRequestConfig = z.output<typeof httpRequestConfigSchema>;

/** Asks the host to make an HTTP call (through its egress guard) and resumes on the response. */
export const httpRequestNode = defineNode({
  type: 'http-request',
  label: 'HTTP request',
  description: 'Call an API and save fields of its JSON response into variables.',
  configSchema: httpRequestConfigSchema,
  defaultConfig: () => ({ method: 'GET' as const, url: 'https://example.com/api', headers: [], timeoutMs: 10_000, responseMapping: [] }),
  outputs: () => ['success', 'error'],
  execute(rt) {
    const { config } = rt;
    const requestId = rt.context.newId();
    const headers: Record<string, string> = {};
    for (const h of config.headers) headers[h.name] = rt.render(h.value, { maxLength: 2000 }).replace(/[\r\n]/g, '');
    const body = config.body ? rt.render(config.body, { escape: 'json', maxLength: 20_000 }) : undefined;
    return {
      effects: [{
        type: 'call-http', nodeId: rt.node.id, requestId, method: config.method,
        url: rt.render(config.url.trim(), { escape: 'url', maxLength: 2000 }), headers, ...(body !== undefined ? { body } : {}), timeoutMs: config.timeoutMs,
      }],
      wait: { kind: 'http', nodeId: rt.node.id, requestId },
    };
  },
  resume(rt, event) {
    const wait = rt.state.wait;
    if (event.type !== 'http-response' || wait?.kind !== 'http' || wait.requestId !== event.requestId) return null;
    const variables: Record<string, JsonValue> = {};
    if (rt.config.saveStatusTo) variables[rt.config.saveStatusTo] = event.status ?? null;
    const ok = !event.error && event.status !== undefined && event.status >= 200 && event.status < 300;
    if (!ok) return { variables, output: 'error' };
    for (const m of rt.config.responseMapping) variables[m.variable] = toJson(resolvePath(event.body, m.path));
    return { variables, output: 'success' };
  },
});

function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return null;
  }
}
