/**
 * Every form of a GitHub expression walked for what it pastes into a script (issue 24's
 * miss: `${{ inputs.tag || github.ref_name }}` was not seen, `${{ inputs.tag }}` was).
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { publishTimeChecks } from "../../tasks/lib/workflows/publish-checks.ts";
import { expandedPaths } from "../../tasks/lib/workflows/expressions.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { makeCtx } from "../doctor/ctx.ts";

test("what each expression form can paste", () => {
  const table: [string, string[]][] = [
    ["inputs.tag", ["inputs.tag"]],
    ["inputs.tag || github.ref_name", ["inputs.tag", "github.ref_name"]],
    ["github.event.inputs['tag'] || 'v0'", ["github.event.inputs.tag"]],
    ["inputs.dry && '--dry-run' || ''", []],
    ["contains(inputs.flags, 'x') && inputs.extra", ["inputs.extra"]],
    ["format('v{0} {1}', inputs.version, github.event.issue.title)", ["inputs.version", "github.event.issue.title"]],
    ["toJSON(github.event.pull_request.title)", ["github.event.pull_request.title"]],
    ["(inputs.a || (github.head_ref && inputs.b))", ["inputs.a", "inputs.b"]],
    ["inputs.kind == 'full'", []],
    ["!inputs.skip", []],
    ["join(github.event.commits.*.message, ' ')", ["github.event.commits.*.message"]],
  ];
  for (const [expr, want] of table) assert.deepEqual(expandedPaths(expr), want, expr);
});

test("the checks see an input or an untrusted value inside any form; a call input is the caller's", async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (line: string) => `        run: |\n          ${line}\n`;
  writeFiles(dir, {
    ".github/workflows/publish.yml":
      "on:\n  workflow_dispatch:\n    inputs:\n      tag:\n        type: string\n      dry:\n        type: boolean\n" +
      "  workflow_call:\n    inputs:\n      only_called:\n        type: string\n" +
      "jobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - name: fallback\n" +
      run('echo "${{ inputs.tag || github.ref_name }}"') +
      "      - name: flag\n" +
      run("make ${{ inputs.dry && '--dry-run' || '' }} ${{ inputs.only_called }}"),
    ".github/workflows/triage.yml":
      "on:\n  issues:\n    types: [opened]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - name: label\n" +
      run("echo ${{ format('New: {0}', github.event.issue.title) }}"),
  });
  const results = await runChecks(publishTimeChecks, makeCtx(dir), {
    only: ["workflow.dispatch-input-unvalidated", "workflow.untrusted-input"],
  });
  const by = Object.fromEntries(results.map((r) => [r.id, r]));
  assert.equal(by["workflow.dispatch-input-unvalidated"]!.status, "warn");
  assert.match(
    by["workflow.dispatch-input-unvalidated"]!.message,
    /step "fallback"\) pastes the free-text input `tag`/,
  );
  assert.doesNotMatch(by["workflow.dispatch-input-unvalidated"]!.message, /dry|only_called/);
  assert.equal(by["workflow.untrusted-input"]!.status, "fail");
  assert.match(by["workflow.untrusted-input"]!.message, /expands `github\.event\.issue\.title`/);
});

test("a call input is free text when a caller fills it from its own dispatch input, not when it passes a literal", async () => {
  const { parseWorkflow } = await import("../../tasks/lib/workflows/read.ts");
  const { typedInputs } = await import("../../tasks/lib/workflows/publish-checks.ts");
  const callee = parseWorkflow(
    "publish.yml",
    "on:\n  workflow_call:\n    inputs:\n      tag:\n        type: string\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n",
  );
  const caller = (value: string) =>
    parseWorkflow(
      "dev.yml",
      `on:\n  workflow_dispatch:\n    inputs:\n      name:\n        type: string\njobs:\n  c:\n    uses: ./.github/workflows/publish.yml\n    with:\n      tag: ${value}\n`,
    );
  assert.deepEqual([...typedInputs(callee, [callee, caller("'dev'")])], []);
  assert.deepEqual([...typedInputs(callee, [callee, caller("${{ inputs.name || 'dev' }}")])], ["tag"]);
});
