/**
 * The push filter, held to GitHub's documented semantics ("Workflow syntax": `on.push.<branches|
 * tags|branches-ignore|tags-ignore>` and "Filter pattern cheat sheet") over generated filters:
 *
 * - `*` matches any characters but `/`, `**` any characters, `?` zero or one and `+` one or
 *   more of the character before, `[…]` one character of a class or range, `\` escapes; a
 *   pattern starting with `!` excludes what it matches, and the last matching pattern wins;
 * - an `-ignore` list keeps out what any of its patterns matches;
 * - with only branch filters, no tag push starts the workflow, and with only tag filters no
 *   branch push does; with neither, every push does;
 * - `paths` are not evaluated for tag pushes.
 *
 * The reference below is written from that text alone (a backtracking matcher, no regular
 * expression), so the model and it can disagree. And `listensToTags` says yes exactly when
 * some tag's push starts a workflow whose filter names tags: the false warning it fixes came
 * from bojanrajkovic/unquote, whose site deploy runs on pushes to main with
 * `tags-ignore: ['**']`, which the doctor had read as a tag line matching no tag.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { valuePassing } from "../../tasks/lib/workflows/filter.ts";
import { parseWorkflow } from "../../tasks/lib/workflows/read.ts";
import { listensToTags } from "../../tasks/lib/workflows/release-lines.ts";
import {
  parseTriggers,
  startsOn,
  tagStarting,
  type CutEvent,
  type PushFilters,
} from "../../tasks/lib/workflows/triggers.ts";

type Token = { lit: string } | { star: 1 | 2 } | { cls: string[] } | { rep: "?" | "+"; of: Token };

/** The cheat sheet's pattern syntax as tokens (a `?`/`+` binds to the token before it). */
function tokens(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*") {
      const two = pattern[i + 1] === "*";
      if (two) i++;
      out.push({ star: two ? 2 : 1 });
    } else if ((ch === "?" || ch === "+") && out.length) out.push({ rep: ch, of: out.pop()! });
    else if (ch === "[" && pattern.indexOf("]", i) > i) {
      const body = pattern.slice(i + 1, pattern.indexOf("]", i));
      const chars: string[] = [];
      for (let j = 0; j < body.length; j++)
        if (body[j + 1] === "-" && body[j + 2]) {
          for (let c = body.charCodeAt(j); c <= body.charCodeAt(j + 2); c++) chars.push(String.fromCharCode(c));
          j += 2;
        } else chars.push(body[j]!);
      out.push({ cls: chars });
      i = pattern.indexOf("]", i);
    } else if (ch === "\\" && i + 1 < pattern.length) out.push({ lit: pattern[++i]! });
    else out.push({ lit: ch });
  }
  return out;
}

/** One character against a single-character token. */
const one = (t: Token, c: string | undefined) =>
  c !== undefined && ("lit" in t ? t.lit === c : "cls" in t ? t.cls.includes(c) : false);

function match(ts: readonly Token[], s: string): boolean {
  if (ts.length === 0) return s.length === 0;
  const [t, ...rest] = ts as [Token, ...Token[]];
  if ("star" in t) {
    for (let k = 0; k <= s.length; k++) {
      if (match(rest, s.slice(k))) return true;
      if (t.star === 1 && s[k] === "/") return false;
    }
    return false;
  }
  if ("rep" in t) {
    if (t.rep === "?" && match(rest, s)) return true;
    for (let k = 0; one(t.of, s[k]); k++) {
      if (match(rest, s.slice(k + 1))) return true;
      if (t.rep === "?") return false;
    }
    return false;
  }
  return one(t, s[0]) && match(rest, s.slice(1));
}

/** An include list: the last pattern that matches decides. */
const selected = (value: string, patterns: readonly string[]) =>
  patterns.reduce((sel, p) => (match(tokens(p.replace(/^!/, "")), value) ? !p.startsWith("!") : sel), false);

type Ref = { kind: "tag" | "branch"; name: string };

/** GitHub's rule for a push, written from the documentation. */
function reference(f: PushFilters, ref: Ref): boolean {
  const branchFilter = f.branches ?? f["branches-ignore"];
  const tagFilter = f.tags ?? f["tags-ignore"];
  const [include, ignore, other] =
    ref.kind === "tag" ? [f.tags, f["tags-ignore"], branchFilter] : [f.branches, f["branches-ignore"], tagFilter];
  if (!(include ?? ignore)) return !other;
  if (include) return selected(ref.name, include);
  return !ignore!.some((p) => match(tokens(p), ref.name));
}

// Small alphabets, so that patterns and names meet often.
const piece = fc.constantFrom("v", "1", ".", "/", "a", "*", "**", "[0-9]", "[a-v]");
const pattern = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(piece, fc.constantFrom("", "", "", "?", "+")), { minLength: 1, maxLength: 4 }))
  .map(([neg, parts]) => (neg ? "!" : "") + parts.map(([p, rep]) => (p.includes("*") ? p : p + rep)).join(""));
const patterns = fc.array(pattern, { minLength: 1, maxLength: 3 });
const filterPair = (name: "branches" | "tags") =>
  fc.oneof(
    fc.constant({}),
    patterns.map((ps) => ({ [name]: ps })),
    patterns.map((ps) => ({ [`${name}-ignore`]: ps.map((p) => p.replace(/^!/, "")) })),
  );
const filters = fc.tuple(filterPair("branches"), filterPair("tags")).map(([b, t]) => ({ ...b, ...t }) as PushFilters);
const name = fc.array(fc.constantFrom("v", "1", "2", ".", "/", "a", "x"), { maxLength: 6 }).map((cs) => cs.join(""));

const workflow = (f: PushFilters) =>
  parseWorkflow(
    "w.yml",
    `on:\n  push: ${JSON.stringify(f)}\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo j\n`,
  );

test("invariant: startsOn agrees with GitHub's documented push filter on every generated filter, tag and branch", () => {
  fc.assert(
    fc.property(filters, name, fc.boolean(), (f, n, isTag) => {
      const t = parseTriggers({ push: f });
      const ref: Ref = { kind: isTag ? "tag" : "branch", name: n };
      const e: CutEvent = isTag ? { kind: "push-tag", tag: n } : { kind: "push-branch", branch: n, changedFiles: [] };
      assert.equal(startsOn(t, e), reference(f, ref), `${JSON.stringify(f)} ${ref.kind} ${n}`);
    }),
    { numRuns: 3000 },
  );
});

test("invariant: the tag tagStarting gives starts the workflow, and it gives one whenever some tag does", () => {
  fc.assert(
    fc.property(filters, fc.array(name, { minLength: 1, maxLength: 8 }), (f, names) => {
      const t = parseTriggers({ push: f });
      const witness = tagStarting(t);
      if (witness !== undefined) assert.ok(reference(f, { kind: "tag", name: witness }), `${witness} starts it`);
      const some = names.find((n) => reference(f, { kind: "tag", name: n }));
      if (some !== undefined) assert.notEqual(witness, undefined, `${JSON.stringify(f)}: ${some} starts it`);
      const namesTags = Boolean(f.tags ?? f["tags-ignore"]);
      assert.equal(listensToTags(workflow(f)), namesTags && witness !== undefined);
    }),
    { numRuns: 3000 },
  );
});

test("a branch workflow with tags-ignore: ['**'] listens to no tag; one that ignores only some tags listens to the rest (bojanrajkovic/unquote)", () => {
  const deploy = { branches: ["main"], paths: ["site/**"], "tags-ignore": ["**"] };
  assert.equal(tagStarting(parseTriggers({ push: deploy })), undefined);
  assert.equal(listensToTags(workflow(deploy)), false);
  assert.equal(
    startsOn(parseTriggers({ push: deploy }), { kind: "push-branch", branch: "main", changedFiles: ["site/a.md"] }),
    true,
  );
  // `*` stops at `/`: a tag with a slash still passes `tags-ignore: ['*']`.
  assert.match(tagStarting(parseTriggers({ push: { "tags-ignore": ["*"] } })) ?? "", /\//);
  assert.equal(listensToTags(workflow({ branches: ["main"], "tags-ignore": ["v*"] })), true);
  assert.equal(listensToTags(workflow({ tags: ["v*", "!v*"] })), false);
  assert.equal(listensToTags(workflow({ branches: ["main"] })), false, "branch filters alone: no tag");
  assert.equal(valuePassing(undefined, ["**"]), undefined);
});
