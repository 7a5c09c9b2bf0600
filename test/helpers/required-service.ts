/**
 * The one rule for tests that need a service this machine may lack (Postfix, Redis, Chromium, a network
 * namespace): under CI=true they always run, so a missing service fails them (.ci/run installs every one);
 * elsewhere they are skipped after one loud line saying what is missing.
 */

/** Whether this run is CI, where no test may be skipped for a missing service. */
function isCi(): boolean {
  return process.env.CI === 'true';
}

/**
 * The reason to skip `what`, after printing it once; undefined when the tests must run: the service is there
 * (`missing` undefined) or this is CI.
 */
export function skipUnlessCi(what: string, missing: string | undefined): string | undefined {
  if (missing === undefined || isCi()) return undefined;
  console.warn(`!!! SKIPPING ${what}: ${missing}`);
  return missing;
}
