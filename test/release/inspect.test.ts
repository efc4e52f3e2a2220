import assert from "node:assert/strict";
import { test } from "node:test";
import { check, cutInProcess, releaseRepo } from "./helpers.ts";
import { runEntry } from "../helpers/run-entry.ts";
import { RELEASE_STEP_IDS } from "../../tasks/lib/core/entries.ts";
import { setDryRun, write } from "../../tasks/lib/core/exec.ts";
import { releaseSteps } from "../../tasks/lib/release/steps.ts";

test("inspection: --json prints one document with state, plan, checks and blocked; logs on stderr", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix(api): handle empty payloads", { "a.txt": "a" });
  const r = await cutInProcess(repo, []);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(Object.keys(r.json), ["state", "plan", "checks", "blocked"]);
  assert.equal(r.json.blocked, false);
  assert.equal(r.json.plan.target, "1.2.4");
  assert.equal(r.json.plan.tag, "v1.2.4");
  assert.equal(r.json.plan.previousTag, "v1.2.3");
  assert.equal(r.json.plan.compareUrl, "https://github.com/acme/demo/compare/v1.2.3...v1.2.4");
  assert.deepEqual(r.json.plan.filesChanged, ["CHANGELOG.md", "pyproject.toml", "src/demo/__version__.py"]);
  assert.match(r.json.plan.changelog.section, /### Fixed\n\n- \*\*api:\*\* handle empty payloads/);
  for (const c of r.json.checks) assert.deepEqual(Object.keys(c), ["id", "status", "message", "fix"]);
  assert.match(r.stderr, /Run with --yes/);
});

test("inspection: patch, minor and major inference; feat! and footers; merges and release commits left out", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("release: v9.9.9", { "c.txt": "1" });
  repo.commit("fix: one", { "a.txt": "1" });
  repo.git("switch", "-q", "-c", "topic");
  repo.commit("docs: topic work", { "b.txt": "1" });
  repo.git("switch", "-q", "main");
  repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'topic'", "topic");
  let r = await cutInProcess(repo, ["--skip-checks"]);
  assert.equal(r.json.plan.target, "1.2.4");
  assert.deepEqual(r.json.state.commits.map((c: { description: string }) => c.description).sort(), [
    "one",
    "topic work",
  ]);
  assert.equal(r.json.state.releaseCommitsLeftOut, 1);

  repo.commit("feat(ui): a view", { "a.txt": "2" });
  assert.equal((await cutInProcess(repo, [])).json.plan.target, "1.3.0");
  repo.commit("feat(api)!: drop v1", { "a.txt": "3" });
  r = await cutInProcess(repo, []);
  assert.equal(r.json.plan.target, "2.0.0");
  // the file shows no breaking-changes heading: the entry is in its category, marked
  assert.match(r.json.plan.changelog.section, /^- \*\*api:\*\* \*\*BREAKING:\*\* drop v1 \(\w{7}\)$/m);

  const footer = releaseRepo();
  t.after(footer.cleanup);
  footer.commit("refactor: loader\n\nBREAKING-CHANGE: `paths` is now `versionFiles`", { "a.txt": "1" });
  assert.equal((await cutInProcess(footer, [])).json.plan.target, "2.0.0");
});

test("inspection: a repository with no tags is a first release of the files' version", async (t) => {
  const repo = releaseRepo({ version: "0.1.0", tag: null });
  t.after(repo.cleanup);
  repo.commit("feat: first feature with 'quotes', \"double\", $dollar, `ticks` and ümlauts", { "a.txt": "1" });
  const r = await cutInProcess(repo, []);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.plan.firstRelease, true);
  assert.equal(r.json.plan.target, "0.1.0");
  assert.equal(r.json.plan.previousTag, null);
  assert.equal(r.json.plan.compareUrl, "https://github.com/acme/demo/commits/v0.1.0");
  assert.match(r.json.plan.changelog.section, /ümlauts/);
  assert.equal(check(r, "version.not-greater").status, "pass");
});

test("explicit versions not greater than the current one are refused (exit 1, check named)", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix: x", { "a.txt": "1" });
  for (const v of ["1.2.3", "1.2.2", "1.2.3-rc.0"]) {
    const r = await cutInProcess(repo, [v]);
    assert.equal(r.code, 1);
    assert.equal(r.json.blocked, true);
    assert.equal(check(r, "version.not-greater").status, "fail");
    assert.match(check(r, "version.not-greater").message, /not greater than the current version 1\.2\.3/);
  }
  assert.equal((await cutInProcess(repo, ["2.0.0"])).json.plan.target, "2.0.0");
  const bad = runEntry("release.ts", ["--repo", repo.dir, "1.2"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not a semantic version/);
});

test("--list-steps prints the step ids in order", async () => {
  const r = runEntry("release.ts", ["--list-steps"]);
  assert.equal(r.code, 0);
  assert.deepEqual(r.stdout.trim().split("\n"), [
    "changelog",
    "version-files",
    "lockfiles",
    "commit",
    "tag",
    "push",
    "draft",
    "builds",
    "assets",
    "publish",
    "verify",
    "watch",
  ]);
});

test("the entry's static step list (what --list-steps prints without loading the steps) is releaseSteps()", async () => {
  assert.deepEqual(
    [...RELEASE_STEP_IDS],
    releaseSteps().map((s) => s.id),
  );
});

// Found when the suite first ran many files in one process: an inspection (dry-run) run in process
// left the exec layer refusing writes, and a later flow in the same process (the macOS finalizer
// signing an updater archive) failed with "mutation attempted under --dry-run".
test("an inspection run in process puts the exec layer's dry-run switch back: later writes still run", async (t) => {
  const repo = releaseRepo({ version: "1.0.0" });
  t.after(repo.cleanup);
  repo.commit("fix: a", { "a.txt": "1" });
  const r = await cutInProcess(repo, ["--dry-run"]);
  assert.equal(r.code, 0, r.stderr);
  const after = await write(["git", "tag", "after-inspection"], { cwd: repo.dir });
  assert.equal(after.exitCode, 0);
  assert.match(repo.git("tag", "--list", "after-inspection"), /after-inspection/);
  // under --dry-run itself, a write is still refused
  const previous = setDryRun(true);
  try {
    assert.throws(() => write(["git", "tag", "refused"], { cwd: repo.dir }), /mutation attempted under --dry-run/);
  } finally {
    setDryRun(previous);
  }
});
