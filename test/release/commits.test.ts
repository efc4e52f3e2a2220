import assert from "node:assert/strict";
import { test } from "node:test";
import { isReleaseCommit, parseCommit, suggestBump } from "../../tasks/lib/release/commits.ts";
import { parseLogRecords } from "../../tasks/lib/release/git.ts";

test("parseCommit() reads type, scope, ! and the description", () => {
  const c = parseCommit("abc", "feat(map)!: drop the legacy tile server");
  assert.equal(c.type, "feat");
  assert.equal(c.scope, "map");
  assert.equal(c.breaking, true);
  assert.equal(c.description, "drop the legacy tile server");
  assert.deepEqual(c.breakingNotes, ["drop the legacy tile server"]);
  assert.equal(parseCommit("a", "Fix: Upper case type").type, "fix");
});

test("parseCommit() finds BREAKING CHANGE and BREAKING-CHANGE footers, multi-line, among other footers", () => {
  const c = parseCommit(
    "abc",
    "refactor: new config loader\n\nBody text.\n\nReviewed-by: Z\nBREAKING CHANGE: the `paths` key is gone;\nuse `versionFiles`.\nRefs: #12\nBREAKING-CHANGE: Python 3.10 is no longer supported",
  );
  assert.equal(c.breaking, true);
  assert.deepEqual(c.breakingNotes, [
    "the `paths` key is gone;\nuse `versionFiles`.",
    "Python 3.10 is no longer supported",
  ]);
  assert.equal(parseCommit("a", "fix: x\n\nmentions BREAKING CHANGE: inline, not a footer").breaking, false);
});

test("parseCommit() keeps non-conventional subjects, with any characters", () => {
  const c = parseCommit("abc", 'Ünïcödé — "quotes" \x1e\x1f and tabs\t: fine');
  assert.equal(c.type, undefined);
  assert.equal(c.breaking, false);
  assert.match(c.description, /Ünïcödé/);
});

test("suggestBump(): breaking → major (minor below 1.0 when configured), feat → minor, else patch, none → nothing", () => {
  const feat = parseCommit("1", "feat: a");
  const fix = parseCommit("2", "fix: b");
  const brk = parseCommit("3", "fix: c\n\nBREAKING CHANGE: gone");
  assert.equal(suggestBump([fix], "1.2.3").bump, "patch");
  assert.equal(suggestBump([fix, parseCommit("9", "chore: x")], "1.2.3").bump, "patch");
  assert.equal(suggestBump([fix, feat], "1.2.3").bump, "minor");
  assert.equal(suggestBump([fix, feat, brk], "1.2.3").bump, "major");
  assert.equal(suggestBump([brk], "0.4.2").bump, "major");
  assert.equal(suggestBump([brk], "0.4.2", "minor").bump, "minor");
  assert.equal(suggestBump([brk], "1.4.2", "minor").bump, "major");
  assert.equal(suggestBump([], "1.2.3").bump, undefined);
});

test("isReleaseCommit() recognises release commits", () => {
  assert.ok(isReleaseCommit("release: v1.2.3"));
  assert.ok(isReleaseCommit("chore(release): 1.2.3"));
  assert.ok(!isReleaseCommit("feat: release notes view"));
});

test("parseLogRecords() splits NUL-separated records and keeps multi-line messages", () => {
  const out = "aaa\nfeat: one\n\nbody\n\0bbb\nfix: two\n\0";
  assert.deepEqual(parseLogRecords(out), [
    { sha: "aaa", message: "feat: one\n\nbody" },
    { sha: "bbb", message: "fix: two" },
  ]);
  assert.deepEqual(parseLogRecords(""), []);
});

test("parseCommit() counts a `BREAKING CHANGES:` footer (plural) with its list below it", () => {
  // Shape seen in Niamoto's history (a dependency upgrade): the plural footer, empty on its line, a list after it.
  const c = parseCommit(
    "abc",
    "chore(deps): upgrade the front end\n\nBREAKING CHANGES:\n- router 6 → 7 (future flags are now the default)\n- schema library 3 → 4",
  );
  assert.equal(c.breaking, true);
  assert.deepEqual(c.breakingNotes, ["- router 6 → 7 (future flags are now the default)\n- schema library 3 → 4"]);
});

test("parseCommit() ignores a BREAKING CHANGE footer inside a fenced code block of the body", () => {
  const body =
    "docs: how to write a breaking commit\n\nExample:\n\n```\nfeat: drop the v1 API\n\nBREAKING CHANGE: v1 is gone\n```\n\n~~~text\nBREAKING-CHANGE: also an example\n~~~\n";
  const c = parseCommit("abc", body);
  assert.equal(c.breaking, false);
  assert.deepEqual(c.breakingNotes, []);
  // A real footer after the fence still counts, and a fence inside a footer's text stays part of it.
  const real = parseCommit("a", `${body}\nBREAKING CHANGE: the flag is renamed\n\`\`\`\nold: --x\n\`\`\``);
  assert.deepEqual(real.breakingNotes, ["the flag is renamed\n```\nold: --x\n```"]);
});

test("isReleaseCommit() knows this tool's, release tools' and bump2version's release commits", () => {
  assert.equal(isReleaseCommit("release: v1.2.3"), true);
  assert.equal(isReleaseCommit("chore(release): 1.2.3"), true);
  // bump2version's default message, as in Niamoto's history (`Bump version: 0.8.1 → 0.9.0`).
  assert.equal(isReleaseCommit("Bump version: 0.8.1 → 0.9.0"), true);
  assert.equal(isReleaseCommit("Bump version: 0.8.1 -> 0.9.0\n\nbody"), true);
  assert.equal(isReleaseCommit("Bump versions of the test matrix"), false);
  assert.equal(isReleaseCommit("fix: release: not at the start"), false);
});
