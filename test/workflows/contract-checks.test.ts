import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { workflowContractChecks } from "../../tasks/lib/workflows/contract-checks.ts";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { parseWorkflow } from "../../tasks/lib/workflows/read.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { makeCtx, statuses } from "../doctor/ctx.ts";
import { BROKEN_WORKFLOWS, GOOD_SECRETS, GOOD_WORKFLOWS } from "./contract-fixtures.ts";

function repoWith(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, files);
  return dir;
}

const run = (root: string, secrets: typeof GOOD_SECRETS | null = GOOD_SECRETS) =>
  runChecks(
    workflowContractChecks,
    makeCtx(root, { config: { versionFiles: ["package.json"], ...(secrets ? { secrets } : {}) } }),
  );

test("fixtures are valid YAML with ${{ }} expressions intact", () => {
  const w = parseWorkflow("build-tauri.yml", GOOD_WORKFLOWS[".github/workflows/build-tauri.yml"]!);
  assert.equal(w.error, undefined);
  assert.match(w.jobs[0]!.steps[2]!.run!, /\$\{\{ github\.event\.release\.tag_name \}\}/);
});

test("a healthy contract passes every workflow check and reports the fan-out", async (t) => {
  const results = await run(repoWith(t, GOOD_WORKFLOWS));
  assert.deepEqual(statuses(results), {
    "workflow.fan-out": "pass",
    "workflow.ci-creates-release": "pass",
    "workflow.waits-for-release": "pass",
    "workflow.tag-filter-mismatch": "pass",
    "workflow.missing-script": "pass",
    "workflow.secrets-undeclared": "pass",
  });
  const fan = results[0]!.message;
  assert.match(fan, /push of main: ci\.yml/);
  assert.match(
    fan,
    /release v1\.2\.3 published by the operator's token: build-binaries\.yml, build-tauri\.yml, publish-pypi\.yml/,
  );
});

test("the retrospective's broken contract fails each check, naming the workflows", async (t) => {
  const results = await run(repoWith(t, BROKEN_WORKFLOWS));
  const by = Object.fromEntries(results.map((r) => [r.id, r]));
  assert.equal(by["workflow.fan-out"]!.status, "fail");
  assert.match(
    by["workflow.fan-out"]!.message,
    /build-tauri\.yml does not start when the release v1\.2\.3 is published/,
  );
  assert.match(by["workflow.fan-out"]!.message, /build-binaries\.yml does not start/);

  assert.equal(by["workflow.ci-creates-release"]!.status, "fail");
  assert.match(
    by["workflow.ci-creates-release"]!.message,
    /build-binaries\.yml \(job build, step "Create release"\) uses softprops\/action-gh-release/,
  );
  // It uses a personal token (RELEASE_PAT), so no run is lost; it still makes a second creator beside release.ts.
  assert.match(by["workflow.ci-creates-release"]!.message, /Cannot keep the release contract/);
  assert.match(by["workflow.ci-creates-release"]!.fix!, /tsx release\.ts/);

  assert.equal(by["workflow.waits-for-release"]!.status, "fail");
  assert.match(
    by["workflow.waits-for-release"]!.message,
    /build-tauri\.yml \(job build, step "Wait for the release"\)/,
  );

  assert.equal(by["workflow.tag-filter-mismatch"]!.status, "fail");
  assert.match(
    by["workflow.tag-filter-mismatch"]!.message,
    /build-binaries\.yml tags \["release-\*"\] does not match v1\.2\.3/,
  );
  assert.doesNotMatch(by["workflow.tag-filter-mismatch"]!.message, /build-tauri/);

  assert.equal(by["workflow.missing-script"]!.status, "fail");
  assert.match(
    by["workflow.missing-script"]!.message,
    /build-binaries\.yml job build runs scripts\/build\/publish\.sh/,
  );

  assert.equal(by["workflow.secrets-undeclared"]!.status, "fail");
  assert.match(by["workflow.secrets-undeclared"]!.message, /RELEASE_PAT \(read by build-binaries\.yml\)/);
});

test("tag filters: a pre-release the filter excludes is a warning, not a failure", async (t) => {
  const root = repoWith(t, {
    ".github/workflows/tagged.yml":
      'on:\n  push:\n    tags: ["v[0-9]+.[0-9]+.[0-9]+"]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n',
  });
  const [r] = await runChecks(workflowContractChecks, makeCtx(root), { only: ["workflow.tag-filter-mismatch"] });
  assert.equal(r!.status, "warn");
  assert.match(r!.message, /pre-release tag v1\.2\.3-rc\.1/, "the pre-release of the tag being cut");
  const prefixed = await runChecks(workflowContractChecks, makeCtx(root, { config: { tagPrefix: "atlas-v" } }), {
    only: ["workflow.tag-filter-mismatch"],
  });
  assert.equal(prefixed[0]!.status, "fail", "a different tag prefix misses the filter");
});

test("every way of creating a release in CI is recognised", async (t) => {
  const step = (s: string) =>
    `on:\n  push:\n    tags: ["v*"]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${s}\n`;
  const cases = {
    "gh.yml": step('      - run: gh release create "$GITHUB_REF_NAME" dist/*'),
    "ncipollo.yml": step("      - uses: ncipollo/release-action@v1"),
    "create-release.yml": step("      - uses: actions/create-release@v1"),
    "curl.yml": step(
      "      - run: 'curl -X POST -H \"Authorization: token $T\" https://api.github.com/repos/acme/atlas/releases -d {}'",
    ),
    "script.yml": step(
      "      - uses: actions/github-script@v7\n        with:\n          script: await github.rest.repos.createRelease({ owner, repo, tag_name })",
    ),
  };
  for (const [file, text] of Object.entries(cases)) {
    const root = repoWith(t, { [`.github/workflows/${file}`]: text });
    const [r] = await runChecks(workflowContractChecks, makeCtx(root), { only: ["workflow.ci-creates-release"] });
    assert.equal(r!.status, "fail", file);
  }
  const upload = repoWith(t, { ".github/workflows/u.yml": step("      - run: gh release upload v1 dist/a.tgz") });
  const [ok] = await runChecks(workflowContractChecks, makeCtx(upload), { only: ["workflow.ci-creates-release"] });
  assert.equal(ok!.status, "pass", "uploading to an existing release is the contract");
});

test("secrets: none declared is a warning; declared but unused is a warning", async (t) => {
  const root = repoWith(t, GOOD_WORKFLOWS);
  const none = await run(root, null);
  assert.equal(none.find((r) => r.id === "workflow.secrets-undeclared")!.status, "warn");
  const extra = await run(root, { repository: [...GOOD_SECRETS.repository, "UNUSED_ONE"] });
  const r = extra.find((x) => x.id === "workflow.secrets-undeclared")!;
  assert.equal(r.status, "warn");
  assert.match(r.message, /UNUSED_ONE/);
});

test("an invalid workflow file fails the fan-out with its parse error; no workflows skips", async (t) => {
  const bad = repoWith(t, { ".github/workflows/bad.yml": "on: [push\njobs: {" });
  const [r] = await runChecks(workflowContractChecks, makeCtx(bad), { only: ["workflow.fan-out"] });
  assert.equal(r!.status, "fail");
  assert.match(r!.message, /cannot parse \.github\/workflows\/bad\.yml/);
  const empty = repoWith(t, { "README.md": "# x\n" });
  const [s] = await runChecks(workflowContractChecks, makeCtx(empty), { only: ["workflow.fan-out"] });
  assert.equal(s!.status, "skip");
});

test("zero-config, the release workflows are the ones listening to the release or its tag; the table shows the cut's tag", async (t) => {
  const root = repoWith(t, {
    ".github/workflows/pypi.yml":
      "on:\n  release:\n    types: [published]\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo p\n",
    ".github/workflows/bins.yml":
      'on:\n  push:\n    tags: ["v*"]\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo b\n',
    ".github/workflows/old.yml":
      "on:\n  release:\n    types: [created]\njobs:\n  o:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo o\n",
  });
  const ctx = makeCtx(root, { facts: { "workflows.cutVersion": "0.20.6" } });
  const zero = { ...ctx, config: { ...ctx.config, source: "default" } };
  const [r] = await runChecks(workflowContractChecks, zero, { only: ["workflow.fan-out"] });
  // No release tool and no toolkit: a person makes the releases, and may or may not save a draft first.
  assert.equal(r!.status, "warn", "old.yml misses a draft published later, which a person may never make");
  assert.match(r!.message, /old\.yml starts only on `created`: a release made by hand and published at once starts it/);
  assert.doesNotMatch(r!.message, /does not exist/, "no expected file names zero-config");
  assert.match(r!.message, /push of tag v0\.20\.6: bins\.yml/);
  // A person makes these releases (no toolkit, no tool): both ways they can, never the operator's cut.
  assert.match(r!.message, /release v0\.20\.6 published at once by a person: old\.yml, pypi\.yml\n/);
  assert.match(r!.message, /draft release v0\.20\.6 published by a person: pypi\.yml\n/);
  assert.match(r!.message, /release v0\.20\.6-rc\.1 published \(pre-release\)/);
  assert.doesNotMatch(
    r!.message,
    /operator's token|workflow_dispatch/,
    "the toolkit's cut is not simulated zero-config",
  );
});

test("zero-config, tag filters are checked against the repository's own version tags (monorepo prefixes)", async (t) => {
  // pytauri/pytauri tags each package (`py/<pkg>/v0.1.0`, `rs/<pkg>/v0.1.0`) and filters on `py/*/v*`.
  const root = repoWith(t, {
    ".github/workflows/py.yml":
      'on:\n  push:\n    tags: ["py/*/v*"]\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo p\n',
    ".github/workflows/bad.yml":
      'on:\n  push:\n    tags: ["release-*"]\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo p\n',
  });
  const ctx = makeCtx(root, { facts: { "workflows.repoTags": ["py/pytauri/v0.1.0", "rs/pytauri-core/v0.2.0"] } });
  const [r] = await runChecks(
    workflowContractChecks,
    { ...ctx, config: { ...ctx.config, source: "default" } },
    {
      only: ["workflow.tag-filter-mismatch"],
    },
  );
  // A filter no tag matches may be a typo or a line not released yet: a warning that says so.
  assert.equal(r!.status, "warn");
  assert.match(r!.message, /bad\.yml tags \["release-\*"\] matches none of the repository's 2 version tags/);
  assert.match(r!.message, /meant for a line not released yet/);
  assert.doesNotMatch(r!.message, /py\.yml/);
});
