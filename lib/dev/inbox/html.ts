/** HTML escaping for the inbox pages: every value from a message is attacker-controlled text. */

/** Escapes text for HTML content and for double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A URL path segment, percent-encoded (then escaped where it goes into an attribute). */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}
