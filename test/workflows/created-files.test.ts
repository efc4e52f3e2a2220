/**
 * Files an earlier command makes are not missing (issue 24, class 5): a build's output
 * named after the `cmake --build` that writes it, an installer downloaded with `curl -LO`
 * or `wget` the line before, a tool run with `npx` after `npm install`, an archive
 * unpacked in place, a monorepo package's `dist/`. A script that is really gone still fails.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { workflowContractChecks } from "../../tasks/lib/workflows/contract-checks.ts";
import { createdPaths, commandRefs } from "../../tasks/lib/workflows/commands.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { makeCtx } from "../doctor/ctx.ts";

test("what each command creates", () => {
  const table: [string[], string[]][] = [
    [["cmake", "--build", "_build", "--config", "Release"], ["_build"]],
    [["cmake", "-S", ".", "-B_cmake"], ["_cmake"]],
    [["curl", "-LO", "https://example.test/dl/setup-tool.sh"], ["setup-tool.sh"]],
    [["curl", "-fsSL", "https://example.test/x.sh", "-o", "get/x.sh"], ["get/x.sh"]],
    [["wget", "https://example.test/dl/install.py?x=1"], ["install.py"]],
    [["wget", "-P", "tools", "https://example.test/a.sh"], ["tools"]],
    [["go", "build", "-o", "bin/app.sh", "./cmd/app"], ["bin/app.sh"]],
    [["unzip", "-q", "bundle.zip"], ["."]],
    [["tar", "-xzf", "tools.tgz", "-C", "vendor"], ["vendor"]],
  ];
  for (const [words, want] of table) assert.deepEqual(createdPaths(words), want, words.join(" "));
  assert.deepEqual(commandRefs(["npx", "release-tool.js", "--ci"]).paths, [], "npx runs a package, not a file");
  assert.deepEqual(commandRefs(["npx", "tsx", "scripts/cut.ts"]).paths, ["scripts/cut.ts"]);
  assert.deepEqual(commandRefs(["node", "packages/core/dist/cli.js"]).paths, [], "dist/ is build output anywhere");
});

// PyInstaller writes its binary as `dist/<name>` with no extension on Linux and macOS, and a
// build job runs it by path (the generated build-binaries.yml smoke-runs it; niamoto/niamoto's
// workflows named `./niamoto`): a path without a script's extension is not a script to look for.
test("commandRefs(): a path run without a script's extension is a built binary, not a missing script", () => {
  assert.deepEqual(commandRefs(["./niamoto", "--help"]).paths, []);
  assert.deepEqual(commandRefs(["./scripts/smoke.sh", "--help"]).paths, ["scripts/smoke.sh"]);
});

test("workflow.missing-script: made by an earlier command passes; a gone script still fails", async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lines = [
    "cmake -B _build && cmake --build _build",
    "bash _build/tests/run-all.sh",
    "curl -LO https://example.test/dl/installer.sh",
    "bash installer.sh --prefix /opt",
    "npm install -g release-tool.js",
    "npx release-tool.js --check",
    "node ./packages/site/dist/build.js",
  ];
  const steps = (body: string[]) => body.map((l) => `          ${l}`).join("\n");
  writeFiles(dir, {
    ".github/workflows/build.yml": `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n${steps(lines)}\n`,
  });
  const [ok] = await runChecks(workflowContractChecks, makeCtx(dir), { only: ["workflow.missing-script"] });
  assert.equal(ok!.status, "pass", ok!.message);
  writeFiles(dir, {
    ".github/workflows/build.yml": `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n${steps([...lines, "bash scripts/gone.sh"])}\n`,
  });
  const [gone] = await runChecks(workflowContractChecks, makeCtx(dir), { only: ["workflow.missing-script"] });
  assert.equal(gone!.status, "fail");
  assert.match(gone!.message, /runs scripts\/gone\.sh/);
  assert.doesNotMatch(gone!.message, /installer|_build|release-tool|dist/);
});
