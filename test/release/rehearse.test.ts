import assert from "node:assert/strict";
import { test } from "node:test";
import { runEntry } from "../helpers/run-entry.ts";
import { RELEASE_WORKFLOWS } from "../github/fixtures.ts";
import { FIXED_DATE, fingerprint, releaseInProcess, releaseRepo } from "./helpers.ts";
import { originRefs } from "./publish-helpers.ts";

const workflows = {
  ".github/workflows/publish-pypi.yml": RELEASE_WORKFLOWS[0]!.yaml,
  ".github/workflows/build-tauri.yml": RELEASE_WORKFLOWS[1]!.yaml,
  // A release workflow whose trigger was broken by hand: the rehearsal must say so.
  ".github/workflows/build-binaries.yml": "name: Binaries\non:\n  push:\n    tags: ['v*']\njobs: {}\n",
  "release.config.ts":
    'export default { name: "Atlas", versionFiles: ["pyproject.toml", "src/demo/__version__.py"] };\n',
};

test("--rehearse runs the whole cut on a throwaway copy against the stand-in and leaves the real repository untouched", async (t) => {
  const repo = releaseRepo({ extra: workflows });
  t.after(repo.cleanup);
  repo.commit("feat(map): clusters", { "a.txt": "1" });
  repo.git("push", "-q", "origin", "main");
  repo.git("fetch", "-q", "origin");
  const before = fingerprint(repo);
  const origin = originRefs(repo);
  // No token at all, and a GitHub API nobody answers: the rehearsal needs neither.
  const env = {
    ...FIXED_DATE,
    GH_TOKEN: undefined,
    GITHUB_TOKEN: undefined,
    GITHUB_REPOSITORY: undefined,
    GITHUB_API_URL: "http://127.0.0.1:9",
  };
  // The doctor's workflow.fan-out sees the broken trigger before anything is pushed...
  const blocked = runEntry("release.ts", ["--rehearse", "--repo", repo.dir, "--github-repo", "acme/atlas"], { env });
  assert.equal(blocked.code, 1, blocked.stderr);
  assert.match(blocked.stderr, /failed check\(s\): workflow\.fan-out/);
  // ...and with that check skipped, the rehearsal shows what GitHub would then do.
  const skipFanOut = ["--skip-check", "workflow.fan-out"];
  const human = await releaseInProcess(
    ["--rehearse", ...skipFanOut, "--repo", repo.dir, "--github-repo", "acme/atlas"],
    env,
  );
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /Rehearsal for acme\/atlas: nothing real was changed/);
  assert.match(
    human.stdout,
    /steps: changelog done, version-files done, lockfiles skipped, commit done, tag done, push done, github-release done, watch done/,
  );
  assert.match(human.stdout, /release: "Atlas v1\.3\.0" for v1\.3\.0, latest; notes:\n\s+### Added/);
  assert.match(human.stdout, /fan-out \(would start\): build-tauri\.yml, publish-pypi\.yml\n/);
  assert.match(
    human.stdout,
    /build-binaries\.yml: NOT STARTED — likely fan-out failure; its `on:` does not include `release`/,
  );
  assert.match(human.stdout, /Run `tsx release\.ts --yes 1\.3\.0` to do it for real/);
  const json = await releaseInProcess(
    ["--rehearse", ...skipFanOut, "--json", "--repo", repo.dir, "--github-repo", "acme/atlas", "--preid", "rc"],
    env,
  );
  assert.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.rehearsal.release.tag, "v1.3.0-rc.0");
  assert.equal(doc.rehearsal.release.prerelease, true);
  assert.match(doc.rehearsal.origin.tag, /^[0-9a-f]{40}$/);
  assert.deepEqual(doc.rehearsal.started.sort(), ["build-tauri.yml", "publish-pypi.yml"]);
  assert.equal(doc.plan.tag, "v1.3.0-rc.0");
  // The real repository and its origin: same HEAD, tags, files, index and refs.
  assert.equal(fingerprint(repo), before);
  assert.equal(originRefs(repo), origin);
});

test("--rehearse with --dry-run is a usage error; a blocked cut is reported as what would fail", async (t) => {
  const failing =
    'export default { name: "Atlas", versionFiles: ["pyproject.toml"], preflight: [{ id: "tests", command: "echo 2 failed; exit 1" }] };\n';
  const repo = releaseRepo({ extra: { ...workflows, "release.config.ts": failing } });
  t.after(repo.cleanup);
  const usage = runEntry("release.ts", ["--rehearse", "--dry-run", "--repo", repo.dir]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /Cannot combine --rehearse with --dry-run/);
  repo.commit("fix: x", { "a.txt": "1" });
  // A failing preflight command: the rehearsal says the cut would not go through.
  const before = fingerprint(repo);
  const r = await releaseInProcess(["--rehearse", "--repo", repo.dir, "--github-repo", "acme/atlas"], {
    GH_TOKEN: undefined,
    GITHUB_TOKEN: undefined,
  });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /the real cut would fail: blocked/);
  assert.match(r.stdout, /preflight\.tests/);
  assert.equal(fingerprint(repo), before);
});
