/** Records what must never happen while a test runs: unhandled rejections, uncaught exceptions, listener leaks. */
import type { EventEmitter } from 'node:events';

/** One thing the guard saw. */
export interface ProcessProblem {
  kind: 'unhandledRejection' | 'uncaughtException' | 'listenerLeak';
  error: unknown;
}

/** The events the guard listens to: the host `process`, or any emitter in a unit test. */
export type GuardTarget = Pick<EventEmitter, 'on' | 'off'>;

export interface ProcessGuard {
  /** Starts listening. */
  start(): void;
  /** Stops listening; what was recorded stays until taken. */
  stop(): void;
  /** Returns what was recorded since the last call, and forgets it. */
  take(): ProcessProblem[];
}

/** Records problems emitted on `target`; a rejection handled later (`rejectionHandled`) is forgotten again. */
export function createProcessGuard(target: GuardTarget): ProcessGuard {
  const rejections = new Map<unknown, unknown>();
  let others: ProcessProblem[] = [];
  const onRejection = (reason: unknown, promise: unknown): void => {
    rejections.set(promise, reason);
  };
  const onHandled = (promise: unknown): void => {
    rejections.delete(promise);
  };
  const onException = (error: unknown): void => {
    others.push({ kind: 'uncaughtException', error });
  };
  const onWarning = (warning: Error): void => {
    // Node's name for "more than maxListeners listeners on one event": a listener leak.
    if (warning.name === 'MaxListenersExceededWarning') others.push({ kind: 'listenerLeak', error: warning });
  };
  // Each listener takes its own event's arguments; the table only pairs names with functions.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const listeners: Array<[string, (...args: any[]) => void]> = [
    ['unhandledRejection', onRejection],
    ['rejectionHandled', onHandled],
    ['uncaughtException', onException],
    ['warning', onWarning],
  ];
  return {
    start() {
      for (const [event, listener] of listeners) target.on(event, listener);
    },
    stop() {
      for (const [event, listener] of listeners) target.off(event, listener);
    },
    take() {
      const taken: ProcessProblem[] = [...[...rejections.values()].map((error) => ({ kind: 'unhandledRejection' as const, error })), ...others];
      rejections.clear();
      others = [];
      return taken;
    },
  };
}

/** One readable paragraph per problem, with its stack, for the failing test's message. */
export function describeProblems(problems: ProcessProblem[]): string {
  const lines = problems.map(({ kind, error }) => `${kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return `the process saw ${problems.length} problem(s) during this test:\n${lines.join('\n')}`;
}

/** The host `process` that guarded-environment.mjs exposes, or undefined under another environment. */
export function hostProcess(): NodeJS.Process | undefined {
  return (globalThis as Record<symbol, unknown>)[Symbol.for('nestjs-smtp.test.hostProcess')] as NodeJS.Process | undefined;
}
