/**
 * The config validator (core/config/validate.ts): what it accepts and returns, and the
 * issues it reports, each with its path. The release config's own refusals are in
 * config.test.ts and test/workflows/config.test.ts; this is the builder underneath.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as v from "../../../tasks/lib/core/config/validate.ts";
import { parseConfig } from "../../../tasks/lib/core/config/parse.ts";

const issues = (schema: v.Schema<unknown, unknown>, value: unknown) => {
  const r = schema.safeParse(value);
  assert.equal(r.success, false, `accepted ${JSON.stringify(value)}`);
  return r.error!.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`);
};

test("strict objects: every issue of the value, each at its path; unknown keys named; optional keys left out stay out", () => {
  const s = v.strictObject({
    name: v.string().min(1),
    port: v.number().int().positive().optional(),
    tags: v.array(v.string()).default(["a"]),
    mode: v.enumOf(["fast", "safe"]).default("safe"),
  });
  assert.deepEqual(s.parse({ name: "x" }), { name: "x", tags: ["a"], mode: "safe" });
  assert.ok(!("port" in s.parse({ name: "x" })), "an optional key left out is not present as undefined");
  assert.deepEqual(issues(s, { name: "", port: 1.5, tags: ["ok", 3], mode: "slow", colour: 1, size: 2 }), [
    "name: must not be empty",
    "port: must be a whole number",
    "tags.1: expected string, got number 3",
    'mode: expected one of "fast" | "safe", got string "slow"',
    "(top): unknown key(s): colour, size",
  ]);
  const unknown = s.safeParse({ name: "x", colour: 1 });
  assert.deepEqual(unknown.error?.issues[0]?.keys, ["colour"]);
  assert.deepEqual(issues(s, ["x"]), ["(top): expected object, got array"]);
  assert.deepEqual(issues(s, null), ["(top): expected object, got null"]);
});

test("defaults are fresh copies; prefault parses its value, so a section's own defaults apply", () => {
  const section = v.strictObject({ globs: v.array(v.string()).default(["*.md"]), on: v.boolean().default(true) });
  const s = v.strictObject({ docs: section.prefault({}) });
  const a = s.parse({});
  assert.deepEqual(a, { docs: { globs: ["*.md"], on: true } });
  a.docs.globs.push("changed");
  assert.deepEqual(s.parse({}).docs.globs, ["*.md"], "a caller changing its config changes no other");
  assert.deepEqual(s.parse({ docs: { on: false } }), { docs: { globs: ["*.md"], on: false } });
  // the release config's own defaults, twice: no shared arrays either
  const one = parseConfig({ name: "a" }, "a");
  one.docs.globs.length = 0;
  assert.ok(parseConfig({ name: "b" }, "b").docs.globs.length > 0);
});

test("refinements run on a valid value only, and report at the path they name", () => {
  let calls = 0;
  const s = v.strictObject({ mode: v.enumOf(["onedir", "onefile"]), bin: v.string().optional() }).refine(
    (x) => {
      calls++;
      return x.bin === undefined || x.mode === "onefile";
    },
    { message: "a bin is one file", path: ["mode"] },
  );
  assert.deepEqual(issues(v.strictObject({ app: s }), { app: { mode: "onedir", bin: "b" } }), [
    "app.mode: a bin is one file",
  ]);
  assert.equal(calls, 1);
  issues(s, { mode: "other", bin: "b" });
  assert.equal(calls, 1, "not run on a value that is already invalid");
  const listed = v.array(v.string()).superRefine((xs, ctx) => {
    xs.forEach((x, i) => {
      if (x.startsWith("-")) ctx.addIssue({ code: "custom", path: [i], message: `${x}: not a flag` });
    });
  });
  assert.deepEqual(issues(listed, ["a", "-b", "-c"]), ["1: -b: not a flag", "2: -c: not a flag"]);
});

test("unions: the first option that fits; else the issues of the option of the value's kind, or the kinds that fit", () => {
  const file = v.union([
    v.string().min(1),
    v.strictObject({ path: v.string().min(1), kind: v.enumOf(["json"]).optional() }),
  ]);
  assert.equal(file.parse("a.json"), "a.json");
  assert.deepEqual(file.parse({ path: "a" }), { path: "a" });
  assert.deepEqual(issues(file, { path: "a", kind: "toml" }), ['kind: expected one of "json", got string "toml"']);
  assert.deepEqual(issues(file, ""), ["(top): must not be empty"]);
  assert.deepEqual(issues(file, 3), ["(top): expected string or object, got number 3"]);
});

test("strings, numbers, records: formats, bounds and keys", () => {
  assert.deepEqual(issues(v.string().regex(/^\w+$/, "must be a word"), "a b"), ["(top): must be a word"]);
  assert.deepEqual(issues(v.string().url(), "not a url"), ["(top): must be a URL"]);
  assert.equal(v.string().url().parse("https://example.org/api"), "https://example.org/api");
  assert.deepEqual(issues(v.number().nonnegative(), -1), ["(top): must be 0 or more"]);
  assert.deepEqual(issues(v.number(), Number.NaN), ["(top): expected number, got number NaN"]);
  assert.deepEqual(issues(v.array(v.string()).min(1), []), ["(top): must list at least 1"]);
  const env = v.record(v.string().regex(/^[A-Z_]+$/, "must be a variable name"), v.string());
  assert.deepEqual(env.parse({ MODE: "gui" }), { MODE: "gui" });
  assert.deepEqual(issues(env, { "BAD-NAME": "1", OK: 2 }), [
    "BAD-NAME: must be a variable name",
    "OK: expected string, got number 2",
  ]);
  assert.throws(() => v.boolean().parse("yes"), /expected boolean, got string "yes"/);
});

test("keyPaths(): every key an object declares, through defaults, refinements, lists, records and unions", () => {
  const schema = v.strictObject({
    name: v.string(),
    section: v
      .strictObject({ size: v.number().default(1), inner: v.strictObject({ deep: v.boolean() }).optional() })
      .prefault({}),
    list: v.array(v.strictObject({ path: v.string() })).default([]),
    either: v.union([v.string(), v.strictObject({ a: v.string() }), v.strictObject({ b: v.string(), a: v.string() })]),
    byName: v.record(v.string(), v.strictObject({ x: v.number() })),
    checked: v.strictObject({ y: v.string() }).refine(() => true, "never"),
    plain: v.array(v.string()),
  });
  assert.deepEqual(schema.keyPaths(), [
    "name",
    "section",
    "section.size",
    "section.inner",
    "section.inner.deep",
    "list",
    "list[].path",
    "either",
    "either.a",
    "either.b",
    "byName",
    "byName.*.x",
    "checked",
    "checked.y",
    "plain",
  ]);
});
