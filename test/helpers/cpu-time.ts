/** CPU time used by this process: linear-time checks measured this way hold on a machine busy with other work. */
import { cpuUsage } from 'node:process';

/**
 * Starts a stopwatch of this process's CPU time (user + system). Wall-clock bounds fail when other processes
 * share the cores; CPU time still grows with the work done, so a quadratic parse still fails the bound.
 * @returns a function giving the CPU milliseconds used since the start
 */
export function cpuStopwatch(): () => number {
  const start = cpuUsage();
  return () => {
    const { user, system } = cpuUsage(start);
    return (user + system) / 1000;
  };
}
