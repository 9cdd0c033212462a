// The farm's only way into Creditcast: the service API with its API key (Bearer), as any app
// backend would call it. Calls that must land (capture, release, final reports) retry with backoff
// on network errors, 429 and 5xx — capture and release are idempotent, so a retry after a lost
// answer is safe — and give up after a while; a 4xx other than 429 is an answer, not a fault.

export interface ServiceClientOptions {
  appUrl: string;
  apiKey: string;
  /** Stop retrying after this long. Default 60 000. */
  giveUpAfterMs?: number;
  /** First retry delay; doubles each time up to maxDelayMs. Default 250. */
  retryBaseMs?: number;
  maxDelayMs?: number;
  /** Per attempt. Default 10 000. */
  timeoutMs?: number;
}

export type CallResult =
  | { ok: true; status: number; body: unknown }
  | { ok: false; status: number; body: unknown; code: string }
  | { ok: false; status: 0; gaveUp: true; lastError: string };

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const retryable = (status: number) => status === 429 || status >= 500;

export class ServiceClient {
  constructor(private readonly opts: ServiceClientOptions) {}

  /** One attempt: the status and parsed body, or throws on a network error or timeout. */
  private async attempt(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.opts.appUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.opts.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (a proxy's error page): keep the text
    }
    return { status: res.status, body: parsed };
  }

  /** POSTs once; a failure of any kind is reported, not retried (progress ticks: the next one supersedes). */
  async postOnce(path: string, body: unknown): Promise<boolean> {
    try {
      const res = await this.attempt(path, body);
      return res.status < 300;
    } catch {
      return false;
    }
  }

  /** POSTs until an answer that is not a fault (2xx or 4xx), or gives up after giveUpAfterMs. */
  async post(path: string, body: unknown): Promise<CallResult> {
    const giveUpAt = Date.now() + (this.opts.giveUpAfterMs ?? 60_000);
    let delay = this.opts.retryBaseMs ?? 250;
    for (;;) {
      let lastError: string;
      try {
        const res = await this.attempt(path, body);
        if (res.status < 300) return { ok: true, ...res };
        if (!retryable(res.status)) return { ok: false, ...res, code: errorCode(res.body) };
        lastError = `HTTP ${res.status} ${errorCode(res.body)}`;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() + delay > giveUpAt) return { ok: false, status: 0, gaveUp: true, lastError };
      await sleep(delay);
      delay = Math.min(delay * 2, this.opts.maxDelayMs ?? 5_000);
    }
  }
}

function errorCode(body: unknown): string {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' ? code : 'unknown_error';
}
