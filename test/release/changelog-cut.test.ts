/**
 * The CHANGELOG through the whole cut (`release.ts --json` on temp repositories): the
 * style learned zero-config from the file and the last release's commits, no
 * [Unreleased] needed, a section already there (another tool's) used as written,
 * and a stable release after pre-releases listing every change since the last stable.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { runEntry } from "../helpers/run-entry.ts";
import { cutInProcess, FIXED_DATE, files, fingerprint, releaseRepo } from "./helpers.ts";
import type { TempRepo } from "../helpers/gitdir.ts";

function release(repo: TempRepo, version: string, changelog: string) {
  repo.commit(`release: v${version}`, files(version, { "CHANGELOG.md": changelog }));
  repo.git("tag", "-a", `v${version}`, "-m", `v${version}`);
}

// Niamoto (niamoto/niamoto): `## [v0.20.5] - date` under [Unreleased]; Features … Other; capitalised
// entries without scope or hash; its release script files chore/ci/test and free-form subjects under Other.
const NIAMOTO_LIKE = `# Changelog

## [Unreleased]

## [v1.2.3] - 2024-05-01

### Bug Fixes

- Stop dropping the last row
- Keep map tiles offline

### Other

- Bump the lockfile

## [v1.2.2] - 2024-04-01

### Features

- First
`;

test("zero-config: the cut writes the file's own style, learned from the last section and its commits", async (t) => {
  const repo = releaseRepo({ version: "1.2.2" });
  t.after(repo.cleanup);
  repo.commit("fix(map): keep map tiles offline", { "a.txt": "1" });
  repo.commit("chore(deps): bump the lockfile", { "b.txt": "1" });
  repo.commit("fix: stop dropping the last row", { "c.txt": "1" });
  release(repo, "1.2.3", NIAMOTO_LIKE);
  repo.commit("Update the screenshots", { "d.txt": "1" });
  repo.commit("feat(site): add a page builder", { "e.txt": "1" });
  const r = await cutInProcess(repo, []);
  assert.equal(r.json.plan.target, "1.3.0");
  const cl = r.json.plan.changelog;
  assert.equal(
    cl.section,
    "## [v1.3.0] - 2025-01-01\n\n### Features\n\n- Add a page builder\n\n### Other\n\n- Update the screenshots\n",
  );
  // --json says what was inferred and from where
  assert.equal(cl.style.heading, "## [{tag}] - {date}");
  assert.equal(cl.sources.heading, "file");
  assert.equal(cl.sources.categories, "file+commits");
  assert.equal(cl.sources.capitalize, "file+commits");
  assert.deepEqual(cl.leftOut, []);
  assert.equal(r.json.plan.releaseNotes.split("\n")[0], "### Features");
});

test("a file without [Unreleased] takes the section above the newest version; nothing is blocked", async (t) => {
  const repo = releaseRepo({
    extra: { "CHANGELOG.md": "# Changelog\n\n## 1.2.3 (2024-05-01)\n\n* earlier\n" },
  });
  t.after(repo.cleanup);
  repo.commit("fix: y", { "CHANGELOG.md": "# Changelog\n\n## 1.2.3 (2024-05-01)\n\n* earlier\n" });
  const r = await cutInProcess(repo, []);
  const c = r.json.checks.find((x: { id: string }) => x.id === "changelog.unreleased-missing");
  assert.equal(c.status, "pass");
  assert.match(r.json.plan.changelog.section, /^## 1\.2\.4 \(2025-01-01\)\n/);
  assert.ok(r.json.plan.filesChanged.includes("CHANGELOG.md"));
});

test("finishing another tool's cut: HEAD is its release commit, its [v…] section is used as written", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix: x", { "a.txt": "1" });
  const text =
    "# Changelog\n\n## [Unreleased]\n\n## [v1.2.4] - 2024-06-01\n\n### Bug Fixes\n\n- X\n\n## [1.2.3] - 2024-05-01\n\n- earlier\n";
  // Niamoto's own script commits `release: vX` and may stop before tagging
  repo.commit("release: v1.2.4", files("1.2.4", { "CHANGELOG.md": text }));
  const r = await cutInProcess(repo, []);
  assert.equal(r.json.plan.resume, true);
  assert.equal(r.json.plan.target, "1.2.4");
  assert.equal(r.json.plan.changelog.existing, true);
  assert.ok(!r.json.plan.filesChanged.includes("CHANGELOG.md"));
  assert.equal(
    r.json.plan.releaseNotes,
    "### Bug Fixes\n\n- X\n\n**Full Changelog**: https://github.com/acme/demo/compare/v1.2.3...v1.2.4\n",
  );
  const c = r.json.checks.find((x: { id: string }) => x.id === "changelog.version-exists");
  assert.equal(c.status, "warn");
});

test("release-please's commit on HEAD (`chore(main): release 1.2.4`) resumes too, whatever the heading shape", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix: x", { "a.txt": "1" });
  const text =
    "# Changelog\n\n## [1.2.4](https://github.com/acme/demo/compare/v1.2.3...v1.2.4) (2024-06-01)\n\n\n### Bug Fixes\n\n* x\n\n## [1.2.3] - 2024-05-01\n\n- earlier\n";
  repo.commit("chore(main): release 1.2.4 (#7)", files("1.2.4", { "CHANGELOG.md": text }));
  const r = await cutInProcess(repo, []);
  assert.equal(r.json.plan.resume, true);
  assert.equal(r.json.plan.target, "1.2.4");
  assert.equal(r.json.plan.changelog.existing, true);
  assert.match(r.json.plan.releaseNotes, /^### Bug Fixes\n\n\* x\n/);
});

test("promotion: a stable release after rc.0 and rc.1 lists every change since the last stable release", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("feat: a", { "a.txt": "1" });
  const rc0 =
    "# Changelog\n\n## [Unreleased]\n\n## [1.3.0-rc.0] - 2024-06-01\n\n### Added\n\n- a (0000000)\n\n## [1.2.3] - 2024-05-01\n\n- earlier\n";
  release(repo, "1.3.0-rc.0", rc0);
  repo.commit("fix: b", { "b.txt": "1" });
  const rc1 = rc0.replace(
    "## [1.3.0-rc.0]",
    "## [1.3.0-rc.1] - 2024-06-02\n\n### Fixed\n\n- b (0000000)\n\n## [1.3.0-rc.0]",
  );
  release(repo, "1.3.0-rc.1", rc1);
  repo.commit("fix: c", { "c.txt": "1" });
  const r = await cutInProcess(repo, ["1.3.0"]);
  const section: string = r.json.plan.changelog.section;
  assert.match(section, /^## \[1\.3\.0\] - 2025-01-01\n/);
  for (const d of ["a", "b", "c"]) assert.match(section, new RegExp(`^- ${d} \\(`, "m"));
  assert.doesNotMatch(section, /release: /);
  assert.equal(r.json.plan.previousTag, "v1.2.3");
  assert.match(r.json.plan.releaseNotes, /compare\/v1\.2\.3\.\.\.v1\.3\.0\n$/);
  // the pre-release sections are not touched: the new section is new, not a rewrite of rc.1
  assert.equal(r.json.plan.changelog.existing, false);
  // a further pre-release lists only what came since the last one
  const pre = await cutInProcess(repo, ["1.3.0-rc.2"]);
  assert.doesNotMatch(pre.json.plan.changelog.section, /^- a /m);
  assert.match(pre.json.plan.changelog.section, /^- c /m);
});

test("a heading template the reader could not find again is refused, and nothing changes", async (t) => {
  const repo = releaseRepo({
    extra: { "release.config.ts": 'export default { name: "demo", changelog: { heading: "Release of {date}" } };\n' },
  });
  t.after(repo.cleanup);
  repo.commit("fix: y", { "a.txt": "1" });
  const before = fingerprint(repo);
  const r = runEntry("release.ts", ["--yes", "--repo", repo.dir, "--github-repo", "acme/demo"], { env: FIXED_DATE });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /changelog\.heading/);
  assert.match(r.stderr, /\{version\} or \{tag\}/);
  assert.equal(fingerprint(repo), before);
});

test("hand-written notes under [Unreleased] go into the section and the release notes on the first run", async (t) => {
  const text =
    "# Changelog\n\n## [Unreleased]\n\nThe importer now keeps your column order.\n\n## [1.2.3] - 2024-05-01\n\n- earlier\n";
  const repo = releaseRepo({ extra: { "CHANGELOG.md": text } });
  t.after(repo.cleanup);
  repo.commit("fix: keep the column order", { "a.txt": "1" });
  const r = await cutInProcess(repo, []);
  // the file's one section is a flat list: the commit joins it, below the hand-written lead
  assert.equal(
    r.json.plan.changelog.section,
    "## [1.2.4] - 2025-01-01\n\nThe importer now keeps your column order.\n\n- keep the column order\n",
  );
  assert.match(r.json.plan.releaseNotes, /^The importer now keeps your column order\.\n\n- keep the column order\n/);
});
