// Which endpoint URLs Creditcast will POST events to. In production: https only, and never a host
// that names this machine or a private network (loopback, RFC 1918, link-local, unique-local,
// `localhost`, `.local`/`.internal` names), so an API key cannot aim the Worker's requests inward.
// `WEBHOOKS_ALLOW_PRIVATE=true` (`.dev.vars`, tests) lifts both rules so local apps can receive.
// Host names are checked as written: a Worker cannot resolve DNS itself, and Cloudflare's outbound
// fetch does not reach private networks, which covers a public name that resolves inward.

export type UrlVerdict = { outcome: 'allowed'; url: string } | { outcome: 'refused'; reason: string };

const PRIVATE_V4: [number, number][] = [
  [0x00000000, 8], // 0.0.0.0/8 "this network"
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 carrier-grade NAT
  [0x7f000000, 8], // 127/8 loopback
  [0xa9fe0000, 16], // 169.254/16 link-local (cloud metadata)
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
];

function privateV4(host: string): boolean {
  const parts = host.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return false;
  const ip = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
  return PRIVATE_V4.some(([base, bits]) => ip >>> (32 - bits) === base >>> (32 - bits));
}

function privateV6(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (!h.includes(':')) return false;
  if (h === '::' || h === '::1') return true;
  // fc00::/7 unique-local, fe80::/10 link-local, and IPv4-mapped addresses (judged as IPv4).
  if (/^f[cd]/.test(h) || /^fe[89ab]/.test(h)) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  return mapped ? privateV4(mapped[1]) : h.startsWith('::ffff:');
}

function privateName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || /\.(localhost|local|internal|lan|home\.arpa)$/.test(h) || !h.includes('.');
}

export function checkEndpointUrl(raw: string, allowPrivate: boolean): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { outcome: 'refused', reason: 'must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { outcome: 'refused', reason: 'must be http(s)' };
  if (url.username || url.password) return { outcome: 'refused', reason: 'must not carry credentials' };
  if (allowPrivate) return { outcome: 'allowed', url: url.toString() };
  if (url.protocol !== 'https:') return { outcome: 'refused', reason: 'must be https' };
  const host = url.hostname;
  if (privateV4(host) || privateV6(host) || privateName(host)) {
    return { outcome: 'refused', reason: 'must not point at a private, loopback or link-local address' };
  }
  return { outcome: 'allowed', url: url.toString() };
}
