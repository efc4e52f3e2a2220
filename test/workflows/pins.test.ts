import assert from "node:assert/strict";
import { test } from "node:test";
import { FINALIZE_MARGIN_MINUTES } from "../../tasks/lib/core/config/workflows-schema.ts";
import { ACTIONS } from "../../tasks/lib/core/platform/actions.ts";
import { labelStatus } from "../../tasks/lib/core/platform/runners.ts";
import { render } from "../../tasks/lib/workflows/render.ts";
import { DEFAULT_ACTIONS } from "../../templates/actions.ts";
import type { TemplateContext } from "../../templates/context.ts";
import { defaultContext, parseWorkflow, repoContext, sampleContext } from "./fixtures.ts";

const PINNED = /^\s*(?:- )?uses: ([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # (\S.*)$/;

async function keptDefaults(): Promise<[string, TemplateContext][]> {
  return [
    ["default project", defaultContext()],
    ["the sample", await sampleContext()],
    ["this repository", await repoContext()],
  ];
}

test("with the default pins, every action in every job is a full commit with its version as a comment", async () => {
  for (const [label, ctx] of await keptDefaults())
    for (const [path, text] of render(ctx)) {
      const uses = text.split("\n").filter((l) => /^\s*(- )?uses:/.test(l));
      assert.ok(uses.length > 0, `${label} ${path} uses no action`);
      for (const line of uses) {
        const m = PINNED.exec(line);
        assert.ok(m, `${label} ${path}: ${line.trim()} is not pinned by commit with a version comment`);
        const pin = ACTIONS[m[1] as keyof typeof ACTIONS]?.value.pin;
        assert.deepEqual([m[2], m[3]], [pin?.sha, pin?.version], `${label} ${path}: ${line.trim()}`);
      }
      // Every job, privileged or not: count the jobs that use an action and the pinned uses.
      const wf = parseWorkflow(text.replace(/^#.*\n/gm, ""));
      for (const [id, job] of Object.entries(wf.jobs))
        for (const s of job.steps)
          if ("uses" in s) assert.match(String(s.uses), /@[0-9a-f]{40}$/, `${label} ${path} job ${id}`);
    }
});

test("DEFAULT_ACTIONS is the facts module's pins, and requirePins accepts them", () => {
  for (const [name, value] of Object.entries(DEFAULT_ACTIONS)) {
    const pin = ACTIONS[name as keyof typeof ACTIONS].value.pin;
    assert.equal(value, `${pin.sha} # ${pin.version}`);
  }
  assert.ok(render({ ...defaultContext(), requirePins: true }).size > 0);
});

test("the rendered runners are the supported defaults, and the finalize job outlasts the finalizer's bound", () => {
  const files = render(defaultContext());
  const tauri = parseWorkflow(files.get(".github/workflows/build-tauri.yml")!.replace(/^#.*\n/gm, ""));
  const runners = [...files.values()].flatMap((text) =>
    [...text.matchAll(/(?:runs-on|runner): ([\w.-]+)$/gm)].map((m) => m[1]!),
  );
  assert.deepEqual([...new Set(runners)].sort(), [
    "macos-26",
    "macos-26-intel",
    "ubuntu-22.04",
    "ubuntu-latest",
    "windows-2022",
  ]);
  for (const r of runners) assert.notEqual(labelStatus(r, new Date("2026-12-07")).kind, "retired", r);
  const finalize = tauri.jobs["finalize-macos"]!;
  const run = finalize.steps.map((s) => ("run" in s ? s.run : "")).find((r) => r.includes("finalize-macos.ts"))!;
  const bound = Number(/--notary-timeout (\d+)/.exec(run)![1]);
  assert.equal(bound, defaultContext().notaryTimeoutMinutes);
  assert.equal((finalize as { "timeout-minutes"?: number })["timeout-minutes"], bound + FINALIZE_MARGIN_MINUTES);
});
