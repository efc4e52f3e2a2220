/**
 * The docs checks on shapes the issue 24 evaluation met, written in our own words: a
 * monorepo package's guide naming its own `scripts/`; a JSON file beside a helper prompt;
 * a script named as an example in a paragraph about the layout (prose) next to one the
 * reader is told to run; an accurate sentence about uploading to the draft release-drafter
 * prepared; an ordered list whose item tells the reader to create the release.
 */
import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { docsDriftChecks } from "../../tasks/lib/docs/docs-checks.ts";
import { findDrift } from "../../tasks/lib/docs/scan.ts";
import { readMarkdown } from "../../tasks/lib/docs/markdown.ts";
import { staleFlowSentences } from "../../tasks/lib/docs/stale-flow.ts";
import { ENTRIES } from "../../tasks/lib/core/entries.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { makeCtx } from "../doctor/ctx.ts";

function repoWith(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, files);
  return dir;
}
const zero = (root: string) => {
  const ctx = makeCtx(root);
  return { ...ctx, config: { ...ctx.config, source: "default" as const } };
};

test("a package's guide names paths from its own package root", async (t) => {
  const root = repoWith(t, {
    "apps/api/package.json": "{}",
    "apps/api/scripts/check.py": "",
    "apps/api/docs/CONTRIBUTING.md": "## Checks\n\n```sh\npython scripts/check.py\npython scripts/gone.py\n```\n",
  });
  const exists = (rel: string) => existsSync(join(root, rel));
  const doc = {
    path: "apps/api/docs/CONTRIBUTING.md",
    text: "```sh\npython scripts/check.py\npython scripts/gone.py\n```\n",
  };
  const drift = await findDrift([doc], ENTRIES, exists);
  assert.deepEqual(
    drift.missing.map((m) => m.path),
    ["scripts/gone.py"],
  );
});

test("a JSON file under a helper-prompt folder is not read as a doc", async (t) => {
  const root = repoWith(t, {
    ".claude/skills/release/SKILL.md": "Run `tsx release.ts` to cut.\n",
    ".claude/skills/release/settings.json": '{ "hint": "Run `scripts/gone.sh`, see `bash scripts/gone.sh --x`" }\n',
    "release.ts": "",
  });
  const [r] = await runChecks(docsDriftChecks, makeCtx(root), { only: ["docs.missing-script"] });
  assert.equal(r!.status, "pass", r!.message);
});

test("a script named in prose is a mention; in a command list, a code block or after `run`, an instruction", async () => {
  const md = [
    "## Layout",
    "",
    "Helpers live under `scripts/`, for example `scripts/make_icons.sh` builds the icons.",
    "",
    "## Releasing",
    "",
    "- `scripts/publish.sh`",
    "- `scripts/notify.sh` tells the channel",
    "",
    "Then run `scripts/announce.sh` once it is out.",
  ].join("\n");
  const drift = await findDrift([{ path: "RELEASING.md", text: md }], ENTRIES, () => false);
  assert.deepEqual(
    drift.missing.map((m) => m.path),
    ["scripts/publish.sh", "scripts/notify.sh", "scripts/announce.sh"],
  );
});

test("an accurate sentence about a draft release-drafter prepared is not a stale flow where release-drafter runs", async (t) => {
  const text =
    "## Releasing\n\nCI uploads the binaries to the draft release that release-drafter prepared; a maintainer then publishes it.\n";
  const drafter =
    "on:\n  push:\n    branches: [main]\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: release-drafter/release-drafter@v6\n";
  const root = repoWith(t, { "RELEASING.md": text, ".github/workflows/drafter.yml": drafter });
  const [r] = await runChecks(docsDriftChecks, zero(root), { only: ["docs.stale-flow"] });
  assert.equal(r!.status, "pass", r!.message);
  assert.deepEqual(staleFlowSentences((await readMarkdown(text)).sentences), [], "the draft is a noun here");
});

test("a list item that tells the reader to create the release is theirs, not CI's; a lead-in is reported once", async () => {
  const steps =
    "Releases go through GitHub Actions:\n\n1. Create a new release on GitHub\n2. The pipeline then runs the tests and uploads the wheels\n";
  assert.deepEqual(staleFlowSentences((await readMarkdown(steps)).sentences), []);
  const stale =
    "When the tag is pushed, the workflow will automatically:\n\n- create the GitHub release\n- build the wheels\n- upload the wheels\n";
  assert.equal(staleFlowSentences((await readMarkdown(stale)).sentences).length, 1);
});
