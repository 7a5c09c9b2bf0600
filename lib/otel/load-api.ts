/** Loads `@opentelemetry/api`, an optional peer, on first use, with an error that names the package. */
import type * as OtelApi from '@opentelemetry/api';
import { SmtpError } from '../core/errors.js';

/** The OpenTelemetry API module. */
export type OpenTelemetryApi = typeof OtelApi;

const API_PACKAGE = '@opentelemetry/api';

/**
 * Imports the API the app itself uses (one copy per app: the API keeps its providers in a global registry).
 * @throws SmtpError ECONFIG naming `@opentelemetry/api` when it is not installed.
 */
export async function loadOpenTelemetryApi(): Promise<OpenTelemetryApi> {
  let loaded: OpenTelemetryApi & { default?: OpenTelemetryApi };
  try {
    loaded = (await import(API_PACKAGE)) as OpenTelemetryApi & { default?: OpenTelemetryApi };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A broken install of the API fails the same way, but names another file: report it as it is.
    const isMissing = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && (err as Error).message.includes(`'${API_PACKAGE}'`);
    const message = isMissing
      ? `instrumentSmtp needs the package "${API_PACKAGE}" (an optional peer dependency): npm install ${API_PACKAGE}`
      : `instrumentSmtp: loading "${API_PACKAGE}" failed: ${(err as Error).message}`;
    throw new SmtpError('ECONFIG', message, { cause: err });
  }
  // The API is CommonJS: an ESM import may give its exports as named bindings or only as `default`.
  return loaded.trace ? loaded : (loaded.default as OpenTelemetryApi);
}
