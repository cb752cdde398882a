/**
 * A bounded queue of batches between file readers (producers) and the event consumer. `push` waits
 * while `capacity` batches are queued, so fast readers cannot run ahead of a slow consumer.
 */
export class BatchQueue<T> {
  private readonly items: T[][] = [];
  private readonly pushers: (() => void)[] = [];
  private taker: { resolve: (batch: T[] | undefined) => void; reject: (error: unknown) => void } | undefined;
  private closed = false;
  private failure: { error: unknown } | undefined;

  constructor(private readonly capacity: number) {}

  /** Queues a batch; resolves once there is room. A closed queue drops it. */
  async push(batch: T[]): Promise<void> {
    if (this.closed) return;
    const taker = this.taker;
    if (taker !== undefined) {
      this.taker = undefined;
      taker.resolve(batch);
      return;
    }
    this.items.push(batch);
    if (this.items.length >= this.capacity) await new Promise<void>((resolve) => this.pushers.push(resolve));
  }

  /** The next batch; undefined once closed and drained; rejects once failed. */
  take(): Promise<T[] | undefined> {
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    const batch = this.items.shift();
    if (batch !== undefined) {
      this.pushers.shift()?.();
      return Promise.resolve(batch);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => (this.taker = { resolve, reject }));
  }

  /** No more batches: the consumer drains what is queued. Waiting producers are released. */
  close(): void {
    this.closed = true;
    this.release();
    const taker = this.taker;
    this.taker = undefined;
    taker?.resolve(undefined);
  }

  /** Stops the run: the consumer's next `take` rejects with `error`. */
  fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = { error };
    this.items.length = 0;
    this.closed = true;
    this.release();
    const taker = this.taker;
    this.taker = undefined;
    taker?.reject(error);
  }

  private release(): void {
    for (const resolve of this.pushers.splice(0)) resolve();
  }
}
