/**
 * The shapes a new user brings, one case each (issue 23): a file that only ever had
 * fixes, Keep a Changelog by hand with a breaking change, a hand-filled [Unreleased],
 * a flat list of free-form commits, one section of evidence, no CHANGELOG at all, and
 * link references in the file's own shape. Written in our own words; where a fact came
 * from a real repository, the test names it.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  changelogFacts,
  createChangelog,
  insertSection,
  planChangelog,
  readChangelog,
} from "../../tasks/lib/release/changelog.ts";
import { type ParsedCommit, parseCommit } from "../../tasks/lib/release/commits.ts";
import { check, cutInProcess, releaseRepo } from "./helpers.ts";

const sha = (c: string) => c.repeat(40).slice(0, 40);
const commits = (list: [string, string][]) => list.map(([s, m]) => parseCommit(sha(s), m));

interface Case {
  text: string | null;
  tags?: string[];
  ranges?: Record<string, ParsedCommit[]>;
  version: string;
  commits: ParsedCommit[];
  repository?: string;
}

/** The cut's CHANGELOG part on a file and a commit set, and the file it writes. */
async function cut(c: Case) {
  const tags = (c.tags ?? ["v1.0.0"]).map((tag) => ({ tag, version: tag.replace(/^v/, "") }));
  const facts = await changelogFacts({
    path: "CHANGELOG.md",
    text: c.text,
    tagPrefix: "v",
    tags,
    lastVersion: tags[0]!.version,
    headVersion: undefined,
    commitsBetween: async (a, b) => c.ranges?.[`${a}..${b}`] ?? [],
  });
  const links = { repository: c.repository, tag: `v${c.version}`, previousTag: tags[0]!.tag };
  const plan = planChangelog({
    facts,
    overrides: {},
    infer: true,
    ...links,
    version: c.version,
    date: "2025-03-01",
    commits: c.commits,
    releaseCommits: [],
  });
  const o = { ...links, label: plan.label, sectionGap: plan.style.gaps.section };
  const file =
    c.text === null ? createChangelog(plan.section, o) : insertSection(await readChangelog(c.text), plan.section, o);
  return { plan, file };
}

// The sample in examples/ before this issue: its file only ever had `### Fixed`, and the cut
// of two features and a perf change listed the fixes only.
const ONLY_FIXES = `# Changelog

## [Unreleased]

## [0.4.2] - 2024-11-04

### Fixed

- **export:** keep plot identifiers (4be11a2)

## [0.4.1] - 2024-10-21

### Fixed

- **desktop:** wait for the sidecar (9d0c3f1)
`;

test("a file that only ever listed fixes: features go under Added and a perf change under Changed, nothing is left out", async () => {
  const { plan } = await cut({
    text: ONLY_FIXES,
    tags: ["v0.4.2"],
    version: "0.5.0",
    commits: commits([
      ["6", "chore(deps): bump pandas"],
      ["5", "feat: export a plot list as CSV"],
      ["4", "perf(import): stream CSV files"],
      ["3", "fix: keep the sidecar alive"],
      ["2", "feat(map): cluster field plots"],
    ]),
  });
  assert.equal(
    plan.section,
    [
      "## [0.5.0] - 2025-03-01",
      "",
      "### Added",
      "",
      "- **map:** cluster field plots (2222222)",
      "- export a plot list as CSV (5555555)",
      "",
      "### Changed",
      "",
      "- **import:** stream CSV files (4444444)",
      "",
      "### Fixed",
      "",
      "- keep the sidecar alive (3333333)",
      "",
      "### Other",
      "",
      "- **deps:** bump pandas (6666666)",
      "",
    ].join("\n"),
  );
  assert.deepEqual(plan.leftOut, []);
});

test("a feature after a chore still goes under Added: the catch-all the writer adds takes only what no heading takes", async () => {
  const { plan } = await cut({
    text: ONLY_FIXES,
    tags: ["v0.4.2"],
    version: "0.5.0",
    commits: commits([
      ["2", "feat: export a plot list as CSV"],
      ["1", "chore: adopt the release toolkit"],
    ]),
  });
  assert.match(
    plan.section,
    /### Added\n\n- export a plot list as CSV \(2222222\)\n\n### Other\n\n- adopt the release toolkit/,
  );
});

// Keep a Changelog written by hand: Added / Fixed, link references at the bottom (the shape
// keepachangelog.com shows). A `refactor!:` made the release major and was missing from it.
const KAC = `# Changelog

All notable changes to this project will be documented in this file.

## [Unreleased]

## [1.4.0] - 2024-09-10

### Added

- Support for YAML config files.

### Fixed

- Crash when the config file is empty.

## [1.3.0] - 2024-08-01

### Added

- A --quiet flag.

[Unreleased]: https://github.com/acme/tool/compare/v1.4.0...HEAD
[1.4.0]: https://github.com/acme/tool/compare/v1.3.0...v1.4.0
[1.3.0]: https://github.com/acme/tool/compare/v1.2.0...v1.3.0
`;

test("Keep a Changelog by hand: a breaking refactor and a perf change go under Changed, the breaking one marked; links move", async () => {
  const { plan, file } = await cut({
    text: KAC,
    tags: ["v1.4.0", "v1.3.0"],
    version: "2.0.0",
    repository: "acme/tool",
    commits: commits([
      ["2", "perf: cache the parsed config"],
      ["1", "refactor!: drop the legacy v0 config format"],
    ]),
  });
  assert.equal(
    plan.section,
    "## [2.0.0] - 2025-03-01\n\n### Changed\n\n- **BREAKING:** Drop the legacy v0 config format\n- Cache the parsed config\n",
  );
  assert.deepEqual(plan.leftOut, []);
  assert.ok(
    file.endsWith(
      "[Unreleased]: https://github.com/acme/tool/compare/v2.0.0...HEAD\n" +
        "[2.0.0]: https://github.com/acme/tool/compare/v1.4.0...v2.0.0\n" +
        "[1.4.0]: https://github.com/acme/tool/compare/v1.3.0...v1.4.0\n" +
        "[1.3.0]: https://github.com/acme/tool/compare/v1.2.0...v1.3.0\n",
    ),
    file,
  );
});

test("a hand-filled [Unreleased] wins: its entries are the section, one heading per category, no commit listed twice", async () => {
  const text = KAC.replace(
    "## [Unreleased]\n",
    "## [Unreleased]\n\n### Added\n\n- Export the report as CSV.\n- Dark mode, by hand (#41).\n\n### Removed\n\n- The old --legacy flag.\n",
  );
  const { plan, file } = await cut({
    text,
    tags: ["v1.4.0", "v1.3.0"],
    version: "1.5.0",
    repository: "acme/tool",
    commits: commits([
      ["4", "feat: add a config check"],
      ["3", "fix: keep the window size"],
      ["2", "feat: toggle the theme (#41)"],
      ["1", "feat: export the report as CSV"],
    ]),
  });
  assert.equal(
    plan.section,
    [
      "## [1.5.0] - 2025-03-01",
      "",
      "### Added",
      "",
      "- Export the report as CSV.",
      "- Dark mode, by hand (#41).",
      "- Add a config check",
      "",
      "### Removed",
      "",
      "- The old --legacy flag.",
      "",
      "### Fixed",
      "",
      "- Keep the window size",
      "",
    ].join("\n"),
  );
  // recognised by its words and by its pull request number; the plan says which entry describes it
  assert.deepEqual(
    plan.leftOut.map((l) => `${l.sha[0]} ${l.rule}`),
    ["1 described-by-hand", "2 described-by-hand"],
  );
  // the [Unreleased] heading stays, empty; its entries moved into the section
  assert.match(file, /## \[Unreleased\]\n\n## \[1\.5\.0\] - 2025-03-01\n\n### Added\n/);
  assert.equal(file.match(/Export the report as CSV/g)?.length, 1);
});

test("when an entry only resembles a commit, the commit is listed once more rather than dropped", async () => {
  const text = KAC.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Added\n\n- CSV.\n");
  const { plan } = await cut({
    text,
    tags: ["v1.4.0", "v1.3.0"],
    version: "1.5.0",
    commits: commits([["1", "feat: export the report as CSV"]]),
  });
  assert.match(plan.section, /### Added\n\n- CSV\.\n- Export the report as CSV\n/);
  assert.deepEqual(plan.leftOut, []);
});

test("a flat list and free-form commits: every commit is an entry of the list, as written", async () => {
  const text = "# Changes\n\n## 1.0.0\n\n- Initial release\n- Add an export button\n";
  const { plan } = await cut({
    text,
    version: "1.1.0",
    commits: commits([
      ["3", "Bump the lockfile"],
      ["2", "Fix tooltip position on Safari"],
      ["1", "Add dark mode toggle"],
    ]),
  });
  assert.equal(
    plan.section,
    "## 1.1.0\n\n- Add dark mode toggle\n- Fix tooltip position on Safari\n- Bump the lockfile\n",
  );
  assert.doesNotMatch(plan.section, /No user-facing changes/);
  assert.deepEqual(plan.leftOut, []);
});

test("a breaking change in a flat list is marked", async () => {
  const { plan } = await cut({
    text: "# Changes\n\n## 1.0.0\n\n- Initial release\n",
    version: "2.0.0",
    commits: commits([["1", "feat!: drop Node 18"]]),
  });
  assert.equal(plan.section, "## 2.0.0\n\n- **BREAKING:** Drop Node 18\n");
});

test("thin evidence (one section, one entry): what it shows is followed, nothing it does not show is invented", async () => {
  const text = "# Changelog\n\n## [1.0.0] - 2024-01-01\n\n### Fixed\n\n- Fix the crash on start\n";
  const { plan } = await cut({
    text,
    version: "1.1.0",
    commits: commits([
      ["2", "fix(ui): align the tooltip"],
      ["1", "feat(export): add CSV export"],
    ]),
  });
  assert.equal(
    plan.section,
    "## [1.1.0] - 2025-03-01\n\n### Added\n\n- Add CSV export\n\n### Fixed\n\n- Align the tooltip\n",
  );
});

test("no commit at all: the section says so; commits all left out by visible rules say so too", async () => {
  const none = await cut({ text: ONLY_FIXES, tags: ["v0.4.2"], version: "0.4.3", commits: [] });
  assert.match(none.plan.section, /_No user-facing changes\._/);
  const merges = await cut({
    text: ONLY_FIXES,
    tags: ["v0.4.2"],
    version: "0.4.3",
    commits: commits([["1", "Merge branch 'main' into feature/x"]]),
  });
  assert.deepEqual(
    merges.plan.leftOut.map((l) => l.rule),
    ["merge-subject"],
  );
});

// git-cliff's and Keep a Changelog's link references differ: lower-case `[unreleased]`, two-dot
// compare links, oldest first (cjaunay/auto-changelog and hansifer/tab-copy show such files).
test("link references keep the file's case, compare shape and order", async () => {
  const text = `# Changelog

## [1.2.0] - 2025-02-05

### Added

- New methods

## [1.1.0] - 2025-02-01

### Changed

- Update the docs

[1.1.0]: https://github.com/acme/lib/compare/1.0.0..1.1.0
[1.2.0]: https://github.com/acme/lib/compare/1.1.0..1.2.0
[unreleased]: https://github.com/acme/lib/compare/1.2.0..HEAD
`;
  const { file } = await cut({
    text,
    tags: ["v1.2.0", "v1.1.0"],
    version: "1.3.0",
    commits: commits([["1", "feat: x"]]),
  });
  assert.ok(
    file.endsWith(
      "[1.1.0]: https://github.com/acme/lib/compare/1.0.0..1.1.0\n" +
        "[1.2.0]: https://github.com/acme/lib/compare/1.1.0..1.2.0\n" +
        "[1.3.0]: https://github.com/acme/lib/compare/1.2.0..1.3.0\n" +
        "[unreleased]: https://github.com/acme/lib/compare/1.3.0..HEAD\n",
    ),
    file,
  );
  // no [Unreleased] link: the newest version's link is the model
  const noUnreleased = text.replace(/\[unreleased\]:.*\n/, "");
  const second = await cut({
    text: noUnreleased,
    tags: ["v1.2.0", "v1.1.0"],
    version: "1.3.0",
    commits: commits([["1", "feat: x"]]),
  });
  assert.ok(
    second.file.endsWith(
      "[1.2.0]: https://github.com/acme/lib/compare/1.1.0..1.2.0\n[1.3.0]: https://github.com/acme/lib/compare/1.2.0..1.3.0\n",
    ),
    second.file,
  );
});

test("a type the file proves it omits is left out by name; one unlisted commit next to a rewritten entry is listed", async () => {
  // every entry of 1.4.0 is made from a commit, and the range's chore commit is in none
  const text = KAC;
  const range = commits([
    ["c", "chore: tidy the scripts"],
    ["b", "fix: crash when the config file is empty"],
    ["a", "feat: support for YAML config files"],
  ]);
  const next = commits([
    ["e", "chore: bump the linter"],
    ["d", "fix: keep the cursor"],
  ]);
  const proven = await cut({
    text,
    tags: ["v1.4.0", "v1.3.0"],
    ranges: { "v1.3.0..v1.4.0": range },
    version: "1.4.1",
    commits: next,
  });
  assert.deepEqual(proven.plan.style.omit, ["chore"]);
  assert.deepEqual(
    proven.plan.leftOut.map((l) => `${l.subject}: ${l.rule}`),
    ["chore: bump the linter: omitted-type"],
  );
  // the fix's entry rewritten by hand: the chore could be what it describes, so nothing is proven
  const rewritten = text.replace("- Crash when the config file is empty.", "- No more crash on an empty file.");
  const unsure = await cut({
    text: rewritten,
    tags: ["v1.4.0", "v1.3.0"],
    ranges: { "v1.3.0..v1.4.0": range },
    version: "1.4.1",
    commits: next,
  });
  assert.deepEqual(unsure.plan.style.omit, []);
  // the entries end in a full stop, as the file writes them
  assert.match(unsure.plan.section, /### Other\n\n- Bump the linter\.\n/);
});

test("no CHANGELOG: the cut creates one in Keep a Changelog's shape, and the plan says so", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.git("rm", "-q", "CHANGELOG.md");
  repo.commit("feat: add a export button", { "a.txt": "1" });
  const r = await cutInProcess(repo, []);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(check(r, "changelog.unreleased-missing").status, "pass");
  assert.match(check(r, "changelog.unreleased-missing").message, /creates it \(Keep a Changelog\)/);
  assert.equal(r.json.plan.changelog.mode, "create");
  assert.ok(r.json.plan.filesChanged.includes("CHANGELOG.md"));
  assert.match(r.json.plan.changelog.section, /^## \[1\.3\.0\] - 2025-01-01\n\n### Added\n\n- add a export button/);
  // the file it writes reads back with the new version, under a fresh [Unreleased]
  const created = createChangelog(r.json.plan.changelog.section, {
    repository: "acme/demo",
    tag: "v1.3.0",
    previousTag: "v1.2.3",
    label: "1.3.0",
    sectionGap: 1,
  });
  const doc = await readChangelog(created);
  assert.deepEqual(
    doc.sections.map((s) => s.version),
    ["1.3.0"],
  );
  assert.ok(doc.unreleased);
  assert.match(created, /\n\[Unreleased\]: https:\/\/github\.com\/acme\/demo\/compare\/v1\.3\.0\.\.\.HEAD\n/);
});

test("changelog.keep: false writes the release notes only: no file created, nothing to stage", async (t) => {
  const repo = releaseRepo({
    extra: { "release.config.ts": 'export default { name: "demo", changelog: { keep: false } };\n' },
  });
  t.after(repo.cleanup);
  repo.git("rm", "-q", "CHANGELOG.md");
  repo.commit("fix: keep the cursor", { "a.txt": "1" });
  const r = await cutInProcess(repo, []);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(check(r, "changelog.unreleased-missing").status, "skip");
  assert.equal(r.json.plan.changelog.mode, "notes-only");
  assert.ok(!r.json.plan.filesChanged.includes("CHANGELOG.md"));
  assert.ok(!r.json.plan.stage.includes("CHANGELOG.md"));
  assert.match(r.json.plan.releaseNotes, /### Fixed\n\n- keep the cursor/);
  assert.ok(!existsSync(join(repo.dir, "CHANGELOG.md")));
  void readFileSync;
});

// fluent/fluentd writes `## Release v1.19.3 - 2026/06/25`: a word before the version, a date with slashes.
test("a heading with a word before the version and a slashed date is a version section, and the new one is written alike", async () => {
  const text =
    "# Changes\n\n## Release v1.1.0 - 2024/06/25\n\n### Bug fix\n\n* Keep the buffer\n\n## Release v1.0.0 - 2024/02/13\n\n### New feature\n\n* First\n";
  const doc = await readChangelog(text);
  assert.deepEqual(
    doc.sections.map((s) => [s.version, s.date]),
    [
      ["1.1.0", "2024/06/25"],
      ["1.0.0", "2024/02/13"],
    ],
  );
  const { plan } = await cut({
    text,
    tags: ["v1.1.0", "v1.0.0"],
    version: "1.2.0",
    commits: commits([["1", "fix: keep the cursor"]]),
  });
  assert.match(plan.section, /^## Release v1\.2\.0 - 2025\/03\/01\n/);
});

// python-semantic-release 8 (dsun0720/semantic-release-demo) and jlongyam/repo list the subject as
// written: `* feat: add x ([`sha`](…))`, its type and scope kept.
test("entries that show the subject's `type(scope): ` keep it for every type", async () => {
  const text =
    "# CHANGELOG\n\n## v1.1.0 (2024-11-04)\n\n### Feature\n\n* feat(ui): add a theme\n\n### Fix\n\n* fix: keep the cursor\n\n## v1.0.0 (2024-11-01)\n\n### Feature\n\n* feat: first\n";
  const { plan } = await cut({
    text,
    tags: ["v1.1.0", "v1.0.0"],
    ranges: {
      "v1.0.0..v1.1.0": commits([
        ["b", "fix: keep the cursor"],
        ["a", "feat(ui): add a theme"],
      ]),
    },
    version: "1.2.0",
    commits: commits([
      ["d", "fix(api): retry once"],
      ["c", "feat: export CSV"],
    ]),
  });
  assert.equal(plan.style.entry, "* {typePrefix}{description}");
  assert.match(plan.section, /### Feature\n\n\* feat: export CSV\n\n### Fix\n\n\* fix\(api\): retry once\n/);
});
