import { redactWebhookUrl } from './log-redaction';

describe('redactWebhookUrl', () => {
  it('hides the verify token of a Meta handshake and leaves other URLs alone', () => {
    expect(redactWebhookUrl({ url: '/api/webhooks/messenger/x?hub.mode=subscribe&hub.verify_token=s3cret&hub.challenge=1' }).url).toBe(
      '/api/webhooks/messenger/x?hub.mode=subscribe&hub.verify_token=[Redacted]&hub.challenge=1',
    );
    expect(redactWebhookUrl({ url: '/api/flows?x=1' }).url).toBe('/api/flows?x=1');
  });
});
