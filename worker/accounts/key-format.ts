// The API key format, with no database in sight (the CLI in tools/ uses it too): `cck_` + 32
// random bytes in base64url; stored as the SHA-256 hex of the whole key.
export const API_KEY_PREFIX = 'cck_';

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

export async function hashApiKey(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A fresh key: the secret (shown once) and what is stored. */
export async function newApiKey(): Promise<{ id: string; secret: string; hash: string }> {
  const secret = API_KEY_PREFIX + base64url(crypto.getRandomValues(new Uint8Array(32)));
  const id = `key_${base64url(crypto.getRandomValues(new Uint8Array(9)))}`;
  return { id, secret, hash: await hashApiKey(secret) };
}
