/**
 * GitHub's filter patterns for `branches`, `tags` and `paths`: `*` (no slash), `**`
 * (anything), `?` and `+` (zero-or-one / one-or-more of the previous character),
 * `[...]` classes, `\` escapes, and `!` negation where the last matching pattern wins.
 */

const cache = new Map<string, RegExp>();

/** One pattern (without its leading `!`) as an anchored regular expression. */
export function patternToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*") {
      if (pattern[i + 1] === "*") {
        re += ".*";
        i++;
      } else re += "[^/]*";
    } else if (ch === "?" || ch === "+") {
      re += ch;
    } else if (ch === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end === -1) re += "\\[";
      else {
        re += "[" + pattern.slice(i + 1, end).replace(/\\/g, "\\\\") + "]";
        i = end;
      }
    } else if (ch === "\\" && i + 1 < pattern.length) {
      re += escape(pattern[++i]!);
    } else re += escape(ch);
  }
  const compiled = new RegExp("^" + re + "$");
  cache.set(pattern, compiled);
  return compiled;
}

const escape = (ch: string) => ch.replace(/[.+?^${}()|[\]\\/*]/g, "\\$&");

/** Whether `value` is selected by an ordered list of patterns (later ones override earlier ones). */
export function matchesFilter(value: string, patterns: readonly string[]): boolean {
  let selected = false;
  for (const raw of patterns) {
    const negated = raw.startsWith("!");
    const body = negated ? raw.slice(1) : raw;
    if (patternToRegExp(body).test(value)) selected = !negated;
  }
  return selected;
}

/**
 * An include list and an ignore list as GitHub applies them: with `include`, the value
 * must be selected; with `ignore`, it must not match any pattern.
 */
export function passesFilters(
  value: string,
  include: readonly string[] | undefined,
  ignore: readonly string[] | undefined,
): boolean {
  if (include) return matchesFilter(value, include);
  if (ignore) return !ignore.some((p) => patternToRegExp(p).test(value));
  return true;
}
