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

/** One step of a pattern: which characters it takes, whether it may be absent, whether it repeats. */
interface Item {
  takes: (ch: string) => boolean;
  optional: boolean;
  repeats: boolean;
  /** the characters it names (a literal, a class), for the alphabet of a search */
  named: string[];
}

/** A pattern (without its `!`) as items: `*`, `**`, a class, a literal, each maybe with `?` or `+`. */
function itemsOf(pattern: string): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*") {
      const deep = pattern[i + 1] === "*";
      if (deep) i++;
      items.push({ takes: deep ? () => true : (c) => c !== "/", optional: true, repeats: true, named: [] });
    } else if ((ch === "?" || ch === "+") && items.length && !items.at(-1)!.repeats) {
      const last = items.at(-1)!;
      if (ch === "?") last.optional = true;
      else last.repeats = true;
    } else {
      const end = ch === "[" ? pattern.indexOf("]", i + 1) : -1;
      const lit = ch === "\\" && i + 1 < pattern.length ? pattern[++i]! : ch;
      const named = end === -1 ? [lit] : classChars(pattern.slice(i + 1, end));
      if (end !== -1) i = end;
      items.push({ takes: (c) => named.includes(c), optional: false, repeats: false, named });
    }
  }
  return items;
}

/** The characters of a class body (`0-9a-z`, `abc`). */
function classChars(body: string): string[] {
  const out: string[] = [];
  for (let j = 0; j < body.length; j++)
    if (body[j + 1] === "-" && j + 2 < body.length) {
      for (let c = body.charCodeAt(j); c <= body.charCodeAt(j + 2); c++) out.push(String.fromCharCode(c));
      j += 2;
    } else out.push(body[j]!);
  return out;
}

/**
 * A pattern as a small automaton: state `2i + taken` is "before item i" (`taken` once a
 * repeating item has taken a character), so that any filter can be searched exactly.
 */
class Glob {
  readonly items: Item[];
  constructor(pattern: string) {
    this.items = itemsOf(pattern);
  }
  /** The states reachable without reading a character. */
  close(states: Iterable<number>): Set<number> {
    const out = new Set<number>();
    const todo = [...states];
    while (todo.length) {
      const s = todo.pop()!;
      if (out.has(s)) continue;
      out.add(s);
      const item = this.items[s >> 1];
      if (item && (item.optional || (s & 1) === 1)) todo.push(((s >> 1) + 1) << 1);
    }
    return out;
  }
  step(states: Set<number>, ch: string): Set<number> {
    const next: number[] = [];
    for (const s of states) {
      const item = this.items[s >> 1];
      if (item?.takes(ch)) next.push(item.repeats ? s | 1 : ((s >> 1) + 1) << 1);
    }
    return this.close(next);
  }
  accepts = (states: Set<number>) => states.has(this.items.length << 1);
}

/**
 * A value that passes an include list or an ignore list, or undefined when none does
 * (`tags-ignore: ['**']`, `tags: ['!*']`, `['v*', '!v*']`). Exact: a breadth-first search
 * over the patterns' automata together, reading the characters the patterns name, `/`,
 * and one character none names (every other one behaves like it); the shortest value found.
 */
export function valuePassing(
  include: readonly string[] | undefined,
  ignore: readonly string[] | undefined,
): string | undefined {
  const raw = [...(include ?? []), ...(ignore ?? [])];
  const globs = raw.map((p) => new Glob(p.replace(/^!/, "")));
  const named = new Set(globs.flatMap((g) => g.items.flatMap((i) => i.named)));
  const other = [..."xzq_~0v"].find((c) => !named.has(c)) ?? "\u00e9";
  const alphabet = [...new Set([...named, "/", other])];
  const passes = (states: Set<number>[]) => {
    const matched = (i: number) => globs[i]!.accepts(states[i]!);
    if (include) return include.reduce((sel, p, i) => (matched(i) ? !p.startsWith("!") : sel), false);
    return !globs.some((_, i) => matched(i));
  };
  const key = (states: Set<number>[]) => states.map((s) => [...s].sort().join(",")).join("|");
  let frontier: [string, Set<number>[]][] = [["", globs.map((g) => g.close([0]))]];
  const seen = new Set([key(frontier[0]![1])]);
  while (frontier.length && seen.size < 20_000) {
    const next: typeof frontier = [];
    for (const [value, states] of frontier) {
      if (passes(states)) return value;
      for (const ch of alphabet) {
        const moved = states.map((s, i) => globs[i]!.step(s, ch));
        const k = key(moved);
        if (!seen.has(k)) {
          seen.add(k);
          next.push([value + ch, moved]);
        }
      }
    }
    frontier = next;
  }
  // Searched out, or too many states (a filter no workflow is written with): none found.
  return undefined;
}
