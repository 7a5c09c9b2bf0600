/** A queue of jobs over a bounded set of reusable workers, with message and rate limits; knows no SMTP. */
import { EventEmitter } from 'node:events';

/** What the pool needs from a connection. */
export interface PoolWorker {
  /** Still usable for another job. */
  readonly isOpen: boolean;
  /** How many jobs it may run at once. */
  readonly concurrency: number;
  /** Releases it politely (QUIT). */
  quit(): Promise<void>;
  on(event: 'close', listener: () => void): unknown;
}

/** How a job that failed should be treated. */
export type FailureVerdict = 'retry' | 'reject' | 'reject-all';

export interface PoolOptions<W extends PoolWorker, J, R> {
  maxConnections: number;
  maxMessages: number;
  /** Keep idle workers open for the next job (a pool); otherwise each worker serves one job and is released. */
  keepIdle: boolean;
  rateLimit?: number;
  rateDeltaMs: number;
  open(): Promise<W>;
  /**
   * Runs a job on a worker. `freeSlot` may be called before the job settles, once the job no longer occupies one
   * of the worker's `concurrency` places (its outcome is known and only being confirmed): the next job can start
   * on that worker at once. Calling it is optional; the place is freed when the job settles in any case.
   */
  run(worker: W, job: J, freeSlot: () => void): Promise<R>;
  /** Decides, for a job whose worker failed or could not be opened, whether it may run again. */
  classify(err: unknown, job: J, attempts: number, stage: 'open' | 'run'): FailureVerdict;
}

interface QueuedJob<J, R> {
  job: J;
  attempts: number;
  resolve(result: R): void;
  reject(err: unknown): void;
}

interface Slot<W> {
  worker: W;
  /** Jobs holding one of its places now. */
  active: number;
  /** Jobs started on it and not settled yet, including those whose place was freed early. */
  unsettled: number;
  /** Jobs given to it so far, for `maxMessages`. */
  started: number;
}

/**
 * Jobs run in arrival order on up to `maxConnections` workers; a worker is retired after `maxMessages`
 * jobs or when it closes. `close()` stops intake, drains the queue, then releases every worker.
 * Emits `idle` whenever it has room for another job.
 */
export class Pool<W extends PoolWorker, J, R> extends EventEmitter<{ idle: [] }> {
  private readonly queue: Array<QueuedJob<J, R>> = [];
  private readonly slots = new Set<Slot<W>>();
  private opening = 0;
  /** Jobs started and not settled yet, including those whose place was freed early. */
  private unsettled = 0;
  /** Workers sent QUIT and not yet closed: they still hold a session at the server, so they still count. */
  private closing = 0;
  private readonly startTimes: number[] = [];
  private rateTimer?: NodeJS.Timeout;
  private draining?: { resolve(): void; promise: Promise<void> };

  constructor(private readonly options: PoolOptions<W, J, R>) {
    super();
  }

  /** Queues a job; it settles when it ran (and was retried, if allowed). */
  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, attempts: 0, resolve, reject });
      this.dispatch();
    });
  }

  /** Room for another job right now: an idle worker, or room to open one. */
  isIdle(): boolean {
    if (this.queue.length > 0) return false;
    const hasFreeSlot = [...this.slots].some((slot) => this.canTake(slot));
    return hasFreeSlot || this.hasRoomToOpen();
  }

  /** Open, opening and closing workers together stay within `maxConnections`. */
  private hasRoomToOpen(): boolean {
    return this.slots.size + this.opening + this.closing < this.options.maxConnections;
  }

  /** Resolves once the queue is empty and no job runs, after every worker was released. */
  drainAndClose(): Promise<void> {
    if (!this.draining) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      this.draining = { resolve, promise };
      this.checkDrained();
    }
    return this.draining.promise;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const delay = this.rateDelay();
      if (delay > 0) {
        this.rateTimer ??= setTimeout(() => {
          this.rateTimer = undefined;
          this.dispatch();
        }, delay);
        return;
      }
      const slot = this.freeSlot();
      if (slot) {
        this.start(slot, this.queue.shift() as QueuedJob<J, R>);
        continue;
      }
      // Open only as many workers as there are jobs waiting for one.
      if (this.hasRoomToOpen() && this.opening < this.queue.length) {
        this.openWorker();
        continue;
      }
      return;
    }
  }

  private canTake(slot: Slot<W>): boolean {
    return slot.worker.isOpen && slot.active < slot.worker.concurrency && slot.started < this.options.maxMessages;
  }

  private freeSlot(): Slot<W> | undefined {
    for (const slot of this.slots) if (this.canTake(slot)) return slot;
    return undefined;
  }

  private rateDelay(): number {
    const limit = this.options.rateLimit;
    if (!limit) return 0;
    const now = Date.now();
    while (this.startTimes.length > 0 && now - this.startTimes[0] >= this.options.rateDeltaMs) this.startTimes.shift();
    return this.startTimes.length < limit ? 0 : this.startTimes[0] + this.options.rateDeltaMs - now;
  }

  private openWorker(): void {
    this.opening += 1;
    this.options.open().then(
      (worker) => {
        this.opening -= 1;
        if (!this.options.keepIdle && this.queue.length === 0) {
          this.quitWorker(worker);
          return;
        }
        const slot: Slot<W> = { worker, active: 0, unsettled: 0, started: 0 };
        this.slots.add(slot);
        worker.on('close', () => this.retire(slot));
        this.afterChange();
      },
      (err: unknown) => {
        this.opening -= 1;
        this.failHead(err);
        this.afterChange();
      },
    );
  }

  /** A worker could not be opened: the job at the head pays for it (or all of them, for a permanent cause). */
  private failHead(err: unknown): void {
    const head = this.queue[0];
    if (!head) return;
    const verdict = this.options.classify(err, head.job, head.attempts, 'open');
    if (verdict === 'retry') {
      head.attempts += 1;
    } else if (verdict === 'reject-all') {
      for (const queued of this.queue.splice(0)) queued.reject(err);
    } else {
      this.queue.shift();
      head.reject(err);
    }
  }

  private start(slot: Slot<W>, queued: QueuedJob<J, R>): void {
    slot.active += 1;
    slot.started += 1;
    if (this.options.rateLimit) this.startTimes.push(Date.now());
    this.unsettled += 1;
    slot.unsettled += 1;
    let isFreed = false;
    // Frees the job's place on its worker once: early (freeSlot) or when the job settles, whichever comes first.
    const free = (): boolean => {
      if (isFreed) return false;
      isFreed = true;
      slot.active -= 1;
      return true;
    };
    const freeSlot = (): void => {
      if (free()) this.afterChange();
    };
    this.options.run(slot.worker, queued.job, freeSlot).then(
      (result) => {
        // The worker's next job starts before this one's caller hears back, so that its write goes out first.
        free();
        this.release(slot);
        queued.resolve(result);
      },
      (err: unknown) => {
        const isRetried = this.options.classify(err, queued.job, queued.attempts, 'run') === 'retry';
        if (isRetried) {
          queued.attempts += 1;
          this.queue.unshift(queued);
        }
        free();
        this.release(slot);
        if (!isRetried) queued.reject(err);
      },
    );
  }

  /** A job on `slot` settled (its place freed already). */
  private release(slot: Slot<W>): void {
    this.unsettled -= 1;
    slot.unsettled -= 1;
    const isSpent = !this.options.keepIdle || !slot.worker.isOpen || slot.started >= this.options.maxMessages;
    // Released only once every job on it has settled: one still confirming its outcome needs the session.
    if (isSpent && slot.unsettled === 0) {
      this.slots.delete(slot);
      this.quitWorker(slot.worker);
      return;
    }
    this.afterChange();
  }

  /** QUITs a worker no longer needed; its place is free once it has closed. */
  private quitWorker(worker: W): void {
    this.closing += 1;
    const closed = (): void => {
      this.closing -= 1;
      this.afterChange();
    };
    worker.quit().then(closed, closed);
    this.afterChange();
  }

  private retire(slot: Slot<W>): void {
    if (this.slots.delete(slot)) this.afterChange();
  }

  private afterChange(): void {
    this.dispatch();
    if (this.isIdle()) this.emit('idle');
    this.checkDrained();
  }

  private checkDrained(): void {
    if (!this.draining || this.queue.length > 0 || this.opening > 0 || this.closing > 0 || this.unsettled > 0) return;
    const slots = [...this.slots];
    this.slots.clear();
    clearTimeout(this.rateTimer);
    void Promise.all(slots.map((slot) => slot.worker.quit())).then(() => this.draining?.resolve());
  }
}
