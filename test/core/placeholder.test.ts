/**
 * A placeholder version (core/version-sources/placeholder.ts), over generated tag sets: a
 * version some tag names is never one, and one is called a placeholder only with at least
 * two stable releases tagged above it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { PLACEHOLDER_RELEASES, placeholderOf } from "../../tasks/lib/core/version-sources/placeholder.ts";

const parts = fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3));
const spell = ([a, b, c]: [number, number, number], prefix: string, twoPart: boolean, rc: boolean) =>
  `${prefix}${a}.${b}${twoPart && c === 0 ? "" : `.${c}`}${rc ? "-rc.1" : ""}`;
const tag = fc
  .tuple(parts, fc.constantFrom("", "v", "app-v"), fc.boolean(), fc.boolean())
  .map(([p, prefix, two, rc]) => ({ parts: p, name: spell(p, prefix, two, rc), rc }));
const above = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;

test("invariant: a version a tag names is never a placeholder; a placeholder has enough stable releases above it", () => {
  fc.assert(
    fc.property(fc.array(tag, { maxLength: 8 }), parts, fc.boolean(), (tags, v, named) => {
      const version = v.join(".");
      const names = tags.map((t) => t.name).concat(named ? [spell(v, "v", true, false)] : []);
      const p = placeholderOf(version, names);
      if (named) assert.equal(p, undefined, `${version} is tagged`);
      if (!p) return;
      const stableAbove = tags.filter((t) => !t.rc && above(t.parts, v) > 0);
      assert.ok(stableAbove.length >= PLACEHOLDER_RELEASES, `${p.above.join(", ")} above ${version}`);
      assert.ok(!tags.some((t) => above(t.parts, v) === 0), "no tag names it");
    }),
  );
});

test("placeholderOf(): the shapes by hand", () => {
  assert.deepEqual(placeholderOf("1.0.0", ["v1.1.0", "v1.8.2", "v1.8.2-hotfix4"]), {
    version: "1.0.0",
    above: ["v1.8.2", "v1.1.0"],
  });
  assert.equal(placeholderOf("1.0.0", ["v1.1.0"]), undefined, "one release above: left unbumped once");
  assert.equal(placeholderOf("1.0.0", ["v1.0", "v1.1.0", "v1.2.0"]), undefined, "v1.0 names it");
  assert.equal(placeholderOf("2.0.0", ["v1.1.0", "v1.2.0"]), undefined, "the releases are below it");
  assert.equal(placeholderOf("not-a-version", ["v1.1.0", "v1.2.0"]), undefined);
});
