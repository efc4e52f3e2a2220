/**
 * The workflow planners tested directly with tables of plain data: compareWorkflows()
 * (what --check reports) and simulateFanOut() (which workflows each event of the cut
 * starts). The entry tests (gen-entry.test.ts) keep the files and the process honest.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { simulateFanOut } from "../../tasks/lib/workflows/analysis.ts";
import { compareWorkflows, hasDrift, summarize } from "../../tasks/lib/workflows/drift.ts";
import { header } from "../../tasks/lib/workflows/header.ts";
import { parseWorkflow } from "../../tasks/lib/workflows/read.ts";
import type { CutEvent } from "../../tasks/lib/workflows/triggers.ts";

const gen = (source: string, body: string) => `${header(source)}${body}`;
const A = gen("templates/a.ts", "name: a\n");
const B = gen("templates/b.ts", "name: b\n");
const map = (o: Record<string, string>) => new Map(Object.entries(o));

const driftCases: [string, Record<string, string>, Record<string, string>, string[]][] = [
  ["identical files: no drift", { "a.yml": A }, { "a.yml": A }, []],
  ["a generated file not on disk is missing", { "a.yml": A, "b.yml": B }, { "a.yml": A }, ["b.yml is missing"]],
  [
    "one character changed differs",
    { "a.yml": A },
    { "a.yml": A.replace("name: a", "name: A") },
    ["a.yml differs from its template"],
  ],
  [
    "a generated file no template produces is stale",
    { "a.yml": A },
    { "a.yml": A, "old.yml": B },
    ["old.yml is generated but no template produces it any more"],
  ],
  ["a hand-written file is left alone", { "a.yml": A }, { "a.yml": A, "mine.yml": "name: mine\non: push\n" }, []],
  [
    "every kind at once, in the order missing, differs, stale",
    { "a.yml": A, "b.yml": B },
    { "a.yml": "name: edited\n", "z.yml": B },
    ["b.yml is missing", "a.yml differs from its template", "z.yml is generated but no template produces it any more"],
  ],
];

for (const [name, desired, existing, expected] of driftCases) {
  test(`compareWorkflows(): ${name}`, () => {
    const d = compareWorkflows(map(desired), map(existing));
    assert.deepEqual(summarize(d), expected);
    assert.equal(hasDrift(d), expected.length > 0);
    for (const path of [...d.missing, ...d.differs, ...d.stale]) {
      assert.equal(d.texts.get(path)!.have, existing[path]);
      assert.equal(d.texts.get(path)!.want, desired[path]);
    }
  });
}

const WORKFLOWS = [
  parseWorkflow("ci.yml", "on:\n  push:\n    branches: [main]\n    paths-ignore: ['docs/**']\njobs: {}\n"),
  parseWorkflow("publish-pypi.yml", "on:\n  release:\n    types: [published]\njobs: {}\n"),
  parseWorkflow("binaries.yml", "on:\n  push:\n    tags: ['v*']\njobs: {}\n"),
  parseWorkflow("stable-only.yml", "on:\n  push:\n    tags: ['v[0-9]+.[0-9]+.[0-9]+']\njobs: {}\n"),
  parseWorkflow("broken.yml", "on: [push\n"),
];

const fanOutCases: [string, CutEvent, string[]][] = [
  ["the branch push starts CI", { kind: "push-branch", branch: "main", changedFiles: ["src/a.py"] }, ["ci.yml"]],
  [
    "a docs-only push is ignored by paths-ignore",
    { kind: "push-branch", branch: "main", changedFiles: ["docs/x.md"] },
    [],
  ],
  ["another branch starts nothing", { kind: "push-branch", branch: "dev", changedFiles: ["src/a.py"] }, []],
  [
    "a stable tag push matches both tag filters",
    { kind: "push-tag", tag: "v1.2.3" },
    ["binaries.yml", "stable-only.yml"],
  ],
  ["a pre-release tag misses the stable-only filter", { kind: "push-tag", tag: "v1.3.0-rc.1" }, ["binaries.yml"]],
  [
    "a release published with the operator's token starts its listeners",
    { kind: "release", tag: "v1.2.3", prerelease: false, actor: "operator" },
    ["publish-pypi.yml"],
  ],
  [
    "a release published with the workflow's GITHUB_TOKEN starts nothing",
    { kind: "release", tag: "v1.2.3", prerelease: false, actor: "github-token" },
    [],
  ],
];

for (const [name, event, expected] of fanOutCases) {
  test(`simulateFanOut(): ${name}`, () => {
    const [row] = simulateFanOut(WORKFLOWS, [event]);
    assert.deepEqual(row!.workflows, expected);
    assert.deepEqual(row!.event, event);
  });
}

test("simulateFanOut(): a workflow that does not parse starts nothing and is kept with its error", () => {
  assert.ok(WORKFLOWS[4]!.error, "broken.yml carries its parse error");
  const rows = simulateFanOut(
    WORKFLOWS,
    fanOutCases.map(([, e]) => e),
  );
  assert.ok(rows.every((r) => !r.workflows.includes("broken.yml")));
});
