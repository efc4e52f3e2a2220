/**
 * `workflow.ci-creates-release` names only the workflows that will not start. A release
 * tool that creates the release with GITHUB_TOKEN from a workflow started by the push of
 * a branch (release-please on `main`: the merge of its release PR) loses every release
 * event, but a listener that also starts on that push still runs: only its release run
 * is lost. The shape comes from the issue 24 held-out run (AI-READI/pyfairdatatools: a
 * PyPI workflow on `release: published` and on pushes to `main`, beside release-please
 * with its default token); the workflows below are written for these tests.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import type { CheckResult } from "../../tasks/lib/core/checks/types.ts";
import { workflowContractChecks } from "../../tasks/lib/workflows/contract-checks.ts";
import { makeCtx } from "../doctor/ctx.ts";
import { tempDirFor, writeFiles } from "../helpers/tmp.ts";

async function ciCreates(t: { after(fn: () => void): void }, files: Record<string, string>): Promise<CheckResult> {
  const root = tempDirFor(t);
  writeFiles(root, files);
  const ctx = makeCtx(root);
  const [r] = await runChecks(
    workflowContractChecks,
    { ...ctx, config: { ...ctx.config, source: "default" } },
    { only: ["workflow.ci-creates-release"] },
  );
  return r!;
}

const workflow = (on: string, job = "    runs-on: ubuntu-latest\n    steps:\n      - run: echo go\n") =>
  `on:\n${on}\njobs:\n  go:\n${job}`;
const RELEASE_PLEASE = workflow(
  "  push:\n    branches: [main]",
  "    runs-on: ubuntu-latest\n    steps:\n      - uses: googleapis/release-please-action@v4\n",
);
const ON_RELEASE = "  release:\n    types: [published]";

test("a listener that also starts on the push that starts release-please is not said to never start", async (t) => {
  const r = await ciCreates(t, {
    ".github/workflows/release-please.yml": RELEASE_PLEASE,
    ".github/workflows/pypi.yml": workflow(`${ON_RELEASE}\n  push:\n    branches: [main]`),
    ".github/workflows/docs.yml": workflow(ON_RELEASE),
  });
  assert.equal(r.status, "fail");
  assert.match(
    r.message,
    /so docs\.yml will not start \(pypi\.yml still starts on the push of main that starts release-please\.yml; only its release run is lost\)/,
  );
});

test("when every listener runs anyway, the doctor warns and says what it cannot tell", async (t) => {
  const r = await ciCreates(t, {
    ".github/workflows/release-please.yml": RELEASE_PLEASE,
    ".github/workflows/pypi.yml": workflow(`${ON_RELEASE}\n  push:\n    branches: [main, develop]`),
  });
  assert.equal(r.status, "warn", r.message);
  assert.match(r.message, /pypi\.yml still starts on the push of main that starts release-please\.yml/);
  assert.match(r.message, /cannot tell whether that run does what the release run would have done/);
});

test("a listener whose jobs run only for the release, or only on other branches or paths, is still lost", async (t) => {
  const gated = workflow(
    `${ON_RELEASE}\n  push:\n    branches: [main]`,
    "    if: github.event_name == 'release'\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo publish\n",
  );
  const r = await ciCreates(t, {
    ".github/workflows/release-please.yml": RELEASE_PLEASE,
    ".github/workflows/gated.yml": gated,
    ".github/workflows/other.yml": workflow(`${ON_RELEASE}\n  push:\n    branches: [develop]`),
    ".github/workflows/paths.yml": workflow(`${ON_RELEASE}\n  push:\n    branches: [main]\n    paths: ['docs/**']`),
  });
  assert.equal(r.status, "fail");
  assert.match(r.message, /so gated\.yml, other\.yml, paths\.yml will not start\./);
  assert.doesNotMatch(r.message, /still starts/);
});
