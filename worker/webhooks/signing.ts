// Standard Webhooks signing (https://www.standardwebhooks.com): `v1,` + base64 HMAC-SHA256 over
// "{webhook-id}.{webhook-timestamp}.{body}", keyed with the base64-decoded part of `whsec_…`.
// During a rotation's overlap one attempt carries a signature per secret, space-separated, as the
// spec allows: a receiver still holding the old secret and one holding the new both verify.

const encoder = new TextEncoder();

function secretBytes(secret: string): Uint8Array {
  const raw = atob(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
  return Uint8Array.from(raw, (ch) => ch.charCodeAt(0));
}

export async function signatureOf(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', secretBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`${id}.${timestamp}.${body}`)));
  return `v1,${btoa(String.fromCharCode(...mac))}`;
}

/** The three headers of one attempt; the id is the same on every attempt of the message. */
export async function signedHeaders(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): Promise<Record<string, string>> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Creditcast-Webhooks/1',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': (await Promise.all(secrets.map((s) => signatureOf(s, id, timestamp, body)))).join(' '),
  };
}
