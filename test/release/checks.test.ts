import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { GIT_ENV } from "../helpers/gitdir.ts";
import { check, cutInProcess, releaseRepo } from "./helpers.ts";

test("every release check passes on a clean repository ready to release", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("feat: x", { "a.txt": "1" });
  repo.git("push", "-q", "origin", "main");
  const r = await cutInProcess(repo, []);
  const ids = [
    "git.branch",
    "git.dirty",
    "git.behind-origin",
    "git.tag-exists",
    "version.inconsistent",
    "version.not-greater",
    "changelog.unreleased-missing",
    "changelog.version-exists",
    "tools.missing",
  ];
  for (const id of ids) assert.equal(check(r, id).status, "pass", `${id}: ${check(r, id).message}`);
  assert.equal(r.code, 0);
});

test("git.branch, git.dirty fail with a fix; --skip-check skips one by id", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix: x", { "a.txt": "1" });
  repo.git("switch", "-q", "-c", "feature");
  repo.write({ "untracked.txt": "u", "a.txt": "changed" });
  const r = await cutInProcess(repo, []);
  assert.equal(r.code, 1);
  assert.equal(check(r, "git.branch").status, "fail");
  assert.match(check(r, "git.branch").fix!, /git switch main/);
  assert.equal(check(r, "git.dirty").status, "fail");
  assert.match(check(r, "git.dirty").message, /a\.txt\n {2}untracked\.txt/);
  const skipped = await cutInProcess(repo, ["--skip-check", "git.dirty", "--skip-check", "git.branch"]);
  assert.equal(skipped.code, 0, skipped.stderr);
  assert.equal(check(skipped, "git.dirty").status, "skip");
});

test("git.behind-origin fetches, then fails when origin has commits HEAD lacks", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix: x", { "a.txt": "1" });
  repo.git("push", "-q", "origin", "main");
  const other = join(repo.dir, "..", "other");
  const g = (cwd: string, ...args: string[]) =>
    execFileSync("git", args, { cwd, env: { ...process.env, ...GIT_ENV }, stdio: "pipe" });
  g(join(repo.dir, ".."), "clone", "-q", repo.origin!, other);
  g(other, "commit", "-q", "--allow-empty", "-m", "fix: pushed elsewhere");
  g(other, "push", "-q", "origin", "main");
  const r = await cutInProcess(repo, []);
  assert.equal(check(r, "git.behind-origin").status, "fail");
  assert.match(check(r, "git.behind-origin").message, /1 commit\(s\) behind origin\/main/);
  assert.match(check(r, "git.behind-origin").fix!, /git pull --rebase/);
});

test("git.tag-exists fails for a local tag and for a tag only on origin", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix: x", { "a.txt": "1" });
  repo.git("tag", "v1.2.4", "HEAD~1");
  // Named explicitly: on its own the plan now counts from the newest tag (files behind it), so it would target 1.2.5.
  let r = await cutInProcess(repo, ["1.2.4"]);
  assert.equal(check(r, "git.tag-exists").status, "fail");
  assert.match(check(r, "git.tag-exists").message, /already exists locally/);
  repo.git("push", "-q", "origin", "v1.2.4");
  repo.git("tag", "-d", "v1.2.4");
  r = await cutInProcess(repo, ["1.2.4"]);
  assert.equal(check(r, "git.tag-exists").status, "fail");
  assert.match(check(r, "git.tag-exists").message, /origin already has it/);
});

test("version.inconsistent lists each file with its value", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix: drift", { "src/demo/__version__.py": '__version__ = "1.2.2"\n' });
  const r = await cutInProcess(repo, []);
  const c = check(r, "version.inconsistent");
  assert.equal(c.status, "fail");
  assert.match(c.message, /pyproject\.toml +1\.2\.3\n {2}src\/demo\/__version__\.py +1\.2\.2/);
  assert.equal(r.code, 1);
});

test("changelog.unreleased-missing passes without [Unreleased]; changelog.version-exists finds any shape", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix: x", { "CHANGELOG.md": "# Changelog\n\n## [1.2.3] - 2024-05-01\n" });
  // No [Unreleased] is the usual case (release-please, git-cliff after a release): the section goes on top.
  let r = await cutInProcess(repo, []);
  assert.equal(check(r, "changelog.unreleased-missing").status, "pass");
  assert.match(check(r, "changelog.unreleased-missing").message, /above the newest version/);
  // A section for the target already there (any shape, any tool's) is used as written, never duplicated.
  repo.commit("fix: y", { "CHANGELOG.md": "# Changelog\n\n## [Unreleased]\n\n## v1.2.4 (2024-06-01)\n\n- y\n" });
  r = await cutInProcess(repo, []);
  assert.equal(check(r, "changelog.unreleased-missing").status, "pass");
  assert.equal(check(r, "changelog.version-exists").status, "warn");
  assert.match(check(r, "changelog.version-exists").message, /uses it as written/);
  assert.ok(!r.json.plan.filesChanged.includes("CHANGELOG.md"));
  assert.equal(
    r.json.plan.releaseNotes,
    "- y\n\n**Full Changelog**: https://github.com/acme/demo/compare/v1.2.3...v1.2.4\n",
  );
  repo.git("rm", "-q", "CHANGELOG.md");
  repo.commit("fix: z");
  r = await cutInProcess(repo, []);
  assert.match(check(r, "changelog.unreleased-missing").message, /does not exist/);
});

test("tools.missing names the tools not on PATH, lockfile commands included", async (t) => {
  const repo = releaseRepo({
    extra: {
      "release.config.ts":
        'export default { name: "demo", versionFiles: ["pyproject.toml"], tools: ["git", "no-such-tool-4711"], lockfiles: [{ path: "x.lock", command: ["lock-tool-4711", "lock"] }] };\n',
      "x.lock": "1",
    },
  });
  t.after(repo.cleanup);
  repo.commit("fix: x", { "a.txt": "1" });
  const r = await cutInProcess(repo, []);
  assert.equal(check(r, "tools.missing").status, "fail");
  assert.match(check(r, "tools.missing").message, /no-such-tool-4711, lock-tool-4711/);
});

test("preflight.<id> never runs during inspection or --dry-run: it says what would run; --skip-checks skips it", async (t) => {
  // The command would leave a marker file: its absence proves it did not run.
  const config =
    'export default { name: "demo", versionFiles: ["pyproject.toml"], preflight: [{ id: "tests", title: "unit tests", command: "touch ran.marker; exit 3" }, { id: "lint", command: ["true"], cwd: "src" }] };\n';
  const repo = releaseRepo({ extra: { "release.config.ts": config } });
  t.after(repo.cleanup);
  repo.commit("fix: x", { "a.txt": "1" });
  for (const args of [[], ["--yes", "--dry-run"]]) {
    const r = await cutInProcess(repo, args);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(check(r, "preflight.tests").status, "skip");
    assert.match(check(r, "preflight.tests").message, /would run with --yes: touch ran\.marker; exit 3/);
    assert.match(check(r, "preflight.lint").message, /would run with --yes: true \(in src\)/);
    assert.deepEqual(
      r.json.plan.preflight.map((p: { id: string; cwd: string }) => `${p.id}@${p.cwd}`),
      ["tests@.", "lint@src"],
    );
    assert.equal(existsSync(join(repo.dir, "ran.marker")), false);
  }
  const skipped = await cutInProcess(repo, ["--skip-checks"]);
  assert.match(check(skipped, "preflight.tests").message, /skipped by --skip-checks/);
});
