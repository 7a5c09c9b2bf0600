/** The suite's short transport timeouts, so a fault that is not caught on purpose still ends a test quickly. */
import type { SmtpOptions } from '../../lib/transport/options.js';

/**
 * For scripted servers and fault rows: a dialogue that stalls fails in about a second, far inside jest's
 * test timeout, and an assertion like "settled in under 500 ms" can only pass by the behaviour under test.
 * The DNS timeout stays at its default: a name such as `localhost` may wait on a slow resolver before the
 * fallback to `dns.lookup`, and only the DNS rows bound it (with their own `dnsTimeout`).
 */
export const FAST_TIMEOUTS = Object.freeze({
  connectionTimeout: 1000,
  greetingTimeout: 500,
  socketTimeout: 1000,
}) satisfies SmtpOptions;

/**
 * For deliveries that should succeed (real smtp-server, TLS handshakes, proxies, signing) on a busy machine:
 * no timeout is meant to fire, so these leave room, and a test that aborts or fails early can tell its own
 * outcome from a timeout.
 */
export const SLOW_TIMEOUTS = Object.freeze({
  connectionTimeout: 2000,
  greetingTimeout: 2000,
  socketTimeout: 2000,
}) satisfies SmtpOptions;
