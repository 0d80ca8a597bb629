import { ofType, probeFlow, send, startFlow, testContext, texts } from '../../testing/engine-test-kit';
import { httpRequestNode } from './http-request.node';

const config = {
  method: 'POST',
  url: 'https://api.example.com/orders/{{vars.order}}?name={{contact.first_name}}',
  headers: [{ name: 'X-Name', value: '{{contact.first_name}}\r\nInjected: 1' }],
  body: '{"name":"{{contact.first_name}}"}',
  timeoutMs: 5000,
  responseMapping: [{ path: 'data.items[0].status', variable: 'status' }, { path: 'data.__proto__', variable: 'proto' }],
  saveStatusTo: 'http_status',
};

describe('http-request node', () => {
  const ctx = testContext({ contact: { first_name: 'Ana "A&B"', tags: [] } });
  const flow = probeFlow('http-request', config);
  const started = startFlow(flow, ctx, null);

  it('emits call-http with URL-encoded url values, JSON-escaped body values and no CRLF in headers', () => {
    const [call] = ofType(started.effects, 'call-http');
    expect(call).toMatchObject({ method: 'POST', timeoutMs: 5000, url: 'https://api.example.com/orders/?name=Ana%20%22A%26B%22' });
    expect(JSON.parse(call.body!)).toEqual({ name: 'Ana "A&B"' });
    expect(call.headers['X-Name']).toBe('Ana "A&B"Injected: 1');
    expect(started.conversation.wait).toEqual({ kind: 'http', nodeId: 'n', requestId: call.requestId });
  });

  it('maps response fields into variables and follows success', () => {
    const requestId = ofType(started.effects, 'call-http')[0].requestId;
    const done = send(flow, started, { type: 'http-response', requestId, status: 200, body: { data: { items: [{ status: 'shipped' }] } } }, ctx);
    expect(done.conversation.variables).toMatchObject({ status: 'shipped', http_status: 200, proto: null });
    expect(texts(done.effects)).toEqual(['→ success']);
  });

  it('follows error on a non-2xx status or a transport error, and ignores other request ids', () => {
    const requestId = ofType(started.effects, 'call-http')[0].requestId;
    expect(texts(send(flow, started, { type: 'http-response', requestId, status: 500 }, ctx).effects)).toEqual(['→ error']);
    expect(texts(send(flow, started, { type: 'http-response', requestId, error: 'timeout' }, ctx).effects)).toEqual(['→ error']);
    expect(send(flow, started, { type: 'http-response', requestId: 'other', status: 200 }, ctx).effects).toEqual([]);
  });

  it('only accepts http(s) URLs', () => {
    expect(httpRequestNode.configSchema.safeParse({ url: 'file:///etc/passwd' }).success).toBe(false);
    expect(httpRequestNode.configSchema.safeParse({ url: 'gopher://x' }).success).toBe(false);
    expect(httpRequestNode.configSchema.safeParse({ url: 'https://ok.example.com' }).success).toBe(true);
  });
});
