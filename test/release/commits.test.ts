import assert from "node:assert/strict";
import { test } from "node:test";
import {
  gitSubject,
  isMergeSubject,
  isReleaseCommit,
  parseCommit,
  revertPairs,
  suggestBump,
} from "../../tasks/lib/release/commits.ts";
import { commitsSince, parseLogRecords } from "../../tasks/lib/release/git.ts";
import { gitdir } from "../helpers/gitdir.ts";

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

// Niamoto's release script reads `git log --format=%s`, which is the whole first paragraph (two of
// its v0.20.0 commits have a several-line first paragraph, listed joined in its CHANGELOG). git is the
// judge here: messages committed verbatim (no clean-up), then read back both ways.
test("gitSubject() and parseCommit().paragraph agree with git's own %s, whitespace included", (t) => {
  const repo = gitdir();
  t.after(() => repo.cleanup());
  const messages = [
    "feat(api): accept a token  \n   indented continuation\t\nthird line\n\nThe body.",
    "\n\nfix: after leading blank lines\nand a second line\n  \t \nbody after a whitespace-only line",
    "fix: windows line ends\r\ncontinued\r\n\r\nbody",
    "Not conventional at all\nstill the subject\n\nbody",
    "docs: one line only\n\nbody\nmore body",
    "refactor: box drawing pasted    │\n│   - a row   │\n│   - b row   │",
    "feat: feat again\nsecond",
  ];
  for (const m of messages) repo.git("commit", "-q", "--allow-empty", "--cleanup=verbatim", "-m", m);
  const subjects = repo.git("log", "-z", "--format=%s").split("\0").filter(Boolean);
  return commitsSince(repo.dir, undefined).then((raw) => {
    assert.equal(raw.length, messages.length);
    raw.forEach((c, i) => {
      assert.equal(gitSubject(c.message), subjects[i], JSON.stringify(c.message));
      const p = parseCommit(c.sha, c.message);
      const header = /^\S+?: /.exec(subjects[i]!)?.[0] ?? "";
      const multi = subjects[i] !== p.description && subjects[i] !== `${header}${p.description}`;
      // the first line stays the description; the joined paragraph is carried only when it differs
      assert.equal(p.paragraph, multi ? subjects[i]!.slice(header.length) : undefined, subjects[i]);
    });
    const byDesc = (d: string) => raw.map((c) => parseCommit(c.sha, c.message)).find((p) => p.description === d)!;
    assert.equal(byDesc("accept a token").paragraph, "accept a token    indented continuation third line");
    assert.equal(byDesc("accept a token").scope, "api");
    assert.equal(byDesc("after leading blank lines").type, "fix");
    assert.equal(byDesc("windows line ends").paragraph, "windows line ends continued");
    assert.equal(byDesc("Not conventional at all").paragraph, "Not conventional at all still the subject");
    assert.equal(byDesc("feat again").paragraph, "feat again second");
  });
});

// What the changelog writers list as `, closes #n`, as seen in real histories: standard-version's
// `Closes #621, #620` (last paragraph) and `fixes: #294`; release-please-action's `Fixes #325` footer;
// commit-and-tag-version's `Fixes #268` inside the body and `✅ Closes: #276`, which release-please
// did not list; standard-version listing a body line's bare `(#495)` (conventional-commits-parser).
test("parseCommit() reads the issues a commit closes: closing footers, and every issue the body names", () => {
  const refs = (m: string) => parseCommit("a", m).refs;
  assert.deepEqual(refs("fix: no quotes (#619)\n\n- by @someone\n\nCloses #621, #620 "), {
    footers: ["621", "620"],
    body: ["621", "620"],
  });
  assert.deepEqual(refs("fix: private module (#296)\n\nfixes: #294"), { footers: ["294"], body: ["294"] });
  assert.deepEqual(refs("fix: log the version (#910)\n\nFixes #325\nFixes #910"), { footers: ["325"], body: ["325"] });
  assert.deepEqual(refs("fix: keep attributes (#279)\n\nText.\n\nFixes #268\n\nCo-authored-by: A <a@b>"), {
    body: ["268"],
  });
  assert.deepEqual(refs("fix: bump parser (#277)\n\n✅ Closes: #276\n\nCo-authored-by: A <a@b>"), { body: ["276"] });
  assert.deepEqual(refs("fix!: drop composer\n\n- not needed (#495)\n- Closes #394\n\nBREAKING CHANGE: gone"), {
    body: ["495", "394"],
  });
  assert.equal(refs("fix: x (#12)\n\nsee https://example.com/a#frag and &#39;"), undefined);
  assert.equal(refs("fix: one line"), undefined);
});

// googleapis/release-please-action 3.7.13: `Revert "fix: bump release-please from 15.13.0 to 16.1.0" (#847)`,
// made with GitHub's Revert button (body `Reverts owner/repo#845`, no sha), undoes `fix: … (#845)`;
// `git revert` writes `This reverts commit <sha>.` instead.
test("revertPairs() pairs a revert with what it reverts, by sha or by GitHub's quoted subject", () => {
  const sha = (c: string) => c.repeat(40);
  const list = [
    parseCommit(sha("4"), 'Revert "fix: bump the parser to 16 (#845)" (#847)\n\nReverts acme/demo#845'),
    parseCommit(sha("3"), `Revert "feat: add a flag"\n\nThis reverts commit ${sha("1").slice(0, 12)}.`),
    parseCommit(sha("2"), "fix: bump the parser to 16 (#845)"),
    parseCommit(sha("1"), "feat: add a flag"),
    parseCommit(sha("0"), 'Revert "fix: something released long ago"'),
  ];
  assert.deepEqual(
    revertPairs(list).map((p) => `${p.by.sha[0]}->${p.reverted.sha[0]}`),
    ["4->2", "3->1"],
  );
  assert.deepEqual(list[1]!.reverts, { sha: sha("1").slice(0, 12), subject: "feat: add a flag" });
  assert.equal(list[2]!.reverts, undefined);
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

test("isMergeSubject(): git's and GitHub's merge subjects (a flattened merge), not changes that start with Merge", () => {
  const table: [string, boolean][] = [
    // Niamoto's one-parent `Merge main into feature/gui-configuration`, which its script leaves out
    ["Merge main into feature/gui-configuration", true],
    ["Merge branch 'main' into feature/x", true],
    ["Merge branch 'desktop-route-memory'", true],
    ["Merge branches 'a' and 'b'", true],
    ["Merge remote-tracking branch 'origin/main'", true],
    ["Merge pull request #169 from niamoto/feat/pre-import-file-guidance", true],
    ["Merge tag 'v1.2.0'", true],
    ["Merge commit 'abc1234'", true],
    ["Merge duplicate taxa in the importer", false],
    ["Merge the two config loaders", false],
    ["feat: merge main into the report", false],
    ["Merged main", false],
  ];
  for (const [subject, merge] of table) assert.equal(isMergeSubject(subject), merge, subject);
});

test("commitsSince: a branch without commits has none; a range that git refuses is an error, not an empty history", async (t) => {
  const repo = gitdir();
  t.after(() => repo.cleanup());
  assert.deepEqual(await commitsSince(repo.dir, undefined), []);
  assert.deepEqual(await commitsSince(repo.dir, "v1.0.0"), []);
  repo.commit("feat: first");
  assert.deepEqual(
    (await commitsSince(repo.dir, undefined)).map((c) => c.message.trim()),
    ["feat: first"],
  );
  await assert.rejects(commitsSince(repo.dir, "v9.9.9"), /v9\.9\.9/);
});
