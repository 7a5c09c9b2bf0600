/**
 * The one rule for tests that need a service this machine may lack (Postfix, Redis, Chromium, a network
 * namespace): under CI=true they always run, so a missing service fails them (.ci/run installs every one);
 * elsewhere they are skipped after one loud line saying what is missing. Specs take `it` and `describe` from the
 * gate and never choose `it.skip` themselves.
 */
import { describe, it } from '@jest/globals';

/** What a spec needing a service runs its tests with. */
export interface ServiceGate {
  /** The tests run: the service is there, or this is CI, where a missing one fails them. */
  readonly runs: boolean;
  /** `it`, or `it.skip` when the tests do not run. */
  readonly it: typeof it.skip;
  /** `describe`, or `describe.skip` when the tests do not run. */
  readonly describe: typeof describe.skip;
}

/** Whether this run is CI, where no test may be skipped for a missing service. */
function isCi(): boolean {
  return process.env.CI === 'true';
}

/**
 * The gate for tests of `what`; `missing` says what this machine lacks (undefined when the service is there).
 * Skipping is said once, loudly; under CI=true nothing is skipped.
 */
export function serviceGate(what: string, missing: string | undefined): ServiceGate {
  const runs = missing === undefined || isCi();
  if (!runs) console.warn(`!!! SKIPPING ${what}: ${missing}`);
  return { runs, it: runs ? it : it.skip, describe: runs ? describe : describe.skip };
}
