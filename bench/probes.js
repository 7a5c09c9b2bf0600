/** Measurements taken inside the measured process: CPU, event-loop stalls, memory peaks. */
import { performance } from 'node:perf_hooks';
/** CPU time (user + system) of this process in milliseconds since `since`. */
export function cpuMsSince(since) {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
}
/**
 * A setInterval drift probe: every tick records how late it fired (a blocked loop delays it) and samples memory.
 * Stalls shorter than the interval are not resolved; the interval is 5 ms, well under the 50 ms being judged.
 */
export class LoopProbe {
    intervalMs;
    timer;
    last = 0;
    maxStallMs = 0;
    baseRss;
    baseHeap;
    peakRss;
    peakHeap;
    constructor(intervalMs = 5) {
        this.intervalMs = intervalMs;
        const memory = process.memoryUsage();
        this.baseRss = memory.rss;
        this.baseHeap = memory.heapUsed + memory.external;
        this.peakRss = this.baseRss;
        this.peakHeap = this.baseHeap;
    }
    start() {
        this.last = performance.now();
        this.timer = setInterval(() => this.tick(), this.intervalMs);
    }
    stop() {
        clearInterval(this.timer);
        this.tick();
        return { maxStallMs: this.maxStallMs, rssGrowth: this.peakRss - this.baseRss, heapGrowth: this.peakHeap - this.baseHeap };
    }
    tick() {
        const now = performance.now();
        this.maxStallMs = Math.max(this.maxStallMs, now - this.last - this.intervalMs);
        this.last = now;
        const memory = process.memoryUsage();
        this.peakRss = Math.max(this.peakRss, memory.rss);
        this.peakHeap = Math.max(this.peakHeap, memory.heapUsed + memory.external);
    }
}
/** Runs a full garbage collection when the process was started with --expose-gc, twice to finish weak refs. */
export async function collectGarbage() {
    const gc = globalThis.gc;
    if (!gc)
        return;
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc();
}
//# sourceMappingURL=probes.js.map