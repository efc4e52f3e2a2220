/**
 * `run:` blocks are parsed with tree-sitter-bash: only executed commands count. The
 * heredoc case restates what Niamoto's build-binaries.yml did before "fix: consolidate
 * release automation flow": release notes written with a heredoc that mention
 * `./niamoto gui --instance my-project/`, which the old matcher took for a command.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { workflowContractChecks } from "../../tasks/lib/workflows/contract-checks.ts";
import { shellCommands } from "../../tasks/lib/workflows/shell.ts";
import { makeCtx } from "../doctor/ctx.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";

const words = async (s: string) => (await shellCommands(s)).map((c) => c.words);

test("heredoc bodies, strings, comments and echo arguments are not commands", async () => {
  const script = [
    "cat > notes.md <<EOF",
    "./scripts/in-heredoc.sh --flag",
    "EOF",
    'echo "./scripts/in-echo.sh"  # ./scripts/in-comment.sh',
    "bash ./scripts/real.sh --fast",
  ].join("\n");
  const all = await words(script);
  assert.deepEqual(all, [
    ["cat"],
    ["touch", "notes.md"],
    ["echo", "./scripts/in-echo.sh"],
    ["bash", "./scripts/real.sh", "--fast"],
  ]);
});

test("$(…) runs its command, and the `)` is not part of a path; ${{ }} is not shell", async () => {
  const all = await words('VERSION=$(python3 scripts/version.py) && ./tools/pack.sh "${{ github.ref_name }}"');
  assert.deepEqual(all, [
    ["python3", "scripts/version.py"],
    ["./tools/pack.sh", "$X"],
  ]);
});

function repoWith(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, files);
  return dir;
}

const workflow = (run: string) =>
  `on:\n  push:\n    tags: ["v*"]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n${run
    .split("\n")
    .map((l) => `          ${l}`)
    .join("\n")}\n`;

test("workflow.missing-script ignores heredocs, venvs made before, and files a step writes; it still finds a gone script", async (t) => {
  const ok = repoWith(t, {
    ".github/workflows/b.yml": workflow(
      "cat > NOTES.md <<'EOF'\n./niamoto gui --instance my-project/\nEOF\npython -m venv env2\nenv2/bin/tool.py\necho '#!/bin/sh' > gen/run.sh\nbash gen/run.sh",
    ),
  });
  const [pass] = await runChecks(workflowContractChecks, makeCtx(ok), { only: ["workflow.missing-script"] });
  assert.equal(pass!.status, "pass", pass!.message);
  const gone = repoWith(t, { ".github/workflows/b.yml": workflow("bash scripts/build/publish.sh --all") });
  const [fail] = await runChecks(workflowContractChecks, makeCtx(gone), { only: ["workflow.missing-script"] });
  assert.equal(fail!.status, "fail");
  assert.match(fail!.message, /b\.yml job build runs scripts\/build\/publish\.sh/);
});

test("secrets in YAML comments do not count", async (t) => {
  const root = repoWith(t, {
    ".github/workflows/p.yml":
      "on: release\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n        # with:\n        #   password: ${{ secrets.PYPI_TOKEN }}\n        env:\n          X: ${{ secrets.REAL_ONE }}\n",
  });
  const [r] = await runChecks(
    workflowContractChecks,
    makeCtx(root, { config: { secrets: { repository: ["REAL_ONE"] } } }),
    {
      only: ["workflow.secrets-undeclared"],
    },
  );
  assert.equal(r!.status, "pass", r!.message);
});

test("a Windows job's run: is PowerShell unless it says `shell: bash`", async (t) => {
  const wf = (shell: string) =>
    `on: push\njobs:\n  w:\n    runs-on: windows-latest\n    steps:\n      - ${shell}run: ./scripts/gone.sh\n`;
  const pwsh = repoWith(t, { ".github/workflows/w.yml": wf("") });
  const [p] = await runChecks(workflowContractChecks, makeCtx(pwsh), { only: ["workflow.missing-script"] });
  assert.equal(p!.status, "pass", "not read as bash");
  const bash = repoWith(t, { ".github/workflows/w.yml": wf("shell: bash\n        ") });
  const [b] = await runChecks(workflowContractChecks, makeCtx(bash), { only: ["workflow.missing-script"] });
  assert.equal(b!.status, "fail");
});
