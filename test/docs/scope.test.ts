/**
 * Which docs the release gate reads. The layout restates Niamoto's (before "fix:
 * consolidate release automation flow"): a release guide in `.github/`, 50 stale
 * references in `docs/_archive/` and dated plans in `docs/plans/`, and a plan naming
 * `build_desktop.sh` bare while the script lives in `build_scripts/`.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { docsDriftChecks } from "../../tasks/lib/docs/docs-checks.ts";
import { docScope } from "../../tasks/lib/docs/scope.ts";
import { makeConfig, makeCtx, statuses } from "../doctor/ctx.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";

function repoWith(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, files);
  return dir;
}

const cfg = makeConfig("/nowhere").docs;

test("docScope(): release guides and prompts in, archives and dated plans out, README by section", () => {
  const kinds = Object.fromEntries(
    [
      ".github/RELEASE.md",
      "RELEASING.md",
      "CONTRIBUTING.md",
      "AGENTS.md",
      ".claude/skills/release/SKILL.md",
      "docs/_archive/old.md",
      "docs/archive/2019.md",
      "docs/plans/2026-03-25-feat-release-plan.md",
      "docs/guide/install.md",
      "README.md",
    ].map((p) => [p, docScope(p, "", cfg).kind]),
  );
  assert.deepEqual(kinds, {
    ".github/RELEASE.md": "release",
    "RELEASING.md": "release",
    "CONTRIBUTING.md": "release",
    "AGENTS.md": "release",
    ".claude/skills/release/SKILL.md": "release",
    "docs/_archive/old.md": "other",
    "docs/archive/2019.md": "other",
    "docs/plans/2026-03-25-feat-release-plan.md": "other",
    "docs/guide/install.md": "other",
    "README.md": "sections",
  });
  assert.equal(docScope("docs/howto.md", "Run `npx tsx release.ts --yes`.", cfg).kind, "release", "it invokes the cut");
});

const REPO = {
  ".github/RELEASE.md": "# Release\n\nBuild with `./build_desktop.sh --release` first.\n",
  "build_scripts/build_desktop.sh": "#!/bin/sh\n",
  "docs/_archive/deploy.md": "```bash\nbash scripts/deploy.sh\n```\n",
  "docs/plans/2026-02-19-publish-plan.md": "```bash\nbash scripts/publish.sh\n```\n",
  "README.md":
    "# App\n\n## Usage\n\n```bash\nbash scripts/usage-gone.sh\n```\n\n## Releasing\n\n```bash\nbash scripts/release-gone.sh\n```\n",
};

test("archives, dated plans and README's other sections do not block; a bare name that exists somewhere passes", async (t) => {
  const root = repoWith(t, REPO);
  const [r] = await runChecks(docsDriftChecks, makeCtx(root), { only: ["docs.missing-script"] });
  assert.equal(r!.status, "fail");
  assert.match(r!.message, /README\.md:12 names scripts\/release-gone\.sh/);
  assert.doesNotMatch(r!.message, /_archive|plans|usage-gone|build_desktop/);
});

test("--all-docs reads everything, and drift found only outside the release docs warns", async (t) => {
  const files = { ...REPO, "README.md": "# App\n" };
  const root = repoWith(t, files);
  const ctx = makeCtx(root, { facts: { "docs.all": true } });
  const results = await runChecks(docsDriftChecks, ctx);
  assert.equal(statuses(results)["docs.missing-script"], "warn");
  assert.match(results[0]!.message, /docs\/_archive\/deploy\.md:2 names scripts\/deploy\.sh/);
  assert.match(results[0]!.message, /2026-02-19-publish-plan\.md:2 names scripts\/publish\.sh/);
  const [plain] = await runChecks(docsDriftChecks, makeCtx(root), { only: ["docs.missing-script"] });
  assert.equal(plain!.status, "pass");
});

test("a console block's output and a Python cell are not shell; a venv the block made is there", async (t) => {
  const md = [
    "# Releasing",
    "",
    "```console",
    "$ python -m venv .env-rel && .env-rel/bin/tool.sh",
    "./scripts/printed-output.sh done",
    "```",
    "",
    "```python",
    "import subprocess; subprocess.run(['bash', 'scripts/in-python.sh'])",
    "```",
  ].join("\n");
  const root = repoWith(t, { "RELEASING.md": md });
  const [r] = await runChecks(docsDriftChecks, makeCtx(root), { only: ["docs.missing-script"] });
  assert.equal(r!.status, "pass", r!.message);
});

test("zero-config, docs saying CI makes the release pass when the repository's CI does and loses no run", async (t) => {
  const wf =
    'on:\n  push:\n    tags: ["v*"]\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: softprops/action-gh-release@v2\n';
  const guide = "# Releasing\n\nPushing the tag makes the workflow create the GitHub release.\n";
  const zero = (root: string) => {
    const ctx = makeCtx(root);
    return { ...ctx, config: { ...ctx.config, source: "default" } };
  };
  const real = repoWith(t, { ".github/workflows/r.yml": wf, "RELEASING.md": guide });
  const [ok] = await runChecks(docsDriftChecks, zero(real), { only: ["docs.stale-flow"] });
  assert.equal(ok!.status, "pass", ok!.message);
  const stale = repoWith(t, { "RELEASING.md": guide });
  const [bad] = await runChecks(docsDriftChecks, zero(stale), { only: ["docs.stale-flow"] });
  assert.equal(bad!.status, "fail", "no workflow makes it: the guide is stale");
  const [adopted] = await runChecks(docsDriftChecks, makeCtx(real), { only: ["docs.stale-flow"] });
  assert.equal(adopted!.status, "fail", "with release.config.ts the cut makes the release");
});
