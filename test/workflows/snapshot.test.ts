/**
 * Golden files of the full-featured rendering (`UPDATE=1 npm test` rewrites them),
 * this repository's committed workflows against a fresh render, and determinism.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { test } from "node:test";
import { render } from "../../tasks/lib/workflows/render.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";
import { fullContext, niamotoContext, repoContext } from "./fixtures.ts";

const GOLDEN = join(import.meta.dirname, "golden");
const update = process.env.UPDATE === "1";

for (const [label, ctx, dir] of [
  ["full-featured", fullContext, GOLDEN],
  ["Niamoto-shaped", niamotoContext, join(GOLDEN, "niamoto")],
] as const)
  test(`the ${label} rendering matches its golden files`, () => {
    goldenCompare(render(ctx()), dir);
  });

function goldenCompare(files: Map<string, string>, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of files) {
    const file = join(dir, basename(path));
    if (update) writeFileSync(file, text);
    assert.ok(existsSync(file), `${file} is missing; run UPDATE=1 npm test`);
    assert.equal(
      text,
      readFileSync(file, "utf8"),
      `${basename(path)} differs from its golden file; if intended, run UPDATE=1 npm test and review the diff`,
    );
  }
}

test("this repository's committed workflows are exactly what the templates render", async () => {
  for (const [path, text] of render(await repoContext()))
    assert.equal(readFileSync(join(PROJECT_ROOT, path), "utf8"), text, path);
});

test("rendering twice is byte-identical, and a multi-line run: is a literal block with no folding", async () => {
  const a = render(fullContext());
  const b = render(fullContext());
  assert.deepEqual([...a.entries()], [...b.entries()]);
  const tauri = a.get(".github/workflows/build-tauri.yml")!;
  assert.match(tauri, /\n {8}run: \|-\n {10}umask 077\n/);
  const longest = Math.max(...tauri.split("\n").map((l) => l.length));
  assert.ok(longest > 200, "long lines stay on one line (lineWidth 0)");
});

test("keys come out in the fixed order at every level", () => {
  const text = render(fullContext()).get(".github/workflows/publish-pypi.yml")!;
  const top = text
    .split("\n")
    .filter((l) => /^[a-z-]+:/.test(l))
    .map((l) => l.split(":")[0]);
  assert.deepEqual(top, ["name", "on", "permissions", "concurrency", "env", "jobs"]);
  const publishJob = text.slice(text.indexOf("\n  publish:"));
  const jobKeys = publishJob
    .split("\n")
    .filter((l) => /^ {4}[a-z-]+:/.test(l))
    .map((l) => l.trim().split(":")[0]);
  assert.deepEqual(jobKeys, ["name", "needs", "runs-on", "environment", "permissions", "steps"]);
  const stepWithAll = text.slice(
    text.indexOf("- name: Install the front end"),
    text.indexOf("- name: Build the front end"),
  );
  assert.deepEqual(
    stepWithAll
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => l.replace(/^[\s-]+/, "").split(":")[0]),
    ["name", "shell", "working-directory", "run"],
  );
});
