import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { docsDriftChecks } from "../../tasks/lib/docs/docs-checks.ts";
import { readMarkdown } from "../../tasks/lib/docs/markdown.ts";
import { staleFlowSentences } from "../../tasks/lib/docs/stale-flow.ts";
import { findDrift } from "../../tasks/lib/docs/scan.ts";
import { ENTRIES } from "../../tasks/lib/core/entries.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { makeCtx, statuses } from "../doctor/ctx.ts";
import { DRIFTED_DOCS, REPAIRED_DOCS } from "./fixtures.ts";

function repoWith(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, files);
  return dir;
}

test("a release guide and a helper prompt naming a script that is gone fail, with file and line", async (t) => {
  const results = await runChecks(docsDriftChecks, makeCtx(repoWith(t, { ...DRIFTED_DOCS, "release.ts": "" })));
  assert.deepEqual(statuses(results), {
    "docs.missing-script": "fail",
    "docs.unknown-flag": "fail",
    "docs.stale-flow": "fail",
  });
  const [missing, flags, stale] = results;
  assert.match(missing!.message, /docs\/RELEASING\.md:7 names scripts\/build\/publish\.sh/);
  assert.match(missing!.message, /\.claude\/skills\/release\/SKILL\.md:4 names scripts\/build\/publish\.sh/);
  assert.match(flags!.message, /SKILL\.md:4 passes --force to release\.ts/);
  assert.match(flags!.fix!, /--yes/);
  assert.match(stale!.message, /RELEASING\.md:4 tells the operator to wait for CI to create the release: "Wait for CI/);
  assert.match(stale!.message, /SKILL\.md:5 tells the operator not to create the release: "Do not create the GitHub/);
});

test("the repaired docs pass", async (t) => {
  const results = await runChecks(docsDriftChecks, makeCtx(repoWith(t, REPAIRED_DOCS)));
  assert.deepEqual(statuses(results), {
    "docs.missing-script": "pass",
    "docs.unknown-flag": "pass",
    "docs.stale-flow": "pass",
  });
});

test("the globs come from config.docs.globs", async (t) => {
  const root = repoWith(t, { "notes/guide.txt": "Run `scripts/gone.sh` first.\n" });
  const [off] = await runChecks(docsDriftChecks, makeCtx(root), { only: ["docs.missing-script"] });
  assert.equal(off!.status, "pass");
  const [on] = await runChecks(docsDriftChecks, makeCtx(root, { config: { docs: { globs: ["notes/*.txt"] } } }), {
    only: ["docs.missing-script"],
  });
  assert.equal(on!.status, "fail");
});

test("mentions that are not commands are left alone", async () => {
  const md = [
    "Files: `src/<pkg>/__version__.py`, `docs/conf.py`, `owner/name`, `dist/atlas.tar.gz`, `https://example.com/x.sh`.",
    "```ts",
    "import { x } from '../docs-drift/missing.ts';",
    "```",
    "```",
    "release.ts     entry: the release cut",
    "templates/     typed templates",
    "```",
  ].join("\n");
  const drift = await findDrift([{ path: "README.md", text: md }], ENTRIES, () => false);
  assert.deepEqual(drift.missing, []);
});

test("code spans, fences with their language, and list items read with their lead-in", async () => {
  const md = await readMarkdown(
    "a `x` b\n\n```bash\nrun.sh\n```\n\nAfter the tag push, CI will:\n\n- build it\n- ship it\n",
  );
  assert.deepEqual(
    md.spans.map((s) => [s.line, s.value]),
    [[1, "x"]],
  );
  assert.deepEqual(
    md.blocks.map((b) => [b.line, b.lang, b.value]),
    [[4, "bash", "run.sh"]],
  );
  assert.deepEqual(
    md.sentences.filter((s) => s.text.includes("build it")).map((s) => s.text),
    ["After the tag push, CI will: build it"],
  );
});

test("the project's own release helper prompt passes the docs checks", async (t) => {
  const skill = readFileSync(join(PROJECT_ROOT, ".claude/skills/release/SKILL.md"), "utf8");
  const root = repoWith(t, { ".claude/skills/release/SKILL.md": skill, "release.ts": "" });
  const results = await runChecks(docsDriftChecks, makeCtx(root));
  assert.deepEqual(statuses(results), {
    "docs.missing-script": "pass",
    "docs.unknown-flag": "pass",
    "docs.stale-flow": "pass",
  });
  assert.match(skill, /tsx release\.ts --json/);
  assert.match(skill, /tsx release\.ts VERSION --yes/);
});

test("'never create the release' is stale as an instruction, not as a description of code", async () => {
  const md = [
    "- Never create the release by hand; CI does it.",
    "",
    "Tag first. Never create a release before the tag is pushed.",
    "",
    "| file | does |",
    "| --- | --- |",
    "| `assets.ts` | upload with replace semantics (never create a release) |",
    "",
    "The upload never creates a release.",
  ].join("\n");
  const found = staleFlowSentences((await readMarkdown(md)).sentences);
  assert.deepEqual(
    found.map((s) => s.line),
    [1, 3],
  );
});
