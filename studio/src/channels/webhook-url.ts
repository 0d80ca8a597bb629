/**
 * The webhook URL to paste into a platform's console. The server makes it absolute when it knows its PUBLIC_URL;
 * otherwise it is a path, and the address the studio was opened at is the best guess of the public one.
 */
export function absoluteWebhookUrl(webhookUrl: string, origin: string): string {
  if (/^https?:\/\//i.test(webhookUrl)) return webhookUrl;
  return new URL(webhookUrl, origin).toString();
}

/** Platforms reach only public https addresses; a loopback or plain-http origin will not receive deliveries. */
export function isReachableByPlatforms(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' && !/^(localhost|127\.|0\.0\.0\.0|\[::1\])/.test(hostname);
}
