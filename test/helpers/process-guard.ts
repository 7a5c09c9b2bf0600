/**
 * Jest setup (setupFilesAfterEnv): fails a test during which the process saw an unhandled rejection, an
 * uncaught exception or a listener-leak warning; a stray rejection kills a Node process in production.
 */
import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { createProcessGuard, describeProblems, hostProcess, type ProcessGuard } from './process-guard-recorder.js';

const target = hostProcess();
if (!target) throw new Error('process-guard.ts needs testEnvironment test/helpers/guarded-environment.mjs (see jest.config.js)');
const guard: ProcessGuard = createProcessGuard(target);

/** Lets the process report rejections of promises that settled at the very end of the test. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// Jest installs its own handlers when the file's tests start (removing earlier listeners), so the guard
// starts in beforeAll, after that.
beforeAll(() => guard.start());

afterEach(async () => {
  await nextTurn();
  const problems = guard.take();
  if (problems.length > 0) throw new Error(describeProblems(problems));
});

afterAll(async () => {
  await nextTurn();
  guard.stop();
  const problems = guard.take();
  if (problems.length > 0) throw new Error(`after the last test: ${describeProblems(problems)}`);
});
