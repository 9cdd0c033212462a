// Every timer and in-flight request the emulator starts, so reset and close() can leave nothing running.

export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly intervals = new Set<NodeJS.Timeout>();
  private readonly requests = new Set<AbortController>();
  private stopped = false;
  /**
   * Rises on every reset. Work that spans an await (a webhook attempt) compares the epoch it started
   * in with the current one, so a request that was in flight during a reset records nothing afterwards.
   */
  epoch = 0;

  /** Runs `task` after `ms`; an error inside it goes to `onError`, never to an unhandled rejection. */
  after(ms: number, task: () => void | Promise<void>, onError: (error: unknown) => void): void {
    if (this.stopped) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        Promise.resolve().then(task).catch(onError);
      },
      Math.max(0, ms),
    );
    this.timers.add(timer);
  }

  /** Runs `task` every `ms` until `stop`, without keeping the process alive for it. */
  every(ms: number, task: () => void): void {
    if (this.stopped) return;
    const timer = setInterval(task, ms);
    timer.unref();
    this.intervals.add(timer);
  }

  /** Gives `send` an abort signal that fires after `timeoutMs`, on reset and on stop. */
  async request<T>(timeoutMs: number, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    this.requests.add(controller);
    try {
      return await send(controller.signal);
    } finally {
      clearTimeout(timeout);
      this.requests.delete(controller);
    }
  }

  /** Cancels pending timers and in-flight requests; periodic tasks keep running. */
  cancelPending(): void {
    this.epoch++;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.requests) controller.abort(new Error('emulator reset'));
    this.requests.clear();
  }

  stop(): void {
    this.cancelPending();
    this.stopped = true;
    for (const timer of this.intervals) clearInterval(timer);
    this.intervals.clear();
  }
}
