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
  assert.equal(s.closes, "none");
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

  // no evidence for wrapped subjects: conventional-commits-parser's header, the first line
  assert.equal(s.subject, "line");
  assert.equal(r.plan.sources.subject, "file");
  const wrapped = await cut({
    text: RP,
    tags: ["v1.4.0", "v1.3.0", "v1.2.0"],
    repository: "acme/widget",
    ranges: { "v1.3.0..v1.4.0": commits([["1", "feat(api): zero timeouts"]]) },
    next: { version: "1.4.1", date: "2024-04-05", commits: commits([["8", "fix: stop the crash\non resize"]]) },
  });
  assert.match(wrapped.plan.section, /^\* stop the crash \(\[/m);
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
  assert.deepEqual(plan.leftOut, [
    { sha: sha("f"), subject: "release: v0.4.1", rule: "release-commit", reason: "release commit" },
  ]);
});

// Niamoto (niamoto/niamoto, v0.20.0): its release script lists git's `%s`, the whole first paragraph
// joined by spaces: a commit whose first three lines were `feat: …`, `fix: …`, `fix: …` is one entry
// `- Add … fix: … fix: …`. A project whose tool reads the first line only lists `- Add …`.
const JOINED = `# Changelog

## [v0.8.0] - 2026-04-02

### Features

- Add a legend to the map fix: keep the legend visible fix: align the legend

### Bug Fixes

- Repair the import wizard
`;

test("multi-line first paragraphs: joined as git's %s or first line only, as the file shows; config overrides", async () => {
  const sevenEight = commits([
    ["2", "fix: repair the import wizard"],
    ["1", "feat: add a legend to the map\nfix: keep the legend visible\nfix: align the legend\n\nbody"],
  ]);
  const next = {
    version: "0.9.0",
    date: "2026-05-01",
    commits: commits([
      ["b", "fix: stop the crash  \n  on resize\n\nbody"],
      ["a", "feat: add a scale bar"],
    ]),
  };
  const joined = await cut({
    text: JOINED,
    tags: ["v0.8.0", "v0.7.0"],
    ranges: { "v0.7.0..v0.8.0": sevenEight },
    next,
  });
  assert.equal(joined.plan.style.subject, "paragraph");
  assert.equal(joined.plan.sources.subject, "file+commits");
  // git joins with one space and keeps the continuation line's own indentation
  assert.match(joined.plan.section, /^- Stop the crash   on resize$/m);
  assert.match(joined.plan.section, /^- Add a scale bar$/m);
  assert.equal(joined.plan.style.entry, "- {scope}{description}");

  const firstLine = JOINED.replace(" fix: keep the legend visible fix: align the legend", "");
  const line = await cut({
    text: firstLine,
    tags: ["v0.8.0", "v0.7.0"],
    ranges: { "v0.7.0..v0.8.0": sevenEight },
    next,
  });
  assert.equal(line.plan.style.subject, "line");
  assert.equal(line.plan.sources.subject, "file+commits");
  assert.match(line.plan.section, /^- Stop the crash$/m);

  // no several-line paragraph among the example's commits: no evidence, git's own subject (%s), so a
  // wrapped subject is not cut mid-sentence (Niamoto's v0.20.0, the first of its releases with such commits)
  const plain = await cut({
    text: firstLine,
    tags: ["v0.8.0", "v0.7.0"],
    ranges: {
      "v0.7.0..v0.8.0": commits([
        ["2", "fix: repair the import wizard"],
        ["1", "feat: add a legend to the map"],
      ]),
    },
    next,
  });
  assert.equal(plain.plan.style.subject, "paragraph");
  assert.equal(plain.plan.sources.subject, "default");
  assert.match(plain.plan.section, /^- Stop the crash   on resize$/m);

  const facts = await changelogFacts({
    path: "CHANGELOG.md",
    text: JOINED,
    tagPrefix: "v",
    tags: [
      { tag: "v0.8.0", version: "0.8.0" },
      { tag: "v0.7.0", version: "0.7.0" },
    ],
    lastVersion: "0.8.0",
    headVersion: undefined,
    commitsBetween: async () => sevenEight,
  });
  const overridden = planChangelog({
    facts,
    overrides: { subject: "line" },
    infer: true,
    version: "0.9.0",
    tag: "v0.9.0",
    previousTag: "v0.8.0",
    repository: undefined,
    date: "2026-05-01",
    commits: next.commits,
    releaseCommits: [],
  });
  assert.equal(overridden.sources.subject, "config");
  assert.match(overridden.section, /^- Stop the crash$/m);
});

// Niamoto (niamoto/niamoto, CHANGELOG.md before v0.19.0): its 12 newest sections never show Performance
// and Bug Fixes together, nor Refactoring at all; further down, v0.15.2 (written before its release
// script existed) lists Documentation before Refactoring, while v0.15.0, v0.14.0 and v0.13.0 list
// Features, Performance, Bug Fixes, Refactoring, Documentation, Other, the order v0.19.0 then used.
test("category order: a pair the newest sections never show together goes by the older sections' majority", async () => {
  const section = (minor: number, titles: string[]) =>
    `## [v0.${minor}.0] - 2026-01-${String(minor).padStart(2, "0")}\n\n${titles.map((t) => `### ${t}\n\n- Change under ${t.toLowerCase()}\n`).join("\n")}`;
  const recent = [
    ["Features", "Bug Fixes", "Other"],
    ["Features", "Performance"],
    ["Bug Fixes", "Documentation", "Other"],
  ];
  const sections: string[] = [];
  for (let i = 0; i < 12; i++) sections.push(section(40 - i, recent[i % recent.length]!));
  sections.push(section(28, ["Features", "Bug Fixes", "Documentation", "Refactoring", "Other"]));
  for (let i = 0; i < 3; i++)
    sections.push(section(27 - i, ["Features", "Performance", "Bug Fixes", "Refactoring", "Documentation", "Other"]));
  const text = `# Changelog\n\n${sections.join("\n")}`;
  const facts = await changelogFacts({
    path: "CHANGELOG.md",
    text,
    tagPrefix: "v",
    tags: [],
    lastVersion: "0.40.0",
    headVersion: undefined,
    commitsBetween: async () => [],
  });
  assert.deepEqual(
    facts.inferred.style.categories.map((c) => c.title),
    ["Features", "Performance", "Bug Fixes", "Refactoring", "Documentation", "Other"],
  );
  // the newest sections still win a disagreement inside their own window
  const flipped = text.replace(
    "### Features\n\n- Change under features\n\n### Performance",
    "### Performance\n\n- Change under performance\n\n### Features",
  );
  const f2 = await changelogFacts({
    ...{ path: "CHANGELOG.md", tagPrefix: "v", tags: [], headVersion: undefined },
    text: flipped,
    lastVersion: "0.40.0",
    commitsBetween: async () => [],
  });
  assert.deepEqual(f2.inferred.style.categories.map((c) => c.title).slice(0, 3), [
    "Performance",
    "Features",
    "Bug Fixes",
  ]);
});

// release-please (googleapis/release-please-action, CHANGELOG.md before 3.7.13): the newest section, 3.7.12,
// compares from v3.7.11, a release with no section of its own; its dozen newest sections list only
// unscoped `bump release-please …` fixes, and `* **deps:** …` entries appear further down.
test("release-please's style: a compare link from a sectionless tag, scopes shown only in older sections", async () => {
  const u = "https://github.com/acme/widget";
  const entry = (text: string, c: string) => `* ${text} ([${sha(c).slice(0, 7)}](${u}/commit/${sha(c)}))\n`;
  const section = (v: string, from: string, body: string) =>
    `## [${v}](${u}/compare/v${from}...v${v}) (2024-01-01)\n\n\n### Bug Fixes\n\n${body}`;
  const sections = [section("2.3.12", "2.3.10", entry("bump the parser to 1.12", "c"))];
  for (let i = 10; i >= 0; i--) sections.push(section(`2.3.${i}`, `2.2.${i}`, entry(`bump the parser to 1.${i}`, "d")));
  sections.push(section("2.2.0", "2.1.0", entry("**deps:** update the lexer", "e")));
  const text = `# Changelog\n\n${sections.join("\n")}`;
  const r = await cut({
    text,
    tags: ["v2.3.12", "v2.3.11", "v2.3.10"],
    repository: "acme/widget",
    ranges: { "v2.3.11..v2.3.12": commits([["c", "fix: bump the parser to 1.12"]]) },
    next: { version: "2.3.13", date: "2024-02-01", commits: commits([["f", "fix(deps): update the lexer to 3"]]) },
  });
  assert.equal(r.plan.style.heading, "## [{version}]({repoUrl}/compare/{previousTag}...{tag}) ({date})");
  assert.equal(r.plan.style.scope, "**{scope}:** ");
  assert.equal(
    r.plan.section,
    `## [2.3.13](${u}/compare/v2.3.12...v2.3.13) (2024-02-01)\n\n\n### Bug Fixes\n\n${entry("**deps:** update the lexer to 3", "f")}`,
  );
});

// conventional-changelog-writer's `, closes [#n](…)` after the commit link. standard-version
// (conventional-changelog/standard-version, 8.0.0) lists every issue a body line names, `- not needed
// (#495)` included; release-please (googleapis/release-please-action 4.0.2) lists closing footers only,
// not a `Fixes #268` inside the body (absolute-version/commit-and-tag-version 12.7.2).
test("`, closes #n` after entries: every issue the body names, closing footers only, or none, as the file shows", async () => {
  const u = "https://github.com/acme/tool";
  const link = (c: string) => `([${sha(c).slice(0, 7)}](${u}/commit/${sha(c)}))`;
  const issue = (n: number) => `[#${n}](${u}/issues/${n})`;
  const file = (entries: string) =>
    `# Changelog\n\n## [2.1.0](${u}/compare/v2.0.0...v2.1.0) (2024-02-01)\n\n\n### Bug Fixes\n\n${entries}`;
  const next = {
    version: "2.1.1",
    date: "2024-03-01",
    commits: commits([["9", "fix: keep the tag\n\nAs asked in #48.\n\nCloses #49"]]),
  };
  const run = (text: string, range: ParsedCommit[]) =>
    cut({ text, tags: ["v2.1.0", "v2.0.0"], repository: "acme/tool", ranges: { "v2.0.0..v2.1.0": range }, next });
  const heading = `## [2.1.1](${u}/compare/v2.1.0...v2.1.1) (2024-03-01)\n\n\n### Bug Fixes\n\n`;

  const body = await run(
    file(`* drop the composer files ${link("1")}, closes ${issue(45)} ${issue(39)}\n`),
    commits([["1", "fix: drop the composer files\n\n- not needed (#45)\n- Closes #39"]]),
  );
  assert.equal(body.plan.style.closes, "body");
  assert.equal(body.plan.sources.closes, "file+commits");
  assert.equal(body.plan.section, `${heading}* keep the tag ${link("9")}, closes ${issue(48)} ${issue(49)}\n`);

  const footers = await run(
    file(`* log the version ${link("2")}, closes ${issue(32)}\n* keep attributes ${link("1")}\n`),
    commits([
      ["2", "fix: log the version\n\nFixes #32"],
      ["1", "fix: keep attributes\n\nFixes #26 in the body.\n\nCo-authored-by: A <a@example.com>"],
    ]),
  );
  assert.equal(footers.plan.style.closes, "footers");
  assert.equal(footers.plan.section, `${heading}* keep the tag ${link("9")}, closes ${issue(49)}\n`);

  // no commit with an issue in the example: conventional-changelog-writer's entry shape lists closing footers
  const shape = await run(file(`* log the version ${link("2")}\n`), commits([["2", "fix: log the version"]]));
  assert.equal(shape.plan.style.closes, "footers");
  assert.equal(shape.plan.sources.closes, "file");

  const none = await run(
    file(`* log the version ${link("2")}\n`),
    commits([["2", "fix: log the version\n\nCloses #32"]]),
  );
  assert.equal(none.plan.style.closes, "none");
  assert.equal(none.plan.section, `${heading}* keep the tag ${link("9")}\n`);
});

// googleapis/release-please-action 3.7.13: a fix and its revert, both in the release, are both absent
// from the section (conventional-changelog-writer's ignoreReverted); a file that lists reverted changes
// keeps listing them.
test("a change reverted in the same release: both left out (and said so) or both kept, as the file shows", async () => {
  const u = "https://github.com/acme/tool";
  const link = (c: string) => `([${sha(c).slice(0, 7)}](${u}/commit/${sha(c)}))`;
  const text = `# Changelog\n\n## [2.1.0](${u}/compare/v2.0.0...v2.1.0) (2024-02-01)\n\n\n### Bug Fixes\n\n* keep the tag ${link("1")}\n`;
  const pair = (a: string, b: string) =>
    commits([
      [b, 'Revert "fix: bump the parser"\n\nReverts acme/tool#3'],
      [a, "fix: bump the parser"],
    ]);
  const next = { version: "2.1.1", date: "2024-03-01", commits: [...pair("8", "9"), ...commits([["7", "fix: x"]])] };
  const run = (range: ParsedCommit[], file = text) =>
    cut({ text: file, tags: ["v2.1.0", "v2.0.0"], repository: "acme/tool", ranges: { "v2.0.0..v2.1.0": range }, next });

  const dropped = await run([...pair("2", "3"), ...commits([["1", "fix: keep the tag"]])]);
  assert.equal(dropped.plan.style.reverted, "drop");
  assert.equal(dropped.plan.sources.reverted, "file+commits");
  assert.equal(dropped.plan.section.match(/^\* .*$/gm)!.join("\n"), `* x ${link("7")}`);
  assert.deepEqual(
    dropped.plan.leftOut.map((l) => `${l.sha[0]} ${l.reason}`),
    ["8 reverted by 9999999", "9 reverts 8888888"],
  );

  const keptFile = text.replace("* keep", `* bump the parser ${link("2")}\n* keep`);
  const kept = await run([...pair("2", "3"), ...commits([["1", "fix: keep the tag"]])], keptFile);
  assert.equal(kept.plan.style.reverted, "keep");
  assert.match(kept.plan.section, /^\* bump the parser /m);
});

// git-cliff (orhun/git-cliff, 2.13.0): a breaking change's entry carries `[**breaking**] ` between the
// scope and the description (`- *(azure_devops)* [**breaking**] Rename …`); other entries do not.
test("git-cliff's breaking marker: learned from a breaking change's entry, written before the description", async () => {
  const text = CLIFF.replace("- *(config)* Read the home config", "- *(config)* [**breaking**] Read the home config");
  const range = commits([
    ["5", "feat: support colours"],
    ["4", "feat(args): add a quiet flag"],
    ["3", "feat(config)!: read the home config"],
    ["2", "fix(git): skip empty tags"],
  ]);
  const next = {
    version: "0.4.0",
    date: "2024-06-01",
    commits: commits([
      ["8", "feat!: print a summary"],
      ["6", "feat(remote): fetch the tags"],
    ]),
  };
  const r = await cut({
    text,
    tags: ["v0.3.0", "v0.2.0", "v0.1.0"],
    repository: "acme/cli",
    ranges: { "v0.2.0..v0.3.0": range },
    next,
  });
  assert.equal(r.plan.style.breakingMarker, "[**breaking**] ");
  assert.equal(r.plan.sources.breakingMarker, "file+commits");
  // the breaking entry taught the marker, not the entry's shape
  assert.equal(r.plan.style.entry, "- {scope}{description} - ([{shortSha}]({repoUrl}/commit/{sha}))");
  const u = "https://github.com/acme/cli";
  const e = (c: string, t: string) => `- ${t} - ([${sha(c).slice(0, 7)}](${u}/commit/${sha(c)}))`;
  assert.match(r.plan.section, new RegExp(`^${escape(e("8", "[**breaking**] Print a summary"))}$`, "m"));
  assert.match(r.plan.section, new RegExp(`^${escape(e("6", "*(remote)* Fetch the tags"))}$`, "m"));
  // the same file without the marker: none learned
  const plain = await cut({
    text: CLIFF,
    tags: ["v0.3.0", "v0.2.0", "v0.1.0"],
    repository: "acme/cli",
    ranges: { "v0.2.0..v0.3.0": range },
    next,
  });
  assert.equal(plain.plan.style.breakingMarker, "");
  assert.match(plain.plan.section, new RegExp(`^${escape(e("8", "Print a summary"))}$`, "m"));
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// git-cliff (orhun/git-cliff, 2.9.0) lists `doc(config): update comments …` under 📚 Documentation (its
// config matches `^doc`); standard-version 9.1.0's file lists no documentation commit at all.
test("`doc:` goes where `docs:` goes, unless the examples show the file never lists it", async () => {
  const text = CLIFF.replace(
    "### 🐛 Bug Fixes",
    `### 📚 Documentation\n\n- Explain the flags - ([${sha("6").slice(0, 7)}](https://github.com/acme/cli/commit/${sha("6")}))\n\n### 🐛 Bug Fixes`,
  );
  const base = commits([
    ["6", "docs: explain the flags"],
    ["5", "feat: support colours"],
    ["4", "feat(args): add a quiet flag"],
    ["3", "feat(config): read the home config"],
    ["2", "fix(git): skip empty tags"],
  ]);
  const next = { version: "0.4.0", date: "2024-06-01", commits: commits([["9", "doc(config): describe the keys"]]) };
  const run = (range: ParsedCommit[]) =>
    cut({
      text,
      tags: ["v0.3.0", "v0.2.0", "v0.1.0"],
      repository: "acme/cli",
      ranges: { "v0.2.0..v0.3.0": range },
      next,
    });
  const listed = await run(base);
  assert.match(listed.plan.section, /### 📚 Documentation\n\n- \*\(config\)\* Describe the keys - /);
  const hidden = await run([...commits([["7", "doc: fix a typo"]]), ...base]);
  assert.doesNotMatch(hidden.plan.section, /Describe the keys/);
  assert.deepEqual(
    hidden.plan.leftOut.map((l) => `${l.subject}: ${l.reason}`),
    ['doc(config): describe the keys: the file lists no "doc" commit (its examples\' ranges hold some)'],
  );
});

// git-cliff (orhun/git-cliff, 2.8.0–2.13.0): `chore(deps): bump …` commits (dependabot, each subject
// different) are never listed while other chores are, under ⚙️ Miscellaneous Tasks; `chore(npm): update
// yarn.lock`, skipped by a rule on the message, comes back with the same subject each time.
test("a type's scope the file never lists is skipped, and the plan says so", async () => {
  const text = CLIFF.replace(
    "### 🐛 Bug Fixes",
    `### ⚙️ Miscellaneous Tasks\n\n- Tidy the build - ([${sha("6").slice(0, 7)}](https://github.com/acme/cli/commit/${sha("6")}))\n\n### 🐛 Bug Fixes`,
  );
  const range = commits([
    ["b", "chore(npm): update yarn.lock"],
    ["a", "chore(npm): update yarn.lock"],
    ["9", "chore(deps): bump serde from 1.0.1 to 1.0.2"],
    ["8", "chore(deps): bump regex from 1.9 to 1.10"],
    ["6", "chore: tidy the build"],
    ["5", "feat: support colours"],
    ["4", "feat(args): add a quiet flag"],
    ["3", "feat(config): read the home config"],
    ["2", "fix(git): skip empty tags"],
  ]);
  const next = {
    version: "0.4.0",
    date: "2024-06-01",
    commits: commits([
      ["e", "chore(deps): bump toml from 0.8 to 0.9"],
      ["d", "chore(npm): publish the binaries"],
    ]),
  };
  const r = await cut({
    text,
    tags: ["v0.3.0", "v0.2.0", "v0.1.0"],
    repository: "acme/cli",
    ranges: { "v0.2.0..v0.3.0": range },
    next,
  });
  assert.deepEqual(r.plan.style.skip, ["chore(deps)"]);
  assert.equal(r.plan.sources.skip, "file+commits");
  assert.match(r.plan.section, /^- \*\(npm\)\* Publish the binaries - /m);
  assert.doesNotMatch(r.plan.section, /toml/);
  assert.deepEqual(
    r.plan.leftOut.map((l) => `${l.subject}: ${l.reason}`),
    ["chore(deps): bump toml from 0.8 to 0.9: chore(deps) commits are not listed in this file"],
  );
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
  const asked: number[] = [];
  const facts = (count: number) =>
    changelogFacts({
      path: "CHANGELOG.md",
      text,
      tagPrefix: "v",
      tags,
      lastVersion: "1.1.0",
      headVersion: undefined,
      // as the state reads it: at most cap + 1 commits, undefined when there were more than the cap
      commitsBetween: async (_a, _b, cap) => {
        asked.push(cap);
        if (count > cap) return undefined;
        const all = Array.from({ length: count }, (_, i) => `fix: ${["a", "b", "c"][i] ?? `other ${i}`}`);
        return commits(all.map((m, i) => [String(i + 1), m] as [string, string]));
      },
    });
  const long = await facts(5000);
  assert.deepEqual(long.examples, []);
  assert.equal(asked[0], 300, "the cap: five times the section's 3 entries, at least 300");
  const own = await facts(3);
  assert.deepEqual(own.examples, [{ version: "1.1.0", range: "v1.0.0..v1.1.0", commits: 3 }]);
});
