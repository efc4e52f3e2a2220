/**
 * The safety rules of the generated files (what zizmor and actionlint enforce), one
 * test per rule, on every file of both renderings.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderWorkflow } from "../../tasks/lib/workflows/render.ts";
import type { Job, Step, Workflow } from "../../templates/types.ts";
import { CHECKOUT_SHA, everyRendering, fullContext, parseWorkflow, RELEASE_WORKFLOWS } from "./fixtures.ts";

type ParsedStep = Step & { uses?: string; with?: Record<string, unknown>; run?: string };

async function eachWorkflow(fn: (where: string, wf: Workflow, text: string) => void) {
  for (const { label, files } of await everyRendering())
    for (const [path, text] of files) fn(`${label}: ${path}`, parseWorkflow(text), text);
}
const steps = (job: Job) => job.steps as ParsedStep[];

test("no expression is expanded inside run: (values arrive through env:)", async () => {
  let runs = 0;
  await eachWorkflow((where, wf) => {
    for (const [id, job] of Object.entries(wf.jobs))
      for (const s of steps(job))
        if (s.run !== undefined) {
          runs++;
          assert.ok(!s.run.includes("${{"), `${where} job ${id} step "${s.name}" expands an expression in run:`);
        }
  });
  assert.ok(runs > 20, "the rule was checked on real run: steps");
});

test("render() refuses a template that puts an expression inside run:", () => {
  const wf: Workflow = {
    name: "bad",
    on: { workflow_dispatch: {} },
    permissions: {},
    jobs: {
      x: {
        name: "x",
        "runs-on": "ubuntu-latest",
        permissions: {},
        steps: [{ name: "echo tag", run: "echo ${{ github.event.release.tag_name }}" }],
      },
    },
  };
  assert.throws(() => renderWorkflow(wf, "bad.yml"), /expands an expression inside run:.*env:/);
});

test("top-level permissions are empty or read-only; write scopes only on the jobs that upload or publish", async () => {
  await eachWorkflow((where, wf) => {
    const top = wf.permissions;
    assert.ok(
      typeof top === "object" && Object.values(top).every((v) => v === "read" || v === "none"),
      `${where}: top-level permissions ${JSON.stringify(top)}`,
    );
    for (const [id, job] of Object.entries(wf.jobs)) {
      assert.ok(job.permissions !== undefined, `${where} job ${id} states its permissions`);
      const writes = Object.entries(job.permissions as Record<string, string>)
        .filter(([, v]) => v === "write")
        .map(([k]) => k);
      const uploads = steps(job).some(
        (s) => s.run?.includes("tasks/upload-assets.ts") || s.run?.includes("tasks/updater-manifest.ts"),
      );
      if (writes.includes("contents")) assert.ok(uploads, `${where} job ${id} has contents: write but uploads nothing`);
      if (uploads) assert.ok(writes.includes("contents"), `${where} job ${id} uploads without contents: write`);
    }
  });
});

test("id-token: write only on the PyPI publish job, inside the configured environment", async () => {
  for (const { label, ctx, files } of await everyRendering()) {
    const holders: string[] = [];
    for (const [path, text] of files)
      for (const [id, job] of Object.entries(parseWorkflow(text).jobs)) {
        if ((job.permissions as Record<string, string>)["id-token"] === undefined) continue;
        holders.push(`${path}#${id}`);
        assert.equal(job.environment, ctx.pypiEnvironment, `${label}: ${path}#${id} environment`);
        assert.ok(
          steps(job).some((s) => s.uses?.startsWith("pypa/gh-action-pypi-publish@")),
          `${label}: ${path}#${id} publishes`,
        );
      }
    assert.deepEqual(holders, [".github/workflows/publish-pypi.yml#publish"], label);
  }
});

test("every checkout sets persist-credentials: false", async () => {
  let checkouts = 0;
  await eachWorkflow((where, wf) => {
    for (const [id, job] of Object.entries(wf.jobs))
      for (const s of steps(job))
        if (s.uses?.startsWith("actions/checkout@")) {
          checkouts++;
          assert.equal(s.with?.["persist-credentials"], false, `${where} job ${id}`);
        }
  });
  assert.ok(checkouts >= 8);
});

test("release-triggered workflows restore no cache", async () => {
  for (const { label, files } of await everyRendering())
    for (const path of RELEASE_WORKFLOWS) {
      const text = files.get(path)!;
      assert.doesNotMatch(text, /actions\/cache@/, `${label}: ${path}`);
      for (const [id, job] of Object.entries(parseWorkflow(text).jobs))
        for (const s of steps(job)) {
          if (!s.uses) continue;
          assert.equal(s.with?.cache, undefined, `${label}: ${path}#${id} ${s.uses} restores a cache`);
          if (s.uses.startsWith("astral-sh/setup-uv@"))
            assert.equal(s.with?.["enable-cache"], false, `${label}: ${path}#${id} setup-uv caches by default`);
          // setup-node v5 turns its cache on by itself once package.json declares a packageManager.
          if (s.uses.startsWith("actions/setup-node@"))
            assert.equal(s.with?.["package-manager-cache"], false, `${label}: ${path}#${id} setup-node may cache`);
        }
    }
});

test("concurrency is per workflow and release tag, and a re-run waits instead of cancelling", async () => {
  for (const { label, files } of await everyRendering())
    for (const path of RELEASE_WORKFLOWS) {
      const wf = parseWorkflow(files.get(path)!);
      // The builds start only from a dispatch: their tag is the input (no release event to read).
      const tag = path.endsWith("publish-pypi.yml") ? "github.event.release.tag_name || inputs.tag" : "inputs.tag";
      assert.equal(wf.concurrency?.group, `\${{ github.workflow }}-\${{ ${tag} }}`, `${label}: ${path}`);
      assert.equal(wf.concurrency?.["cancel-in-progress"], false, `${label}: ${path}`);
    }
});

test("action references come from one map; a config pin renders as a full SHA with its version comment", async () => {
  const files = [...(await everyRendering())[1]!.files.values()].join("\n");
  const pinned = files.split("\n").filter((l) => l.includes("uses: actions/checkout@"));
  assert.equal(pinned.length, 9, "validate, build, finalize, upload, latest.json, CLI, CLI upload, PyPI, and ci");
  for (const line of pinned) assert.equal(line.trim(), `uses: actions/checkout@${CHECKOUT_SHA} # v4.2.2`);
  assert.ok(fullContext().actions["actions/checkout"].ref === CHECKOUT_SHA);
  // Every uses: names an action of the map (no stray reference a pin could miss).
  for (const m of files.matchAll(/uses: ([\w.-]+\/[\w.-]+)@/g)) assert.ok(m[1]! in fullContext().actions, m[1]);
});
