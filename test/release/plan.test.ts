/**
 * planRelease() tested directly: plain state in, the plan out, one table and one loop
 * (no git, no process). The subprocess and in-process inspections in inspect.test.ts
 * keep the reader and the entry honest; this covers the decisions.
 */
import { allSources, defaultStyle } from "../../tasks/lib/release/changelog/style.ts";
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ReleaseConfig } from "../../tasks/lib/core/config/load.ts";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";
import { parseCommit } from "../../tasks/lib/release/commits.ts";
import { planRelease, type ReleasePlan } from "../../tasks/lib/release/plan.ts";
import type { ReleaseState } from "../../tasks/lib/release/state.ts";
import type { TargetFlags } from "../../tasks/lib/release/target.ts";
import { RELEASE_STEP_IDS } from "../../tasks/lib/core/entries.ts";

function config(overrides: Record<string, unknown> = {}): ReleaseConfig {
  return {
    ...parseConfig({ name: "demo", ...overrides }, "test"),
    root: "/repo",
    source: "test",
    repository: "acme/demo",
    versionFiles: [
      { path: "pyproject.toml", kind: "pyproject" },
      { path: "src/demo/__version__.py", kind: "python" },
    ],
  } as ReleaseConfig;
}

/** A repository at `version`, tagged, with these commit messages since the tag (newest first). */
function state(version: string, messages: string[], patch: Partial<ReleaseState> = {}): ReleaseState {
  return {
    branch: "main",
    head: "h".repeat(40),
    headSubject: messages[0]?.split("\n")[0] ?? `release: v${version}`,
    dirty: [],
    lastTag: `v${version}`,
    lastVersion: version,
    recentTags: [`v${version}`],
    allReleaseTags: [{ tag: `v${version}`, version }],
    offHistoryTags: [],
    untaggedRelease: null,
    fourPartTags: [],
    shallow: false,
    interrupted: null,
    preids: ["alpha", "beta", "rc"],
    commits: messages.map((m, i) => parseCommit(String(i).padStart(40, "0"), m)),
    releaseCommitsLeftOut: 0,
    releaseCommits: [],
    lastStableTag: null,
    commitsSinceStable: null,
    versionFiles: [
      { path: "pyproject.toml", kind: "pyproject", version, error: null },
      { path: "src/demo/__version__.py", kind: "python", version, error: null },
    ],
    changelog: {
      path: "CHANGELOG.md",
      exists: true,
      hasUnreleased: true,
      versions: [version],
      unreleasedNotes: "",
      handWritten: { lead: "", groups: [], entries: [] },
      // The reader keeps the text of the last release's section (and newer ones).
      pending: [{ version, label: `[${version}]`, text: `## [${version}] - 2024-01-01\n\n### Fixed\n\n- earlier\n` }],
      inferred: { style: defaultStyle(), sources: allSources("default") },
      examples: [],
    },
    lockfiles: [],
    ...patch,
  };
}

const plan = (s: ReleaseState, flags: TargetFlags = {}, c = config()): ReleasePlan =>
  planRelease({ state: s, config: c, flags, date: "2025-01-01", steps: [...RELEASE_STEP_IDS] });

type Expect = Partial<
  Pick<ReleasePlan, "target" | "targetKind" | "tag" | "previousTag" | "firstRelease" | "resume">
> & {
  problem?: RegExp;
  section?: RegExp;
  filesChanged?: string[];
};

const cases: [string, ReleaseState, TargetFlags, Expect][] = [
  ["a fix is a patch", state("1.2.3", ["fix: one"]), {}, { target: "1.2.4", targetKind: "suggested", tag: "v1.2.4" }],
  ["a feat is a minor", state("1.2.3", ["feat(ui): a view", "fix: one"]), {}, { target: "1.3.0" }],
  [
    "feat! is a major, and marked as breaking in its category",
    state("1.2.3", ["feat(api)!: drop v1", "feat(ui): a view"]),
    {},
    {
      target: "2.0.0",
      section: /### Added\n\n- \*\*ui:\*\* a view \(0000000\)\n- \*\*api:\*\* \*\*BREAKING:\*\* drop v1/,
    },
  ],
  [
    "a BREAKING-CHANGE footer is a major",
    state("1.2.3", ["refactor: loader\n\nBREAKING-CHANGE: `paths` is now `versionFiles`"]),
    {},
    { target: "2.0.0" },
  ],
  [
    "an explicit version wins",
    state("1.2.3", ["fix: one"]),
    { version: "2.0.0" },
    { target: "2.0.0", targetKind: "explicit" },
  ],
  [
    "--bump overrides the suggestion",
    state("1.2.3", ["fix: one"]),
    { bump: "major" },
    { target: "2.0.0", targetKind: "bump" },
  ],
  [
    "--preid makes rc.0",
    state("1.2.3", ["feat: x"]),
    { preid: "rc" },
    { target: "1.3.0-rc.0", targetKind: "prerelease", tag: "v1.3.0-rc.0" },
  ],
  [
    "a release after a pre-release promotes it",
    state("1.3.0-rc.1", ["docs: z"], {
      recentTags: ["v1.3.0-rc.1", "v1.3.0-rc.0"],
      allReleaseTags: [
        { tag: "v1.3.0-rc.1", version: "1.3.0-rc.1" },
        { tag: "v1.3.0-rc.0", version: "1.3.0-rc.0" },
      ],
    }),
    {},
    { target: "1.3.0", targetKind: "promote", previousTag: "v1.3.0-rc.1" },
  ],
  [
    "no tag: a first release of the files' version",
    state("0.4.0", ["feat: start"], { lastTag: null, lastVersion: null, recentTags: [], allReleaseTags: [] }),
    {},
    { firstRelease: true, targetKind: "first", target: "0.4.0", previousTag: null },
  ],
  [
    // The planner plans it; the check version.not-greater is what refuses it (inspect.test.ts).
    "an explicit version equal to the current one is planned as asked",
    state("1.2.3", ["fix: one"]),
    { version: "1.2.3" },
    { target: "1.2.3", targetKind: "explicit", filesChanged: [] },
  ],
  [
    "HEAD being the release commit resumes that version",
    state("1.2.3", [], {
      headSubject: "release: v1.2.4",
      changelog: {
        path: "CHANGELOG.md",
        exists: true,
        hasUnreleased: true,
        versions: ["1.2.4", "1.2.3"],
        unreleasedNotes: "",
        handWritten: { lead: "", groups: [], entries: [] },
        pending: [{ version: "1.2.4", label: "[1.2.4]", text: "## [1.2.4] - 2025-01-01\n\n### Fixed\n\n- one\n" }],
        inferred: { style: defaultStyle(), sources: allSources("default") },
        examples: [],
      },
      versionFiles: [
        { path: "pyproject.toml", kind: "pyproject", version: "1.2.4", error: null },
        { path: "src/demo/__version__.py", kind: "python", version: "1.2.4", error: null },
      ],
    }),
    {},
    { target: "1.2.4", targetKind: "resume", resume: true, section: /- one/, filesChanged: [] },
  ],
  [
    "files that change: the CHANGELOG and each version file not yet at the target",
    state("1.2.3", ["fix: one"]),
    {},
    { filesChanged: ["CHANGELOG.md", "pyproject.toml", "src/demo/__version__.py"] },
  ],
];

for (const [name, s, flags, expected] of cases) {
  test(`planRelease(): ${name}`, () => {
    const p = plan(s, flags);
    const { problem, section, ...fields } = expected;
    for (const [key, value] of Object.entries(fields))
      assert.deepEqual(p[key as keyof ReleasePlan], value, `${key} of ${JSON.stringify(p, null, 1)}`);
    if (problem) assert.match(p.problem ?? "", problem);
    else assert.equal(p.problem, null);
    if (section) assert.match(p.changelog?.section ?? "", section);
  });
}

test("planRelease(): the compare link, the commit message and the release notes of a patch", () => {
  const p = plan(state("1.2.3", ["fix(api): handle empty payloads"]));
  assert.equal(p.compareUrl, "https://github.com/acme/demo/compare/v1.2.3...v1.2.4");
  assert.equal(p.commitMessage, "release: v1.2.4");
  assert.match(p.changelog!.section, /^## \[1\.2\.4\] - 2025-01-01\n/);
  assert.match(p.changelog!.section, /### Fixed\n\n- \*\*api:\*\* handle empty payloads/);
  assert.match(p.releaseNotes!, /compare\/v1\.2\.3\.\.\.v1\.2\.4/);
  assert.deepEqual(p.steps, [...RELEASE_STEP_IDS]);
});

test("planRelease(): a custom tag prefix names the tag and the compare link", () => {
  const p = plan(
    state("1.2.3", ["fix: one"], {
      lastTag: "release-1.2.3",
      recentTags: ["release-1.2.3"],
      allReleaseTags: [{ tag: "release-1.2.3", version: "1.2.3" }],
    }),
    {},
    config({ tagPrefix: "release-" }),
  );
  assert.equal(p.tag, "release-1.2.4");
  assert.equal(p.compareUrl, "https://github.com/acme/demo/compare/release-1.2.3...release-1.2.4");
});
