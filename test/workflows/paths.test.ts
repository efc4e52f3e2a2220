/**
 * Script references are typed (entries.ts constants) and every repository path a
 * generated `run:` step names exists. Project paths (PyInstaller specs, the Tauri and
 * front-end folders) come only from release.config.ts; the generator cannot know the
 * adopting project has them, so they must be declared there and the doctor's workflow
 * checks report a declared path that is missing.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ENTRIES } from "../../tasks/lib/core/entries.ts";
import { projectPaths } from "../../templates/context.ts";
import type { Step } from "../../templates/types.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";
import { everyRendering, parseWorkflow } from "./fixtures.ts";

/** Folders a job's own earlier steps create (build output, installed packages), not repository paths. */
const BUILD_OUTPUT = /^dist(\/|$)|(^|\/)node_modules\//;

/** Words of a shell line that name a repository file or folder (not a variable, flag, URL or build output). */
function repoPaths(run: string): string[] {
  const words = run.split(/[\s;|&()<>]+/).map((w) => w.replace(/^['"]|['"]$/g, ""));
  return words.filter(
    (w) =>
      /^[\w.][\w.@+-]*(\/[\w.@+-]+)+\/?$|^[\w-]+\.(ts|py|spec|toml|json|sh)$/.test(w) &&
      !w.includes("$") &&
      !w.startsWith("-") &&
      !BUILD_OUTPUT.test(w),
  );
}

test("repoPaths() finds script and spec paths but not flags, variables or globs", () => {
  assert.deepEqual(repoPaths(`npx tsx tasks/doctor.ts --only 'signing.*'`), ["tasks/doctor.ts"]);
  assert.deepEqual(repoPaths(`pyinstaller --noconfirm --clean packaging/cli.spec`), ["packaging/cli.spec"]);
  assert.deepEqual(repoPaths(`tar -C "src-tauri/target/$TARGET/release" -cf "x.tar" a`), []);
  assert.deepEqual(repoPaths(`if [ -d dist/atlas ]; then exe=dist/atlas/atlas; fi`), []);
});

test("every repository path a generated run: step names exists, or is a project path declared in the config", async (t) => {
  const entryPaths = new Set(ENTRIES.map((e) => e.path));
  const pendingEntries = new Set<string>();
  // The Niamoto-shaped config and the sample name their own repositories' files (sample.test.ts checks the sample's).
  for (const { label, ctx, files } of (await everyRendering()).slice(0, 2)) {
    const declared = new Set(projectPaths(ctx));
    let checked = 0;
    for (const [path, text] of files)
      for (const [id, job] of Object.entries(parseWorkflow(text).jobs))
        for (const s of job.steps as (Step & { run?: string })[]) {
          for (const p of repoPaths(s.run ?? "")) {
            checked++;
            const where = `${label}: ${path}#${id} "${s.name}" names ${p}`;
            if (declared.has(p)) continue;
            // An entry another branch is building: strict as soon as it is in the checkout.
            if (entryPaths.has(p) && !existsSync(join(PROJECT_ROOT, p))) {
              pendingEntries.add(p);
              continue;
            }
            assert.ok(existsSync(join(PROJECT_ROOT, p)), `${where}, which does not exist`);
          }
        }
    assert.ok(checked >= 4, `${label}: paths were found (${checked})`);
  }
  if (pendingEntries.size)
    t.todo(`entries declared in entries.ts but not in this checkout yet: ${[...pendingEntries].join(", ")}`);
});

test("toolkit entries are named through entries.ts: the generated commands match the constants", async () => {
  const { DOCTOR, FINALIZE_MACOS, GEN_WORKFLOWS } = await import("../../tasks/lib/core/entries.ts");
  const all = [...(await everyRendering())[0]!.files.values()].join("\n");
  for (const e of [DOCTOR, FINALIZE_MACOS]) {
    assert.ok(all.includes(`node_modules/.bin/tsx ${e.path}`), e.path);
  }
  assert.ok(existsSync(join(PROJECT_ROOT, GEN_WORKFLOWS.path)));
});
