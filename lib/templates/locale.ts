/** Locale fallback: `fr-CA`, then `fr`, then the default. */

/**
 * The locales to try for `locale`, most specific first, ending with `''` (the default templates).
 * Tags are matched case-insensitively and written as given in the file layout (`fr-CA`).
 * @example localeChain('fr-CA') // ['fr-CA', 'fr', '']
 */
export function localeChain(locale: string | undefined): string[] {
  if (!locale) return [''];
  const parts = locale.split(/[-_]/).filter(Boolean);
  const chain: string[] = [];
  for (let length = parts.length; length > 0; length -= 1) chain.push(parts.slice(0, length).join('-'));
  chain.push('');
  return chain;
}

/** Finds, among `available` locales (any case), the first one of the chain for `locale`. */
export function pickLocale(locale: string | undefined, available: ReadonlySet<string>): string {
  const byLowerCase = new Map([...available].map((tag) => [tag.toLowerCase(), tag]));
  for (const candidate of localeChain(locale)) {
    const found = candidate === '' ? (available.has('') ? '' : undefined) : byLowerCase.get(candidate.toLowerCase());
    if (found !== undefined) return found;
  }
  return '';
}
