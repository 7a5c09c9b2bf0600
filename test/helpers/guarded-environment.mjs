// Jest's node environment that also hands test code the host `process`. Jest gives each test file a copy of
// `process` on which 'unhandledRejection', 'uncaughtException' and 'warning' are never emitted, so the guard
// in process-guard.ts must listen on the real one.
import { TestEnvironment } from 'jest-environment-node';

/** Where test code finds the host process (read it through hostProcess() in process-guard-recorder.ts). */
export const HOST_PROCESS = Symbol.for('nestjs-smtp.test.hostProcess');

export default class GuardedEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global[HOST_PROCESS] = process;
  }
}
