/** A queue of jobs over a bounded set of reusable workers, with message and rate limits; knows no SMTP. */
import { EventEmitter } from 'node:events';
/**
 * Jobs run in arrival order on up to `maxConnections` workers; a worker is retired after `maxMessages`
 * jobs or when it closes. `close()` stops intake, drains the queue, then releases every worker.
 * Emits `idle` whenever it has room for another job.
 */
export class Pool extends EventEmitter {
    options;
    queue = [];
    slots = new Set();
    opening = 0;
    startTimes = [];
    rateTimer;
    draining;
    constructor(options) {
        super();
        this.options = options;
    }
    /** Queues a job; it settles when it ran (and was retried, if allowed). */
    submit(job) {
        return new Promise((resolve, reject) => {
            this.queue.push({ job, attempts: 0, resolve, reject });
            this.dispatch();
        });
    }
    /** Room for another job right now: an idle worker, or room to open one. */
    isIdle() {
        if (this.queue.length > 0)
            return false;
        const hasFreeSlot = [...this.slots].some((slot) => this.canTake(slot));
        return hasFreeSlot || this.slots.size + this.opening < this.options.maxConnections;
    }
    /** Resolves once the queue is empty and no job runs, after every worker was released. */
    drainAndClose() {
        if (!this.draining) {
            let resolve;
            const promise = new Promise((done) => (resolve = done));
            this.draining = { resolve, promise };
            this.checkDrained();
        }
        return this.draining.promise;
    }
    dispatch() {
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
                this.start(slot, this.queue.shift());
                continue;
            }
            // Open only as many workers as there are jobs waiting for one.
            if (this.slots.size + this.opening < this.options.maxConnections && this.opening < this.queue.length) {
                this.openWorker();
                continue;
            }
            return;
        }
    }
    canTake(slot) {
        return slot.worker.isOpen && slot.active < slot.worker.concurrency && slot.started < this.options.maxMessages;
    }
    freeSlot() {
        for (const slot of this.slots)
            if (this.canTake(slot))
                return slot;
        return undefined;
    }
    rateDelay() {
        const limit = this.options.rateLimit;
        if (!limit)
            return 0;
        const now = Date.now();
        while (this.startTimes.length > 0 && now - this.startTimes[0] >= this.options.rateDeltaMs)
            this.startTimes.shift();
        return this.startTimes.length < limit ? 0 : this.startTimes[0] + this.options.rateDeltaMs - now;
    }
    openWorker() {
        this.opening += 1;
        this.options.open().then((worker) => {
            this.opening -= 1;
            if (!this.options.keepIdle && this.queue.length === 0) {
                void worker.quit();
                this.afterChange();
                return;
            }
            const slot = { worker, active: 0, started: 0 };
            this.slots.add(slot);
            worker.on('close', () => this.retire(slot));
            this.afterChange();
        }, (err) => {
            this.opening -= 1;
            this.failHead(err);
            this.afterChange();
        });
    }
    /** A worker could not be opened: the job at the head pays for it (or all of them, for a permanent cause). */
    failHead(err) {
        const head = this.queue[0];
        if (!head)
            return;
        const verdict = this.options.classify(err, head.job, head.attempts, 'open');
        if (verdict === 'retry') {
            head.attempts += 1;
        }
        else if (verdict === 'reject-all') {
            for (const queued of this.queue.splice(0))
                queued.reject(err);
        }
        else {
            this.queue.shift();
            head.reject(err);
        }
    }
    start(slot, queued) {
        slot.active += 1;
        slot.started += 1;
        if (this.options.rateLimit)
            this.startTimes.push(Date.now());
        this.options.run(slot.worker, queued.job).then((result) => {
            queued.resolve(result);
            this.release(slot);
        }, (err) => {
            if (this.options.classify(err, queued.job, queued.attempts, 'run') === 'retry') {
                queued.attempts += 1;
                this.queue.unshift(queued);
            }
            else {
                queued.reject(err);
            }
            this.release(slot);
        });
    }
    release(slot) {
        slot.active -= 1;
        const isSpent = !this.options.keepIdle || !slot.worker.isOpen || slot.started >= this.options.maxMessages;
        if (isSpent && slot.active === 0) {
            this.retire(slot);
            void slot.worker.quit();
        }
        this.afterChange();
    }
    retire(slot) {
        if (this.slots.delete(slot))
            this.afterChange();
    }
    afterChange() {
        this.dispatch();
        if (this.isIdle())
            this.emit('idle');
        this.checkDrained();
    }
    checkDrained() {
        if (!this.draining || this.queue.length > 0 || this.opening > 0)
            return;
        if ([...this.slots].some((slot) => slot.active > 0))
            return;
        const slots = [...this.slots];
        this.slots.clear();
        clearTimeout(this.rateTimer);
        void Promise.all(slots.map((slot) => slot.worker.quit())).then(() => this.draining?.resolve());
    }
}
//# sourceMappingURL=pool.js.map