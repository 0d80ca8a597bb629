import { BlockList, isIP } from 'node:net';

/**
 * Which resolved addresses the egress client may connect to: public unicast only. Everything private, loopback,
 * link-local, multicast, reserved, CGNAT, documentation, NAT64/6to4 (they can wrap a private IPv4) and cloud
 * metadata addresses is refused.
 */
const blocked = new BlockList();
// Separate lists: Node's BlockList matches IPv4 addresses against IPv6 rules for mapped ranges.
const blocked6 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23],
  ['2001:db8::', 32], ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blocked6.addSubnet(net, bits, 'ipv6');

/** Host names refused whatever they resolve to. */
const BLOCKED_NAMES = new Set(['localhost', 'metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data']);

export function isBlockedHostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return BLOCKED_NAMES.has(name) || name.endsWith('.localhost') || name.endsWith('.internal');
}

/** True when `address` (an IP literal) is not a public unicast address. Anything unparsable is blocked. */
export function isBlockedAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return true;
  const mapped = embeddedIpv4(ip);
  if (mapped && blocked.check(mapped, 'ipv4')) return true;
  const first = expand(ip)[0];
  if (first < 0x2000 || first > 0x3fff) return true; // only 2000::/3 is global unicast
  return blocked6.check(ip, 'ipv6');
}

/** The IPv4 inside an IPv4-mapped or -compatible IPv6 address (`::ffff:7f00:1` → `127.0.0.1`). */
function embeddedIpv4(ip: string): string | null {
  const words = expand(ip);
  if (words.slice(0, 5).some((w) => w !== 0) || (words[5] !== 0 && words[5] !== 0xffff)) return null;
  return [words[6] >> 8, words[6] & 255, words[7] >> 8, words[7] & 255].join('.');
}

function expand(ip: string): number[] {
  let text = ip.split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const fill = text.includes('::') ? new Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].map((w) => parseInt(w, 16) || 0);
}
