/**
 * The tag prefix rule adoption and the zero-config plan share (core/config/tag-prefix.ts)
 * and the release docs' statement it weighs (stated-tag.ts). Invariants over generated
 * tag sets first, then the shapes seen in real repositories, in our own words.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { formPrefix, releaseDocs, statedTag, taggedBy } from "../../tasks/lib/core/config/stated-tag.ts";
import { tagPrefixOf, type VersionTag } from "../../tasks/lib/core/config/tag-prefix.ts";

const PREFIXES = ["", "v", "release-", "app-v", "pkg-v"];
const version = fc.tuple(fc.nat(12), fc.nat(30), fc.nat(30)).map((p) => p.join("."));
/** Few versions: the same version on two lines is common. */
const smallVersion = fc.tuple(fc.nat(2), fc.nat(2), fc.nat(1)).map((p) => p.join("."));

test("invariant: the chosen prefix is always one of the lines still in use, and the input order never matters", () => {
  const tags = fc.uniqueArray(
    // Few distinct times: ties between lines are common, and must not be decided by input order.
    fc.record({ prefix: fc.constantFrom(...PREFIXES), version: smallVersion, time: fc.integer({ min: 1, max: 4 }) }),
    { minLength: 1, maxLength: 12, selector: (t) => `${t.prefix}${t.version}` },
  );
  fc.assert(
    fc.property(tags, fc.infiniteStream(fc.nat()), (ts, seeds) => {
      const input: VersionTag[] = ts.map((t) => ({ name: `${t.prefix}${t.version}`, time: t.time }));
      const r = tagPrefixOf(input)!;
      assert.ok(r.active.some((l) => l.prefix === r.prefix));
      assert.equal(r.active[0]!.prefix, r.prefix, "the chosen line comes first");
      const it = seeds[Symbol.iterator]();
      const shuffled = [...input].sort(() => ((it.next().value as number) % 3) - 1);
      const again = tagPrefixOf(shuffled)!;
      assert.equal(again.prefix, r.prefix);
      assert.deepEqual(again.active, r.active);
    }),
  );
});

test("counterexample kept: two lines whose newest tags share version and time are ordered by name, not by input order", () => {
  const a = { name: "app-v2.2.1", time: 1 };
  const b = { name: "2.2.1", time: 1 };
  assert.equal(tagPrefixOf([a, b])!.prefix, tagPrefixOf([b, a])!.prefix);
  assert.deepEqual(tagPrefixOf([a, b])!.active, tagPrefixOf([b, a])!.active);
});

test("tags made in the same second are never a take-over: a monorepo tool tags every component at once", () => {
  // Found while testing: with `<=` on times, web-v (lower versions) was retired by api-v tagged in the same second.
  const r = tagPrefixOf([
    { name: "web-v0.3.0", time: 7 },
    { name: "api-v2.0.0", time: 7 },
  ])!;
  assert.deepEqual(r.active.map((l) => l.prefix).sort(), ["api-v", "web-v"]);
  assert.deepEqual(r.retired, []);
});

test("invariant: a line another took over (older and lower) never wins, however many tags it has", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), (oldCount, newCount) => {
      // The old line ends at 0.<oldCount>.0; the new one continues above it, later.
      const old = Array.from({ length: oldCount }, (_, i) => ({ name: `v0.${i}.0`, time: i }));
      const next = Array.from({ length: newCount }, (_, i) => ({ name: `0.${oldCount + i}.0`, time: 100 + i }));
      const r = tagPrefixOf([...old, ...next])!;
      assert.equal(r.prefix, "");
      assert.deepEqual(
        r.retired.map((l) => l.prefix),
        ["v"],
      );
    }),
  );
});

test("invariant: one prefix in every tag is that prefix", () => {
  fc.assert(
    fc.property(fc.constantFrom(...PREFIXES), fc.uniqueArray(version, { minLength: 1, maxLength: 8 }), (p, vs) => {
      assert.equal(tagPrefixOf(vs.map((v) => `${p}${v}`))!.prefix, p);
    }),
  );
});

test("tagPrefixOf(): the issue's repository — v0.9.0 before bare 0.11.0, and a contributing guide saying tags are bare", () => {
  const tags = [
    { name: "v0.8.0", time: 10 },
    { name: "v0.9.0", time: 20 },
    { name: "0.10.0", time: 30 },
    { name: "0.11.0", time: 40 },
  ];
  const r = tagPrefixOf(tags)!;
  assert.equal(r.prefix, "");
  assert.match(r.why, /newest version tag 0\.11\.0.*older tags "v" \(to v0\.9\.0\) stopped before it/);
  const stated = { prefix: "", where: "CONTRIBUTING.md:12", text: "0.11.0" };
  const withDocs = tagPrefixOf(tags, { stated })!;
  assert.equal(withDocs.prefix, "");
  assert.match(withDocs.why, /CONTRIBUTING\.md:12 tags releases as 0\.11\.0, as the tags do/);
  assert.equal(withDocs.disagreement, undefined);
  // Docs still showing the old form: the tags decide, and the disagreement is said.
  const stale = tagPrefixOf(tags, { stated: { prefix: "v", where: "RELEASING.md:3", text: "v1.2.3" } })!;
  assert.equal(stale.prefix, "");
  assert.match(
    stale.disagreement!,
    /RELEASING\.md:3 tags releases as v1\.2\.3 \(prefix "v"\), but the newest tags read 0\.11\.0/,
  );
});

test("tagPrefixOf(): several lines in use are kept apart — the project's own line, the others listed, old bare tags retired", () => {
  // pypa/hatch at ed8e30b: early bare tags, then hatch-vX and hatchling-vX interleaved.
  const tags = [
    { name: "0.11.0", time: 1 },
    { name: "0.23.0", time: 2 },
    { name: "hatchling-v0.1.0", time: 3 },
    { name: "hatch-v1.0.0", time: 4 },
    { name: "hatchling-v1.30.0", time: 5 },
    { name: "hatch-v1.17.0", time: 6 },
    { name: "hatchling-v1.32.0", time: 8 },
    { name: "hatch-v1.18.0", time: 7 },
  ];
  const r = tagPrefixOf(tags, { projectName: "hatch" })!;
  assert.equal(r.prefix, "hatch-v");
  assert.deepEqual(
    r.active.map((l) => l.prefix),
    ["hatch-v", "hatchling-v"],
  );
  assert.deepEqual(
    r.retired.map((l) => l.prefix),
    [""],
  );
  // Without a name to go by: the line with the newest tag; the caller asks about the other.
  assert.equal(tagPrefixOf(tags)!.prefix, "hatchling-v");
  // The docs name the line: it wins over the newest tag.
  const stated = { prefix: "hatch-v", where: "docs/meta/release.md:5", text: "hatch-v$VERSION" };
  assert.equal(tagPrefixOf(tags, { stated })!.prefix, "hatch-v");
});

test("tagPrefixOf(): no tag — the docs' form, else nothing (the caller asks)", () => {
  assert.equal(tagPrefixOf([]), undefined);
  const r = tagPrefixOf([], { stated: { prefix: "", where: "CONTRIBUTING.md:4", text: "1.2.0" } })!;
  assert.equal(r.prefix, "");
  assert.deepEqual(r.active, []);
});

test("taggedBy() and formPrefix(): the tag a docs command creates, and what stands before its version", () => {
  const table: [string, string | undefined][] = [
    ['git tag -a 0.11.0 -m "Release 0.11.0"', ""],
    ['git tag -m "Release it" -a v1.4.0', "v"],
    ['$ git tag -s "v$VERSION"', "v"],
    ["git tag ${VERSION}", ""],
    ["gh release create v1.2.3 --generate-notes", "v"],
    ["git tag app-v<version>", "app-v"],
    ["git tag vX.Y.Z", "v"],
    ["git tag -d v1.0.0", undefined],
    ["git tag --list", undefined],
    ["git tag $TAG", undefined],
    ["git push origin main", undefined],
  ];
  for (const [line, want] of table) {
    const tag = taggedBy(line);
    assert.equal(tag === undefined ? undefined : formPrefix(tag), want, line);
  }
});

test("statedTag(): code in the release docs, or a tag written as code in a sentence about tags; README examples are not read", async () => {
  const docs = releaseDocs([
    "README.md",
    "CONTRIBUTING.md",
    "docs/maintainers/releasing.md",
    "src/notes.md",
    ".github/PUBLISHING.md",
  ]);
  assert.deepEqual(docs, [".github/PUBLISHING.md", "docs/maintainers/releasing.md", "CONTRIBUTING.md"]);
  const fromCode = await statedTag([
    {
      path: "CONTRIBUTING.md",
      text: "# Releasing\n\nRun:\n\n```sh\ngit tag -a 0.12.0 -m 'release'\ngit push --tags\n```\n",
    },
  ]);
  assert.deepEqual(fromCode, { prefix: "", where: "CONTRIBUTING.md:6", text: "0.12.0" });
  const fromProse = await statedTag([
    { path: "CONTRIBUTING.md", text: "# Versions\n\nRelease tags are bare versions such as `0.11.0` (no `v`).\n" },
  ]);
  assert.equal(fromProse?.prefix, "");
  // A version in a sentence that is not about tags says nothing.
  assert.equal(await statedTag([{ path: "CONTRIBUTING.md", text: "Python `3.12` is required.\n" }]), undefined);
});
