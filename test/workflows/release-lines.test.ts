/**
 * Release lines (issue 24, class 1). The shapes come from repositories read for the
 * issue's evaluation, written here in our own words: a desktop app tagged on its own line
 * beside the package's tags; a monorepo with a tag per component; release-please packages
 * whose component tags a `v*` workflow never sees; a branch workflow that excludes tags.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { workflowContractChecks } from "../../tasks/lib/workflows/contract-checks.ts";
import { parseWorkflow } from "../../tasks/lib/workflows/read.ts";
import {
  learnReleaseLines,
  lineOf,
  listensToTags,
  releasePleasePrefixes,
  semanticReleasePrefix,
} from "../../tasks/lib/workflows/release-lines.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { makeCtx } from "../doctor/ctx.ts";

const wf = (file: string, on: string) =>
  parseWorkflow(file, `on:\n${on}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n`);

function repoWith(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, files);
  return dir;
}

const zeroConfig = (root: string, facts: Record<string, unknown>) => {
  const ctx = makeCtx(root, { facts });
  return { ...ctx, config: { ...ctx.config, source: "default" as const } };
};

test("lines are learned from tags, each with the workflows its tag starts", () => {
  const ws = [
    wf("pypi.yml", '  push:\n    tags: ["v*"]'),
    wf("desktop.yml", '  push:\n    tags: ["desktop-v*"]'),
    wf("ci.yml", '  push:\n    branches: [main]\n    tags: ["!*"]'),
  ];
  const lines = learnReleaseLines(["v3.0.8", "v3.0.9", "v3.1.0-rc.1", "desktop-v1.4.0"], ws);
  assert.deepEqual(
    lines.map((l) => [l.prefix, l.tags.length, l.listeners]),
    [
      ["v", 3, ["pypi.yml"]],
      ["desktop-v", 1, ["desktop.yml"]],
    ],
  );
  assert.equal(lineOf(lines, "desktop-v1.5.0")?.prefix, "desktop-v");
  assert.equal(listensToTags(ws[2]!), false, "a filter of exclusions only selects no tag");
});

test("a workflow filter names a line no tag has yet; a tool's prefix with a package name matches any package", () => {
  const lines = learnReleaseLines(["v1.0.0"], [wf("web.yml", '  push:\n    tags: ["web-v*"]')], ["*-v"]);
  assert.deepEqual(
    lines.map((l) => [l.prefix, l.sources, l.example]),
    [
      ["v", ["tags"], "v1.0.0"],
      ["*-v", ["tool"], "pkg-v1.2.3"],
      ["web-v", ["workflow"], "web-v1.2.3"],
    ],
  );
  assert.equal(lineOf(lines, "api-v2.0.0")?.prefix, "*-v");
});

test("release-please and semantic-release configuration give the tags they create", () => {
  const config = JSON.stringify({
    "tag-separator": "@",
    "include-v-in-tag": false,
    packages: {
      ".": { component: "core", "include-component-in-tag": false },
      "crates/cli": { component: "tool-cli" },
      "packages/web": {},
    },
  });
  assert.deepEqual(releasePleasePrefixes(config), ["", "tool-cli@", "web@"]);
  assert.deepEqual(releasePleasePrefixes('{"packages": {".": {}}}'), ["v"]);
  assert.equal(semanticReleasePrefix("module.exports = { tagFormat: '${name}-v${version}' }"), "*-v");
  assert.equal(semanticReleasePrefix('{ "branches": ["main"] }'), "v");
});

test("zero-config, a desktop line's filter is judged on the desktop tags, not on the package's pre-releases", async (t) => {
  const root = repoWith(t, {
    ".github/workflows/pypi.yml":
      'on:\n  push:\n    tags: ["v*"]\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo p\n',
    ".github/workflows/desktop.yml":
      'on:\n  push:\n    tags: ["desktop-v*"]\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo d\n',
    ".github/workflows/ci.yml":
      "on:\n  push:\n    branches: [main]\n    tags: ['!*']\njobs:\n  c:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo c\n",
  });
  const ctx = zeroConfig(root, {
    "workflows.repoTags": ["v3.0.9", "v3.1.0-rc.1", "desktop-v1.4.0"],
    "workflows.cutVersion": "3.1.0",
  });
  const results = await runChecks(workflowContractChecks, ctx, {
    only: ["workflow.tag-filter-mismatch", "workflow.fan-out"],
  });
  for (const r of results) assert.equal(r.status, "pass", `${r.id}: ${r.message}`);
  const summary = results.find((r) => r.id === "workflow.fan-out")!.message.split("\n")[0]!;
  assert.equal(summary, "every release workflow (pypi.yml) starts for v3.1.0");
});

test("zero-config, a monorepo's component filters each match their own tags", async (t) => {
  const on = (pattern: string) =>
    `on:\n  push:\n    tags: ["${pattern}"]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo a\n`;
  const root = repoWith(t, {
    ".github/workflows/api.yml": on("api-v*"),
    ".github/workflows/web.yml": on("web-v*"),
  });
  const ctx = zeroConfig(root, { "workflows.repoTags": ["api-v1.2.0", "web-v0.3.1", "web-v0.4.0-beta.1"] });
  const [r] = await runChecks(workflowContractChecks, ctx, { only: ["workflow.tag-filter-mismatch"] });
  assert.equal(r!.status, "pass", r!.message);
});

test("adopted, a workflow of another line that has tags is not held to the cut's tag; a typo still fails", async (t) => {
  const root = repoWith(t, {
    ".github/workflows/desktop.yml":
      'on:\n  push:\n    tags: ["desktop-v*"]\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo d\n',
  });
  const ctx = makeCtx(root, { facts: { "workflows.repoTags": ["v1.0.0", "desktop-v1.4.0"] } });
  const [r] = await runChecks(workflowContractChecks, ctx, { only: ["workflow.tag-filter-mismatch"] });
  assert.equal(r!.status, "pass", r!.message);
  const typo = makeCtx(root, { facts: { "workflows.repoTags": ["v1.0.0"] } });
  const [f] = await runChecks(workflowContractChecks, typo, { only: ["workflow.tag-filter-mismatch"] });
  assert.equal(f!.status, "fail", "no desktop tag exists: the filter may be a typo for the cut's");
});
