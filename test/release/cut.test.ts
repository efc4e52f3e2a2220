import assert from "node:assert/strict";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { TestContext } from "node:test";
import { fingerprint, releaseRepo } from "./helpers.ts";
import { publishCut, standInFor } from "./publish-helpers.ts";

/** A release repo with a bare origin and a GitHub stand-in; `yes` runs the cut against both. */
async function setup(t: TestContext, opts?: Parameters<typeof releaseRepo>[0]) {
  const repo = releaseRepo(opts);
  t.after(repo.cleanup);
  const s = await standInFor(repo);
  t.after(() => s.close());
  return {
    repo,
    s,
    yes: (args: string[], env: Record<string, string | undefined> = {}) => publishCut(repo, s, args, env),
  };
}

test("--yes cuts the release: CHANGELOG section, version files, one commit of exactly those files, annotated tag", async (t) => {
  const { repo, yes } = await setup(t);
  repo.commit("feat(map): clusters", { "a.txt": "1" });
  const r = await yes(["--yes"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    r.json.steps.map((s: { id: string; status: string }) => `${s.id}:${s.status}`),
    [
      "changelog:done",
      "version-files:done",
      "lockfiles:skipped",
      "commit:done",
      "tag:done",
      "push:done",
      "draft:done",
      "builds:skipped",
      "assets:skipped",
      "publish:done",
      "verify:done",
      "watch:done",
    ],
  );
  assert.equal(repo.git("log", "-1", "--format=%s").trim(), "release: v1.3.0");
  assert.deepEqual(repo.git("show", "--format=", "--name-only", "HEAD").trim().split("\n"), [
    "CHANGELOG.md",
    "pyproject.toml",
    "src/demo/__version__.py",
  ]);
  assert.equal(repo.git("cat-file", "-t", "v1.3.0").trim(), "tag");
  assert.equal(repo.git("rev-parse", "v1.3.0^{commit}").trim(), repo.git("rev-parse", "HEAD").trim());
  const pyproject = readFileSync(join(repo.dir, "pyproject.toml"), "utf8");
  assert.match(pyproject, /\[project\]\nname = "demo"\nversion = "1\.3\.0"/);
  assert.match(pyproject, /\[tool\.other\]\nversion = "9\.9\.9"/);
  assert.match(
    readFileSync(join(repo.dir, "CHANGELOG.md"), "utf8"),
    /## \[Unreleased\]\n\n## \[1\.3\.0\] - 2025-01-01\n\n### Added\n\n- \*\*map:\*\* clusters/,
  );
  assert.equal(repo.git("status", "--porcelain"), "");
});

test("a rerun skips done steps: no second section, no second commit, no moved tag; a lost tag is re-created and pushed", async (t) => {
  const { repo, yes } = await setup(t);
  repo.commit("fix: x", { "a.txt": "1" });
  assert.equal((await yes(["--yes"])).code, 0);
  const head = repo.git("rev-parse", "HEAD");
  const tagObject = repo.git("rev-parse", "v1.2.4");
  const again = await yes(["--yes"]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.json.plan.target, "1.2.4");
  assert.equal(again.json.plan.resume, true);
  // Verifying and watching only read, so they run again; everything else was done.
  assert.ok(
    again.json.steps.every(
      (s: { id: string; status: string }) => s.status === "skipped" || s.id === "watch" || s.id === "verify",
    ),
  );
  assert.equal(repo.git("rev-parse", "HEAD"), head);
  assert.equal(repo.git("rev-parse", "v1.2.4"), tagObject);
  assert.equal(readFileSync(join(repo.dir, "CHANGELOG.md"), "utf8").match(/## \[1\.2\.4\]/g)?.length, 1);
  assert.match(again.json.plan.releaseNotes, /- x \(/);

  // A tag lost locally and on origin (deleted by hand): re-created at HEAD and pushed; the release stays.
  repo.git("tag", "-d", "v1.2.4");
  repo.git("push", "-q", "origin", ":refs/tags/v1.2.4");
  const resumed = await yes(["--yes", "1.2.4"]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.deepEqual(
    resumed.json.steps.filter((s: { status: string }) => s.status === "done").map((s: { id: string }) => s.id),
    ["tag", "push", "verify", "watch"],
  );
  assert.equal(repo.git("rev-parse", "HEAD"), head);
});

for (const step of ["changelog", "version-files", "commit", "tag"]) {
  test(`a failure after the ${step} step restores every file and removes the commit and tag`, async (t) => {
    const { repo, yes } = await setup(t);
    repo.commit("fix: x", { "a.txt": "1" });
    const before = fingerprint(repo);
    const r = await yes(["--yes"], { RELEASE_FAIL_AFTER: step });
    assert.equal(r.code, 1);
    assert.equal(r.json.error.code, "release.fail-after");
    assert.match(r.stderr, /rolled back/);
    assert.equal(fingerprint(repo), before);
  });
}

test("a failing lockfile refresh restores every file, including a lockfile it half wrote", async (t) => {
  const config =
    'export default { name: "demo", versionFiles: ["pyproject.toml", "src/demo/__version__.py"], tools: ["git"], lockfiles: [{ path: "demo.lock", command: "echo broken > demo.lock; echo resolver failed >&2; exit 1" }] };\n';
  const { repo, yes } = await setup(t, { extra: { "release.config.ts": config, "demo.lock": "locked 1.2.3\n" } });
  repo.commit("fix: x", { "a.txt": "1" });
  const before = fingerprint(repo);
  const r = await yes(["--yes"]);
  assert.equal(r.code, 1);
  assert.match(r.json.error.message, /resolver failed/);
  assert.equal(fingerprint(repo), before);
});

test("a lockfile refresh that succeeds is part of the release commit", async (t) => {
  const config =
    'export default { name: "demo", versionFiles: ["pyproject.toml", "src/demo/__version__.py"], lockfiles: [{ path: "demo.lock", command: ["sh", "-c", "grep -m1 ^version pyproject.toml > demo.lock"] }] };\n';
  const { repo, yes } = await setup(t, { extra: { "release.config.ts": config, "demo.lock": 'version = "1.2.3"\n' } });
  repo.commit("fix: x", { "a.txt": "1" });
  const r = await yes(["--yes"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(repo.git("show", "HEAD:demo.lock"), 'version = "1.2.4"\n');
  assert.equal(repo.git("status", "--porcelain"), "");
});

test("a failing preflight command blocks the cut and leaves the tree untouched", async (t) => {
  const config =
    'export default { name: "demo", versionFiles: ["pyproject.toml"], preflight: [{ id: "tests", command: "echo 1 failed; exit 1" }] };\n';
  const { repo, yes } = await setup(t, { extra: { "release.config.ts": config } });
  repo.commit("fix: x", { "a.txt": "1" });
  const before = fingerprint(repo);
  const r = await yes(["--yes"]);
  assert.equal(r.code, 1);
  assert.equal(r.json.blocked, true);
  assert.equal(r.json.steps, undefined);
  assert.match(r.stderr, /blocked: failed check\(s\): preflight\.tests/);
  assert.equal(fingerprint(repo), before);
});

test("a commit hook that rewrites a staged file and refuses the commit: restaged, retried once", async (t) => {
  const { repo, yes } = await setup(t);
  repo.commit("fix: x", { "a.txt": "1" });
  // Like a formatter hook: it fixes the file, says so, and fails the first time.
  const hook = join(repo.dir, ".git", "hooks", "pre-commit");
  writeFileSync(
    hook,
    '#!/bin/sh\nif ! grep -q "formatted" CHANGELOG.md; then\n  echo "<!-- formatted -->" >> CHANGELOG.md\n  echo "hook: files were modified" >&2\n  exit 1\nfi\n',
  );
  chmodSync(hook, 0o755);
  const r = await yes(["--yes"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(repo.git("show", "HEAD:CHANGELOG.md"), /<!-- formatted -->/);
  assert.equal(repo.git("status", "--porcelain"), "");
  assert.equal(repo.git("rev-list", "--count", "v1.2.3..HEAD").trim(), "2");
});

test("a commit hook that always refuses: clear error, every file restored", async (t) => {
  const { repo, yes } = await setup(t);
  repo.commit("fix: x", { "a.txt": "1" });
  const hook = join(repo.dir, ".git", "hooks", "pre-commit");
  writeFileSync(hook, '#!/bin/sh\necho "lint: 3 problems" >&2\nexit 1\n');
  chmodSync(hook, 0o755);
  const before = fingerprint(repo);
  const r = await yes(["--yes"]);
  assert.equal(r.code, 1);
  assert.equal(r.json.error.code, "release.commit-failed");
  assert.match(r.json.error.message, /lint: 3 problems/);
  assert.equal(fingerprint(repo), before);
});

test("pre-releases and promotion: rc.0, rc.1, then the release", async (t) => {
  const { repo, yes } = await setup(t);
  repo.commit("feat: x", { "a.txt": "1" });
  assert.equal((await yes(["--yes", "--preid", "rc"])).json.plan.tag, "v1.3.0-rc.0");
  repo.commit("fix: y", { "a.txt": "2" });
  const rc1 = await yes(["--yes", "--preid", "rc"]);
  assert.equal(rc1.json.plan.tag, "v1.3.0-rc.1");
  assert.equal(rc1.json.plan.previousTag, "v1.3.0-rc.0");
  repo.commit("docs: z", { "a.txt": "3" });
  const final = await yes(["--yes"]);
  assert.equal(final.code, 0, final.stderr);
  assert.equal(final.json.plan.tag, "v1.3.0");
  assert.equal(final.json.plan.targetKind, "promote");
  assert.match(readFileSync(join(repo.dir, "src/demo/__version__.py"), "utf8"), /"1\.3\.0"/);
  assert.deepEqual(repo.git("tag", "--list", "v1.3*").trim().split("\n"), ["v1.3.0", "v1.3.0-rc.0", "v1.3.0-rc.1"]);
});

test("--dry-run with --yes changes nothing", async (t) => {
  const { repo, yes } = await setup(t);
  repo.commit("fix: x", { "a.txt": "1" });
  const before = fingerprint(repo);
  const r = await yes(["--yes", "--dry-run"]);
  assert.equal(r.code, 0);
  assert.equal(r.json.steps, undefined);
  assert.equal(fingerprint(repo), before);
});
