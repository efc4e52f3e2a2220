/**
 * `workflow.action-retired`: GitHub fails a job that uses a retired action version as
 * soon as it starts, whatever runtime the version declares. The facts come from GitHub's
 * changelog and the actions' own repositories (artifact actions v1–v2 closed 2024-06-30,
 * v3 2025-01-30; actions/upload-pages-artifact v1–v2 upload with artifact v3; actions/cache
 * before v3.4.0 / v4.2.0 on the legacy cache service, sunset from 2025-02-01). The issue
 * 24 held-out run met `actions/upload-artifact@v2` in a PyPI build workflow, which the
 * doctor did not see; the workflows below are written for these tests.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { findingsOf } from "../../bench/precision.bench.ts";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import type { CheckResult } from "../../tasks/lib/core/checks/types.ts";
import { retirementOf } from "../../tasks/lib/core/platform/actions.ts";
import { platformChecks } from "../../tasks/lib/workflows/platform-checks.ts";
import { makeCtx } from "../doctor/ctx.ts";
import { tempDirFor, writeFiles } from "../helpers/tmp.ts";

const TODAY = new Date("2026-12-07T12:00:00Z");

async function retired(
  t: { after(fn: () => void): void },
  workflows: Record<string, string>,
  now = TODAY,
): Promise<CheckResult> {
  const root = tempDirFor(t);
  writeFiles(
    root,
    Object.fromEntries(Object.entries(workflows).map(([name, text]) => [`.github/workflows/${name}`, text])),
  );
  const [r] = await runChecks(platformChecks, makeCtx(root, { now }), { only: ["workflow.action-retired"] });
  return r!;
}

const job = (id: string, uses: string[]) =>
  `  ${id}:\n    runs-on: ubuntu-latest\n    steps:\n${uses.map((u) => `      - uses: ${u}\n`).join("")}`;
const wf = (...jobs: string[]) => `name: Packages\non:\n  push:\n    tags: ['v*']\njobs:\n${jobs.join("")}`;

const PYPI = {
  "wheels.yml": wf(
    job("build", ["actions/checkout@v4", "actions/upload-artifact@v2"]),
    job("publish", ["actions/download-artifact@v2", "pypa/gh-action-pypi-publish@release/v1"]),
  ),
  "docs.yml": wf(job("pages", ["actions/upload-pages-artifact@v2", "actions/deploy-pages@v2"])),
  "tests.yml": wf(job("unit", ["actions/cache@v2", "actions/upload-artifact@v3-node20"])),
};

test("a retired version fails with the day, the source and the release to move to, one line per workflow", async (t) => {
  const r = await retired(t, PYPI);
  assert.equal(r.status, "fail");
  assert.match(
    r.message,
    /^\.github\/workflows\/wheels\.yml: actions\/upload-artifact v2 \(job build\) retired on 2024-06-30, use actions\/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7\.0\.0; actions\/download-artifact v2 \(job publish\) retired on 2024-06-30/m,
  );
  assert.match(
    r.message,
    /docs\.yml: actions\/upload-pages-artifact v2 \(job pages\) retired on 2025-01-30 \(its v1 and v2 upload with actions\/upload-artifact@v3/,
  );
  assert.match(
    r.message,
    /tests\.yml: actions\/cache v2 \(job unit\) retired on 2025-02-01, use actions\/cache@27d5ce7f\S+ # v5\.0\.5; actions\/upload-artifact v3-node20 \(job unit\) retired on 2025-01-30/,
  );
  assert.match(r.message, /2024-02-13-deprecation-notice-v1-and-v2-of-the-artifact-actions/);
  assert.match(r.message, /2024-04-16-deprecation-notice-v3-of-the-artifact-actions/);
  assert.match(r.message, /actions-cache-v1-v2-and-actions-toolkit-cache-package-closing-down/);
  assert.doesNotMatch(r.message, /checkout|gh-action-pypi-publish|deploy-pages v2 \(job/);
  // The bench counts one finding per workflow, each with its whole line.
  assert.deepEqual(
    findingsOf(r.message)
      .map((f) => f.path)
      .sort(),
    [".github/workflows/docs.yml", ".github/workflows/tests.yml", ".github/workflows/wheels.yml"],
  );
});

test("actions/cache: a moved major tag runs, an exact version or a commit from before the new cache service does not", async (t) => {
  const ok = await retired(t, {
    "ci.yml": wf(
      job("a", ["actions/cache@v3", "actions/cache@v4", "actions/cache/restore@v4.2.0", "actions/cache@v3.4.0"]),
    ),
  });
  assert.equal(ok.status, "pass", ok.message);
  const old = await retired(t, {
    "ci.yml": wf(
      job("a", [
        "actions/cache/restore@v3.3.2",
        "actions/cache@1bd1e32a3bdc45362d1e726936510720a7c30a57 # v4.1.2",
        "actions/cache@9999999999999999999999999999999999999999",
      ]),
    ),
  });
  assert.equal(old.status, "fail");
  assert.match(old.message, /actions\/cache v3\.3\.2 \(job a\) retired on 2025-02-01/);
  assert.match(old.message, /actions\/cache v4\.1\.2 \(job a\) retired on 2025-02-01/);
  assert.doesNotMatch(old.message, /9999/, "a commit without a version comment is not judged");
});

test("current versions, branches and other actions pass; a version is judged only once its day has come", async (t) => {
  const fine = await retired(t, {
    "ok.yml": wf(
      job("a", ["actions/upload-artifact@v4", "actions/download-artifact@main", "someone/upload-artifact@v1"]),
    ),
  });
  assert.equal(fine.status, "pass", fine.message);
  const onEve = await retired(t, PYPI, new Date("2025-01-29T12:00:00Z"));
  assert.equal(onEve.status, "fail");
  assert.doesNotMatch(
    onEve.message,
    /v3-node20|upload-pages-artifact|actions\/cache/,
    "artifact v3 ran until 2025-01-30, the cache until 2025-02-01",
  );
  assert.match(onEve.message, /actions\/upload-artifact v2/);
  const before = await retired(t, PYPI, new Date("2024-06-29T12:00:00Z"));
  assert.equal(before.status, "pass", "v2 still ran on 2024-06-29");
});

test("retirementOf() reads a version's number through a suffix and keeps moved major tags out", () => {
  assert.equal(retirementOf("actions/download-artifact", "v3-node20", TODAY)?.retirement.retired, "2025-01-30");
  assert.equal(retirementOf("Actions/Upload-Artifact", "1.0.0", TODAY)?.retirement.retired, "2024-06-30");
  assert.equal(retirementOf("actions/cache", "v4", TODAY), undefined);
  assert.equal(retirementOf("actions/cache", "v4.1", TODAY)?.retirement.below, "v4.2.0");
  assert.equal(retirementOf("actions/upload-artifact", "main", TODAY), undefined);
});
