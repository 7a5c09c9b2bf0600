import { describe, it, expect } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProcessGuard, describeProblems, hostProcess } from './process-guard-recorder.js';

describe('process guard', () => {
  it('records unhandled rejections, uncaught exceptions and listener-leak warnings, and forgets them once taken', () => {
    const target = new EventEmitter();
    const guard = createProcessGuard(target);
    guard.start();
    const leaked = Promise.resolve();
    target.emit('unhandledRejection', new Error('lost'), leaked);
    target.emit('uncaughtException', new Error('thrown'));
    const leak = Object.assign(new Error('11 close listeners added'), { name: 'MaxListenersExceededWarning' });
    target.emit('warning', leak);
    target.emit('warning', Object.assign(new Error('old API'), { name: 'DeprecationWarning' }));
    const problems = guard.take();
    expect(problems.map((problem) => problem.kind)).toEqual(['unhandledRejection', 'uncaughtException', 'listenerLeak']);
    expect(describeProblems(problems)).toMatch(/lost[\s\S]*thrown[\s\S]*11 close listeners/);
    expect(guard.take()).toEqual([]);
    guard.stop();
    expect(target.listenerCount('unhandledRejection')).toBe(0);
  });

  it('forgets a rejection that was handled late (rejectionHandled)', () => {
    const target = new EventEmitter();
    const guard = createProcessGuard(target);
    guard.start();
    const late = Promise.resolve();
    target.emit('unhandledRejection', new Error('handled later'), late);
    target.emit('rejectionHandled', late);
    expect(guard.take()).toEqual([]);
    guard.stop();
  });

  it('fails the tests of a real jest run that leak listeners or rejections, and only those', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const child = spawnSync(
      process.execPath,
      [
        '--experimental-vm-modules',
        '--disable-warning=ExperimentalWarning',
        join(root, 'node_modules/jest/bin/jest.js'),
        '--roots',
        join(root, 'test/fixtures/process-guard'),
        '--testMatch',
        '**/*.fixture.ts',
        '--json',
      ],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    const report = JSON.parse(child.stdout) as { testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }> };
    const results = report.testResults[0].assertionResults;
    expect(results.map(({ title, status }) => [title, status])).toEqual([
      ['leaks listeners', 'failed'],
      ['leaks a rejection', 'failed'],
      ['leaks nothing', 'passed'],
    ]);
    expect(results[0].failureMessages.join('\n')).toMatch(/listenerLeak: MaxListenersExceededWarning/);
    expect(results[1].failureMessages.join('\n')).toMatch(/unhandledRejection: Error: nobody handles this/);
  });

  it('runs on the host process, which the test file itself cannot listen to', () => {
    const host = hostProcess();
    expect(host).toBeDefined();
    // Jest gives the test a copy of `process` that never emits 'unhandledRejection' or 'warning'.
    expect(host).not.toBe(process);
    expect(host?.listenerCount('unhandledRejection')).toBeGreaterThan(process.listenerCount('unhandledRejection'));
  });
});
