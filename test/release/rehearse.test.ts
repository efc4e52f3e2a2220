import assert from "node:assert/strict";
import { test } from "node:test";
import { runEntry } from "../helpers/run-entry.ts";
import { RELEASE_WORKFLOWS } from "../github/fixtures.ts";
import { FIXED_DATE, fingerprint, releaseInProcess, releaseRepo } from "./helpers.ts";
import { originRefs } from "./publish-helpers.ts";
import { startStandIn } from "../../tasks/stand-in/index.ts";
import { COMPLETE_ASSETS, DRAFT_CONFIG, DRAFT_WORKFLOWS } from "./draft-fixtures.ts";

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
    /steps: changelog done, version-files done, lockfiles skipped, commit done, tag done, push done, draft done, builds skipped, assets skipped, publish done, verify done, watch done/,
  );
  // Nothing could be read from the real GitHub (no token): said, the checks that need it skipped, and the stricter setting played.
  assert.match(human.stdout, /real GitHub, secrets: skipped, no GitHub token/);
  assert.match(
    human.stdout,
    /real GitHub, immutable releases: unknown \(no GitHub token.*rehearsed as on, the stricter\)/,
  );
  assert.match(
    human.stdout,
    /release: "Atlas v1\.3\.0" for v1\.3\.0, published, immutable, latest, 0 asset\(s\) \(simulated builds\); notes:\n\s+### Added/,
  );
  assert.match(human.stdout, /workflows \(would start\): build-tauri\.yml, publish-pypi\.yml\n/);
  // Started by the tag push on GitHub (which the stand-in does not play): neither dispatched nor waited for.
  assert.doesNotMatch(human.stdout, /workflows \(would start\):.*build-binaries/);
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

/** Workflows that read a signing secret and publish to PyPI from an environment, the builds dispatched. */
const REAL_SHAPED = {
  ...Object.fromEntries(DRAFT_WORKFLOWS.map((w) => [`.github/workflows/${w.file}`, w.yaml])),
  ".github/workflows/publish-pypi.yml":
    "name: Publish to PyPI\non:\n  release:\n    types: [published]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    environment: pypi\n    permissions:\n      id-token: write\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n",
  ".github/workflows/build-tauri.yml":
    "name: Build the desktop app\non:\n  workflow_dispatch:\n    inputs:\n      tag:\n        required: true\n        type: string\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo sign\n        env:\n          KEY: ${{ secrets.TAURI_SIGNING_PRIVATE_KEY }}\n",
  "release.config.ts": DRAFT_CONFIG,
};

// Before issue 22 the rehearsal of Niamoto's adopted tree stopped at github.secrets-missing and
// github.pypi-environment: the stand-in has neither. Now what the operator's token reads from the
// real repository (here a second stand-in plays github.com) is given to the rehearsal's stand-in.
test("--rehearse reads the real repository's secrets, environments and immutable setting with the operator's token, and runs every step", async (t) => {
  const repo = releaseRepo({ extra: REAL_SHAPED });
  t.after(repo.cleanup);
  repo.commit("feat(map): clusters", { "a.txt": "1" });
  repo.git("push", "-q", "origin", "main");
  repo.git("fetch", "-q", "origin");
  const real = await startStandIn({ repo: "acme/atlas", environments: ["pypi"], immutable: true });
  t.after(() => real.close());
  real.state.repoSecrets.set("TAURI_SIGNING_PRIVATE_KEY", {
    name: "TAURI_SIGNING_PRIVATE_KEY",
    encrypted_value: "",
    key_id: "",
    value: "x",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  });
  const env = { ...FIXED_DATE, GH_TOKEN: real.token, GITHUB_TOKEN: undefined, GITHUB_API_URL: real.url };
  const r = await releaseInProcess(["--rehearse", "--json", "--repo", repo.dir, "--github-repo", "acme/atlas"], env);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  const status = (id: string) => doc.checks.find((c: { id: string }) => c.id === id)?.status;
  assert.equal(status("github.secrets-missing"), "pass");
  assert.equal(status("github.pypi-environment"), "pass");
  assert.equal(doc.immutable.state, "on");
  assert.deepEqual(doc.rehearsal.real, [
    "secrets: 1 name(s) (read from GitHub)",
    "environments: pypi (read from GitHub)",
    "immutable releases: on",
  ]);
  assert.deepEqual(
    doc.steps.slice(5).map((s: { id: string; status: string }) => `${s.id}:${s.status}`),
    ["push:done", "draft:done", "builds:done", "assets:done", "publish:done", "verify:done", "watch:done"],
  );
  assert.equal(doc.rehearsal.release.immutable, true);
  assert.equal(doc.rehearsal.release.draft, false);
  assert.deepEqual(doc.rehearsal.release.assets, COMPLETE_ASSETS("1.3.0"));
  assert.equal(doc.verification.ok, true);
  // The real GitHub was only read.
  assert.deepEqual(
    real.requests.filter((q) => q.method !== "GET").map((q) => q.path),
    [],
  );
  // The same rehearsal with a token that may not read the secrets: those checks are skipped, with the reason.
  const reader = await releaseInProcess(["--rehearse", "--json", "--repo", repo.dir, "--github-repo", "acme/atlas"], {
    ...env,
    GH_TOKEN: real.readOnlyToken,
  });
  assert.equal(reader.code, 0, reader.stderr);
  const d2 = JSON.parse(reader.stdout);
  assert.match(
    d2.rehearsal.real[0],
    /secrets: skipped, acme\/atlas's Actions secrets could not be read from GitHub \(403/,
  );
  assert.equal(d2.checks.find((c: { id: string }) => c.id === "github.secrets-missing").status, "skip");
  assert.equal(d2.steps.at(-1).id, "watch");
});
