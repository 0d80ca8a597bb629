import { absoluteWebhookUrl, isReachableByPlatforms } from './webhook-url';

describe('absoluteWebhookUrl', () => {
  it('keeps the absolute URL the server built from PUBLIC_URL', () => {
    expect(absoluteWebhookUrl('https://parley.example.com/api/webhooks/telegram/abc', 'http://127.0.0.1:3000')).toBe(
      'https://parley.example.com/api/webhooks/telegram/abc',
    );
  });
  it('puts a bare path on the studio origin', () => {
    expect(absoluteWebhookUrl('/api/webhooks/whatsapp/abc', 'http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000/api/webhooks/whatsapp/abc');
  });
});

describe('isReachableByPlatforms', () => {
  it('accepts a public https address only', () => {
    expect(isReachableByPlatforms('https://parley.example.com/api/webhooks/x/1')).toBe(true);
    expect(isReachableByPlatforms('http://parley.example.com/api/webhooks/x/1')).toBe(false);
    expect(isReachableByPlatforms('https://localhost/api/webhooks/x/1')).toBe(false);
    expect(isReachableByPlatforms('https://127.0.0.1:3000/api/webhooks/x/1')).toBe(false);
  });
});
