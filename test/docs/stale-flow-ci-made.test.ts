/**
 * A doc is stale when what it says is not what the repository does; a workflow defect is
 * reported once, by the workflow check. The shape comes from issue 24's round 2
 * (bootstrap-vue-next/bootstrap-vue-next): a contributing guide says that release-please,
 * run by a workflow, makes the releases, which it does; that release, made with
 * GITHUB_TOKEN, never starts a docs workflow on `release: created`
 * (`workflow.ci-creates-release` says so), and the doctor had reported the accurate guide
 * a second time, as a doc failure. Niamoto's old `.github/RELEASE.md` keeps the check
 * biting: it says CI creates the release and that the release starts the PyPI workflow by
 * name, a run GitHub never starts. The files below are written for these tests.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { docsDriftChecks } from "../../tasks/lib/docs/docs-checks.ts";
import { workflowContractChecks } from "../../tasks/lib/workflows/contract-checks.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { makeCtx } from "../doctor/ctx.ts";

const PLEASE = `on:
  push:
    branches: [main]
permissions:
  contents: write
  pull-requests: write
jobs:
  please:
    runs-on: ubuntu-latest
    steps:
      - uses: googleapis/release-please-action@v4
`;

const SITE = `on:
  release:
    types: [created]
jobs:
  site:
    runs-on: ubuntu-latest
    steps:
      - run: echo build the site
`;

const GUIDE = (extra = "") =>
  [
    "# Contributing",
    "",
    "## Making a release",
    "",
    "Releases are made by release-please: the `cut.yml` workflow creates the releases from the conventional commits merged to main.",
    ...(extra ? ["", extra] : []),
    "",
  ].join("\n");

async function check(t: { after(fn: () => void): void }, files: Record<string, string>) {
  const root = tempDir();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFiles(root, files);
  const ctx = makeCtx(root);
  const zero = { ...ctx, config: { ...ctx.config, source: "default" as const } };
  const [docs] = await runChecks(docsDriftChecks, zero, { only: ["docs.stale-flow"] });
  const [workflow] = await runChecks(workflowContractChecks, zero, { only: ["workflow.ci-creates-release"] });
  return { docs: docs!, workflow: workflow! };
}

test("a guide that says the release workflow makes the releases is accurate though that release loses a run; the loss is reported once, by the workflow check (bootstrap-vue-next)", async (t) => {
  const r = await check(t, {
    ".github/workflows/cut.yml": PLEASE,
    ".github/workflows/site.yml": SITE,
    "CONTRIBUTING.md": GUIDE(),
  });
  assert.equal(r.workflow.status, "fail", r.workflow.message);
  assert.match(r.workflow.message, /site\.yml/);
  assert.equal(r.docs.status, "pass", r.docs.message);
  assert.match(r.docs.message, /what the repository does/);
  assert.match(r.docs.message, /workflow\.ci-creates-release/);
});

test("a guide that promises, by name, a run the CI-made release never starts is stale (Niamoto's old release guide)", async (t) => {
  const r = await check(t, {
    ".github/workflows/cut.yml": PLEASE,
    ".github/workflows/site.yml": SITE,
    "CONTRIBUTING.md": GUIDE("Each new release then starts `site.yml`, which rebuilds the documentation site."),
  });
  assert.equal(r.docs.status, "fail", r.docs.message);
  assert.match(r.docs.message, /CONTRIBUTING\.md:5/);
  assert.match(r.docs.message, /never starts site\.yml/);
});

test("a guide that says CI makes the release where no workflow does is stale, whatever it names", async (t) => {
  const r = await check(t, { ".github/workflows/site.yml": SITE, "CONTRIBUTING.md": GUIDE() });
  assert.equal(r.docs.status, "fail", r.docs.message);
});

test("the same release made with a token whose events start workflows: no workflow finding, and the guide passes", async (t) => {
  const withToken = PLEASE.replace(
    "release-please-action@v4\n",
    "release-please-action@v4\n        with:\n          token: ${{ secrets.RELEASE_TOKEN }}\n",
  );
  const r = await check(t, {
    ".github/workflows/cut.yml": withToken,
    ".github/workflows/site.yml": SITE,
    "CONTRIBUTING.md": GUIDE("Each new release then starts `site.yml`, which rebuilds the documentation site."),
  });
  assert.notEqual(r.workflow.status, "fail", r.workflow.message);
  assert.equal(r.docs.status, "pass", r.docs.message);
});
