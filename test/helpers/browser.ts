/** Finds Debian's chromium for playwright-core (nothing is downloaded); undefined when it is not installed. */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { serviceGate, type ServiceGate } from './required-service.js';

export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this directory
      }
    }
  }
  return undefined;
}

/** The gate of the browser tests of `what`: under CI=true they run, so a missing Chromium fails them. */
export function browserGate(what: string): ServiceGate {
  return serviceGate(what, findChromium() ? undefined : 'no chromium on PATH (apt-get install chromium, or set CHROMIUM_PATH)');
}

/** Flags for a headless run as root in a container without network. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-sync',
  '--no-first-run',
  '--metrics-recording-only',
];
