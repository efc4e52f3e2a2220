/**
 * One case per real CHANGELOG style: a file written in that style (in our own words,
 * modelled on what the named project's file shows), the commits its newest section was
 * made from, and the next release's commits. Each case asserts that every version is
 * recognised, the style inferred, the new section byte-identical to the style's own
 * sections, and every byte outside the new section unchanged.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { changelogFacts, insertSection, planChangelog, readChangelog } from "../../tasks/lib/release/changelog.ts";
import { type ParsedCommit, parseCommit } from "../../tasks/lib/release/commits.ts";

const sha = (c: string) => c.repeat(40).slice(0, 40);
const commits = (list: [string, string][]) => list.map(([s, m]) => parseCommit(sha(s), m));

interface Case {
  text: string;
  tags: string[];
  /** commits per `from..to` range of the example sections, newest first */
  ranges: Record<string, ParsedCommit[]>;
  next: { version: string; date: string; commits: ParsedCommit[] };
  repository?: string;
}

async function cut(c: Case) {
  const tags = c.tags.map((tag) => ({ tag, version: tag.replace(/^v/, "") }));
  const facts = await changelogFacts({
    path: "CHANGELOG.md",
    text: c.text,
    tagPrefix: "v",
    tags,
    lastVersion: tags[0]!.version,
    headVersion: undefined,
    commitsBetween: async (a, b) => c.ranges[`${a}..${b}`] ?? [],
  });
  const plan = planChangelog({
    facts,
    overrides: {},
    infer: true,
    version: c.next.version,
    tag: `v${c.next.version}`,
    previousTag: tags[0]!.tag,
    repository: c.repository,
    date: c.next.date,
    commits: c.next.commits,
    releaseCommits: [],
  });
  const doc = await readChangelog(c.text);
  const file = insertSection(doc, plan.section, {
    repository: c.repository,
    tag: `v${c.next.version}`,
    previousTag: tags[0]!.tag,
    label: plan.label,
    sectionGap: plan.style.gaps.section,
  });
  return { facts, plan, file, doc };
}

/** The file with `section` inserted at `at`: proves every other byte is unchanged. */
const spliced = (text: string, at: string, section: string) => text.replace(at, `${section}${at}`);

// Niamoto (niamoto/niamoto, CHANGELOG.md and scripts/build/niamoto_release.py): `## [v0.20.5] - date`
// under `## [Unreleased]`; Features, Performance, Bug Fixes, Refactoring, Documentation, Other; the
// subject's description capitalised, no scope, no hash; entries newest first; everything else in Other.
const NIAMOTO = `# Changelog

All notable changes to this project will be documented in this file.

## [Unreleased]

## [v0.4.1] - 2026-02-03

### Bug Fixes

- Stop losing the export folder
- Keep map tiles when offline

### Other

- Bump the lockfile

## [v0.4.0] - 2026-01-20

### Features

- Add a plot widget

### Performance

- Cache the taxonomy tree

### Bug Fixes

- Handle empty imports

### Documentation

- Describe the plugin hooks

### Other

- Tidy the build scripts
`;

test("Niamoto's style: [v…] headings, capitalised entries without scope or hash, newest first, catch-all Other", async () => {
  const r = await cut({
    text: NIAMOTO,
    tags: ["v0.4.1", "v0.4.0", "v0.3.0"],
    ranges: {
      "v0.4.0..v0.4.1": commits([
        ["3", "chore(deps): bump the lockfile"],
        ["2", "fix(export): stop losing the export folder"],
        ["1", "fix(map): keep map tiles when offline"],
      ]),
      "v0.3.0..v0.4.0": commits([
        ["9", "build: tidy the build scripts"],
        ["8", "docs: describe the plugin hooks"],
        ["7", "fix: handle empty imports"],
        ["6", "perf(taxonomy): cache the taxonomy tree"],
        ["5", "feat(widgets): add a plot widget"],
      ]),
    },
    next: {
      version: "0.5.0",
      date: "2026-03-01",
      commits: commits([
        ["e", "Update screenshots"],
        ["d", "ci: run the tests on macOS"],
        ["c", "fix(gui): restore the window size"],
        ["b", "feat: import GeoPackage layers"],
        ["a", "feat(site): add a page builder"],
      ]),
    },
  });
  assert.deepEqual(r.facts.versions, ["0.4.1", "0.4.0"]);
  const s = r.plan.style;
  assert.equal(s.heading, "## [{tag}] - {date}");
  assert.deepEqual(
    s.categories.map((c) => c.title),
    ["Features", "Performance", "Bug Fixes", "Documentation", "Other"],
  );
  assert.equal(s.categories.at(-1)!.catchAll, true);
  assert.equal(s.entry, "- {scope}{description}");
  assert.equal(s.scope, "");
  assert.equal(s.capitalize, true);
  assert.equal(s.order, "newest");
  assert.equal(r.plan.sources.capitalize, "file+commits");
  const section =
    "## [v0.5.0] - 2026-03-01\n\n### Features\n\n- Import GeoPackage layers\n- Add a page builder\n\n" +
    "### Bug Fixes\n\n- Restore the window size\n\n### Other\n\n- Update screenshots\n- Run the tests on macOS\n";
  assert.equal(r.plan.section, section);
  assert.deepEqual(r.plan.leftOut, []);
  assert.equal(r.file, spliced(NIAMOTO, "## [v0.4.1]", `${section}\n`));
});

// release-please (googleapis/release-please-action, CHANGELOG.md): no [Unreleased]; `## [x.y.z](compare) (date)`,
// two blank lines after the heading and between categories; `* **scope:** desc ([#n](issues/n)) ([sha7](commit/sha))`;
// sorted by scope then description; chore/build/ci commits not listed.
const RP = `# Changelog

## [1.4.0](https://github.com/acme/widget/compare/v1.3.0...v1.4.0) (2024-03-02)


### Features

* add a retry flag ([#12](https://github.com/acme/widget/issues/12)) ([${sha("2").slice(0, 7)}](https://github.com/acme/widget/commit/${sha("2")}))
* **api:** zero timeouts ([${sha("1").slice(0, 7)}](https://github.com/acme/widget/commit/${sha("1")}))
* **cli:** print the version ([${sha("4").slice(0, 7)}](https://github.com/acme/widget/commit/${sha("4")}))


### Bug Fixes

* **deps:** update the parser ([#11](https://github.com/acme/widget/issues/11)) ([${sha("3").slice(0, 7)}](https://github.com/acme/widget/commit/${sha("3")}))

## [1.3.0](https://github.com/acme/widget/compare/v1.2.0...v1.3.0) (2024-01-10)


### Features

* first feature ([${sha("0").slice(0, 7)}](https://github.com/acme/widget/commit/${sha("0")}))
`;

test("release-please's style: compare-link headings, bold scopes, issue and commit links, sorted by scope", async () => {
  const r = await cut({
    text: RP,
    tags: ["v1.4.0", "v1.3.0", "v1.2.0"],
    repository: "acme/widget",
    ranges: {
      "v1.3.0..v1.4.0": commits([
        ["5", "chore: build dist"],
        ["4", "feat(cli): print the version"],
        ["3", "fix(deps): update the parser (#11)"],
        ["2", "feat: add a retry flag (#12)"],
        ["1", "feat(api): zero timeouts"],
      ]),
    },
    next: {
      version: "1.4.1",
      date: "2024-04-05",
      commits: commits([
        ["7", "fix(deps): update the parser to 2.0 (#15)"],
        ["6", "chore: build dist"],
        ["5", "fix: keep the exit code (#14)"],
      ]),
    },
  });
  assert.deepEqual(r.facts.versions, ["1.4.0", "1.3.0"]);
  const s = r.plan.style;
  assert.equal(s.heading, "## [{version}]({repoUrl}/compare/{previousTag}...{tag}) ({date})");
  assert.equal(s.entry, "* {scope}{description} ([{shortSha}]({repoUrl}/commit/{sha}))");
  assert.equal(s.scope, "**{scope}:** ");
  assert.equal(s.issueLinks, true);
  assert.equal(s.capitalize, false);
  assert.equal(s.order, "scope");
  assert.deepEqual(s.gaps, { heading: 2, title: 1, category: 2, breaking: 2, section: 1 });
  const u = "https://github.com/acme/widget";
  const section =
    `## [1.4.1](${u}/compare/v1.4.0...v1.4.1) (2024-04-05)\n\n\n### Bug Fixes\n\n` +
    `* keep the exit code ([#14](${u}/issues/14)) ([5555555](${u}/commit/${sha("5")}))\n` +
    `* **deps:** update the parser to 2.0 ([#15](${u}/issues/15)) ([7777777](${u}/commit/${sha("7")}))\n`;
  assert.equal(r.plan.section, section);
  // chore is hidden in this style: left out, and the plan says why
  assert.deepEqual(
    r.plan.leftOut.map((l) => l.subject),
    ["chore: build dist"],
  );
  assert.equal(r.file, spliced(RP, "## [1.4.0]", `${section}\n`));
});

// conventional-changelog via standard-version (absolute-version/commit-and-tag-version, CHANGELOG.md, its
// 2019–2021 sections): minor and major at `##`, patch releases at `### [x.y.z](compare) (date)`.
const CC = `# Changelog

All notable changes to this project will be documented in this file. See [standard-version](https://github.com/conventional-changelog/standard-version) for commit guidelines.

### [2.0.1](https://github.com/acme/tool/compare/v2.0.0...v2.0.1) (2021-02-06)


### Bug Fixes

* **bump:** keep the tag message ([${sha("b").slice(0, 7)}](https://github.com/acme/tool/commit/${sha("b")}))

## [2.0.0](https://github.com/acme/tool/compare/v1.9.0...v2.0.0) (2020-12-01)


### ⚠ BREAKING CHANGES

* drop node 8

### Features

* drop node 8 ([${sha("a").slice(0, 7)}](https://github.com/acme/tool/commit/${sha("a")}))
`;

test("conventional-changelog's style: patch headings one level deeper, breaking changes listed first", async () => {
  const r = await cut({
    text: CC,
    tags: ["v2.0.1", "v2.0.0", "v1.9.0"],
    repository: "acme/tool",
    ranges: { "v2.0.0..v2.0.1": commits([["b", "fix(bump): keep the tag message"]]) },
    next: { version: "2.1.0", date: "2021-04-06", commits: commits([["c", "feat!: read the config from TOML"]]) },
  });
  assert.deepEqual(r.facts.versions, ["2.0.1", "2.0.0"]);
  assert.equal(r.plan.style.heading, "## [{version}]({repoUrl}/compare/{previousTag}...{tag}) ({date})");
  assert.equal(r.plan.style.patchHeading, "### [{version}]({repoUrl}/compare/{previousTag}...{tag}) ({date})");
  assert.deepEqual(r.plan.style.categories[0], { title: "⚠ BREAKING CHANGES", types: ["!"] });
  const u = "https://github.com/acme/tool";
  const section =
    `## [2.1.0](${u}/compare/v2.0.1...v2.1.0) (2021-04-06)\n\n\n### ⚠ BREAKING CHANGES\n\n* read the config from TOML ([ccccccc](${u}/commit/${sha("c")}))\n\n` +
    `### Features\n\n* read the config from TOML ([ccccccc](${u}/commit/${sha("c")}))\n`;
  assert.equal(r.plan.section, section);
  assert.equal(r.file, spliced(CC, "### [2.0.1]", `${section}\n`));
});

// git-cliff (orhun/git-cliff, CHANGELOG.md): a preamble, `## [x.y.z](compare with ..) - date`, emoji titles,
// `- *(scope)* Desc - ([sha7](commit))`, scoped entries first (by scope), then unscoped; two blank lines between
// sections; a closing comment line.
const CLIFF = `[![logo](https://example.org/logo.png)](https://example.org)

## [0.3.0](https://github.com/acme/cli/compare/v0.2.0..v0.3.0) - 2024-05-01

### ⛰️  Features

- *(args)* Add a quiet flag - ([${sha("4").slice(0, 7)}](https://github.com/acme/cli/commit/${sha("4")}))
- *(config)* Read the home config - ([${sha("3").slice(0, 7)}](https://github.com/acme/cli/commit/${sha("3")}))
- Support colours - ([${sha("5").slice(0, 7)}](https://github.com/acme/cli/commit/${sha("5")}))

### 🐛 Bug Fixes

- *(git)* Skip empty tags - ([${sha("2").slice(0, 7)}](https://github.com/acme/cli/commit/${sha("2")}))


## [0.2.0](https://github.com/acme/cli/compare/v0.1.0..v0.2.0) - 2024-03-01

### ⚙️ Miscellaneous Tasks

- Release 0.2.0 - ([${sha("1").slice(0, 7)}](https://github.com/acme/cli/commit/${sha("1")}))

<!-- generated by git-cliff -->
`;

test("git-cliff's style: emoji titles, italic scopes, scoped entries first, two blank lines between sections", async () => {
  const r = await cut({
    text: CLIFF,
    tags: ["v0.3.0", "v0.2.0", "v0.1.0"],
    repository: "acme/cli",
    ranges: {
      "v0.2.0..v0.3.0": commits([
        ["5", "feat: support colours"],
        ["4", "feat(args): add a quiet flag"],
        ["3", "feat(config): read the home config"],
        ["2", "fix(git): skip empty tags"],
      ]),
    },
    next: {
      version: "0.4.0",
      date: "2024-06-01",
      commits: commits([
        ["8", "feat: print a summary"],
        ["7", "fix(args): reject empty values"],
        ["6", "feat(remote): fetch the tags"],
      ]),
    },
  });
  const s = r.plan.style;
  assert.equal(s.heading, "## [{version}]({repoUrl}/compare/{previousTag}..{tag}) - {date}");
  assert.equal(s.entry, "- {scope}{description} - ([{shortSha}]({repoUrl}/commit/{sha}))");
  assert.equal(s.scope, "*({scope})* ");
  assert.equal(s.order, "scoped-first-oldest");
  assert.equal(s.gaps.section, 2);
  const u = "https://github.com/acme/cli";
  const e = (c: string, text: string) => `- ${text} - ([${sha(c).slice(0, 7)}](${u}/commit/${sha(c)}))`;
  const section =
    `## [0.4.0](${u}/compare/v0.3.0..v0.4.0) - 2024-06-01\n\n### ⛰️  Features\n\n` +
    `${e("6", "*(remote)* Fetch the tags")}\n${e("8", "Print a summary")}\n\n### 🐛 Bug Fixes\n\n${e("7", "*(args)* Reject empty values")}\n`;
  assert.equal(r.plan.section, section);
  assert.equal(r.file, spliced(CLIFF, "## [0.3.0]", `${section}\n\n`));
});

test("readChangelog() recognises every common heading shape, any depth, prefixed or not, yanked", async () => {
  const text = [
    "# Changelog",
    "## [Unreleased]",
    "## [3.0.0] - 2024-06-01",
    "## [v2.9.0] - 2024-05-01",
    "## 2.8.0 (2024-04-01)",
    "## v2.7.0",
    "## [2.6.0](https://github.com/o/r/compare/v2.5.0...v2.6.0) (2024-02-01)",
    "### [2.5.1](https://github.com/o/r/compare/v2.5.0...v2.5.1) (2024-01-15)",
    "# [2.5.0](https://github.com/o/r/compare/v2.4.0...v2.5.0) (2024-01-01)",
    "## [2.4.0] - 2023-12-01 [YANKED]",
    "## app-v2.3.0 - 2023-11-01",
    "## 2.2.0-rc.1",
    "## Notes on 2.1.0",
    "## 1.2.3.4",
  ].join("\n\n");
  const doc = await readChangelog(`${text}\n`);
  assert.deepEqual(
    doc.sections.map((s) => s.version),
    ["3.0.0", "2.9.0", "2.8.0", "2.7.0", "2.6.0", "2.5.1", "2.5.0", "2.4.0", "2.3.0", "2.2.0-rc.1"],
  );
  assert.ok(doc.unreleased);
  assert.deepEqual(
    doc.sections.map((s) => s.label),
    ["3.0.0", "v2.9.0", "2.8.0", "v2.7.0", "2.6.0", "2.5.1", "2.5.0", "2.4.0", "app-v2.3.0", "2.2.0-rc.1"],
  );
  assert.equal(doc.sections.find((s) => s.version === "2.4.0")!.yanked, true);
  assert.equal(doc.sections.find((s) => s.version === "2.8.0")!.date, "2024-04-01");
});

test("config keys override the learned style, and the plan says which came from where", async () => {
  const tags = [{ tag: "v0.4.1", version: "0.4.1" }];
  const facts = await changelogFacts({
    path: "CHANGELOG.md",
    text: NIAMOTO,
    tagPrefix: "v",
    tags,
    lastVersion: "0.4.1",
    headVersion: undefined,
    commitsBetween: async () => [],
  });
  const plan = planChangelog({
    facts,
    overrides: {
      heading: "## {version} ({date})",
      categories: [
        { title: "New", types: ["feat"] },
        { title: "Everything else", types: [], catchAll: true },
      ],
      entry: "* {description}",
      notesHeader: "## What's Changed",
    },
    infer: true,
    version: "0.5.0",
    tag: "v0.5.0",
    previousTag: "v0.4.1",
    repository: "o/r",
    date: "2026-03-01",
    commits: commits([
      ["b", "fix: b"],
      ["a", "feat: a"],
    ]),
    releaseCommits: [{ sha: sha("f"), subject: "release: v0.4.1" }],
  });
  assert.equal(plan.section, "## 0.5.0 (2026-03-01)\n\n### New\n\n* A\n\n### Everything else\n\n* B\n");
  assert.equal(plan.sources.heading, "config");
  assert.equal(plan.sources.categories, "config");
  assert.equal(plan.sources.capitalize, "file");
  assert.match(plan.notes, /^## What's Changed\n\n### New/);
  assert.deepEqual(plan.leftOut, [{ sha: sha("f"), subject: "release: v0.4.1", reason: "release commit" }]);
});

// Niamoto's tags v0.4.1..v0.19.1 belong to a history rewritten later: they are not ancestors of
// v0.20.0, whose section lists the 1,073 commits since v0.4.0. A range many times longer than
// its section (here 3 entries against more than 300 commits) is read only up to the cap and not
// learned from; a range of the section's own size is.
test("an example range far longer than its section is read up to a cap and left out; one of its size is learned", async () => {
  const text =
    "# Changelog\n\n## [1.1.0] - 2026-02-01\n\n### Fixed\n\n- a\n- b\n- c\n\n## [1.0.0] - 2026-01-01\n\n### Fixed\n\n- x\n";
  const tags = [
    { tag: "v1.1.0", version: "1.1.0" },
    { tag: "v1.0.0", version: "1.0.0" },
  ];
  const asked: (number | undefined)[] = [];
  const facts = (count: number) =>
    changelogFacts({
      path: "CHANGELOG.md",
      text,
      tagPrefix: "v",
      tags,
      lastVersion: "1.1.0",
      headVersion: undefined,
      commitsBetween: async (_a, _b, maxCount) => {
        asked.push(maxCount);
        const all = Array.from({ length: count }, (_, i) => `fix: ${["a", "b", "c"][i] ?? `other ${i}`}`);
        return commits(all.slice(0, maxCount).map((m, i) => [String(i + 1), m] as [string, string]));
      },
    });
  const long = await facts(5000);
  assert.deepEqual(long.examples, []);
  assert.equal(asked[0], 301, "at most the cap plus one commit is read");
  const own = await facts(3);
  assert.deepEqual(own.examples, [{ version: "1.1.0", range: "v1.0.0..v1.1.0", commits: 3 }]);
});
