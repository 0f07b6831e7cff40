// Work an adapter keeps doing after it has answered the HTTP request (Slack: ack first, then the
// coach's answer goes out via response_url). A graceful stop waits for it, so SIGTERM never drops an
// answer a person is waiting for, nor closes the db under a running handler. Capped: a stuck
// platform call must not hold a deploy hostage (orchestrators SIGKILL after a grace period).

export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Track `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return work;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves true when everything tracked has settled, false if `timeoutMs` passed first. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      while (this.running.size > 0) {
        const done = await Promise.race([Promise.all([...this.running]).then(() => true as const), timedOut]);
        if (!done) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
