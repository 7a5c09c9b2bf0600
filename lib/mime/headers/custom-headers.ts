/** The `headers` option (object or list form, repeated and prepared values) as checked header specs. */
import { SmtpError } from '../../core/errors.js';
import type { HeaderSpec } from './header-spec.js';
import { assertHeaderName, assertPreparedValue } from './header-lines.js';
import type { HeadersInput, PreparedHeaderValue } from '../message.interface.js';

function isPrepared(value: unknown): value is PreparedHeaderValue {
  return typeof value === 'object' && value !== null && (value as PreparedHeaderValue).prepared === true;
}

function toSpec(name: string, value: unknown): HeaderSpec {
  if (isPrepared(value)) {
    const text = String(value.value);
    assertPreparedValue(name, text);
    return { name, kind: 'prepared', value: text };
  }
  if (value === undefined || value === null || typeof value === 'object') {
    throw new SmtpError('EMESSAGE', `header ${name}: expected a string or { prepared: true, value }`);
  }
  return { name, kind: 'text', value: String(value) };
}

/**
 * Header specs from the `headers` option, in order; an array value gives one header per element.
 * @throws SmtpError EMESSAGE for an invalid name (RFC 5322 §2.2) or an unsafe prepared value.
 */
export function parseCustomHeaders(input: HeadersInput | undefined): HeaderSpec[] {
  if (input === undefined || input === null) return [];
  const specs: HeaderSpec[] = [];
  if (Array.isArray(input)) {
    for (const entry of input) {
      assertHeaderName(entry?.key);
      specs.push(toSpec(entry.key, entry.value));
    }
    return specs;
  }
  if (typeof input !== 'object') throw new SmtpError('EMESSAGE', 'headers must be an object or a list of { key, value }');
  for (const [name, value] of Object.entries(input)) {
    assertHeaderName(name);
    // An undefined value leaves the header out, so `{ 'X-Tag': maybeTag }` needs no guard.
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) specs.push(toSpec(name, item));
  }
  return specs;
}

/** Defaults' headers under the message's: a name the message sets (any case) drops the default's. */
export function mergeHeaderSpecs(defaults: HeaderSpec[], message: HeaderSpec[]): HeaderSpec[] {
  const names = new Set(message.map((spec) => spec.name.toLowerCase()));
  return [...defaults.filter((spec) => !names.has(spec.name.toLowerCase())), ...message];
}

/**
 * Generated headers with the caller's applied: a custom header replaces every generated header of
 * the same name (at the first one's place); the rest are appended in order.
 */
export function applyCustomHeaders(generated: HeaderSpec[], custom: HeaderSpec[]): HeaderSpec[] {
  if (custom.length === 0) return [...generated];
  const byName = new Map<string, HeaderSpec[]>();
  for (const spec of custom) {
    const key = spec.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), spec]);
  }
  const out: HeaderSpec[] = [];
  for (const spec of generated) {
    const key = spec.name.toLowerCase();
    const replacement = byName.get(key);
    if (!replacement) out.push(spec);
    else if (replacement.length > 0) {
      out.push(...replacement);
      byName.set(key, []);
    }
  }
  for (const spec of custom) if (byName.get(spec.name.toLowerCase())?.length) out.push(spec);
  return out;
}
