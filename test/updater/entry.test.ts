import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { updaterManifestMain } from "../../tasks/lib/commands/updater-manifest.ts";
import { entryEnv, runInProcess } from "../helpers/in-process.ts";
import { PROJECT_ROOT, runEntry } from "../helpers/run-entry.ts";
import { tempDirFor } from "../helpers/tmp.ts";

/** The entry's flow in the test process, with the environment and directory `runEntry` would give it. */
const manifest = (args: string[], env: Record<string, string | undefined>) =>
  runInProcess(() => updaterManifestMain(args, { env: entryEnv(env), cwd: PROJECT_ROOT }));

test("updater-manifest: usage errors exit 2 before any request", async (t) => {
  const dir = tempDirFor(t, "updater-entry-");
  const env = { GITHUB_REPOSITORY: "acme/atlas", GITHUB_TOKEN: "ghs_x", GITHUB_API_URL: "http://127.0.0.1:9" };
  const noTag = await manifest(["--repo", dir], env);
  assert.equal(noTag.code, 2);
  assert.match(noTag.stderr, /--release-tag TAG is required/);
  const noToken = await manifest(["--repo", dir, "--release-tag", "v1.4.0"], { ...env, GITHUB_TOKEN: undefined });
  assert.equal(noToken.code, 2);
  assert.match(noToken.stderr, /GITHUB_TOKEN is required/);
  assert.equal((await manifest(["--release-tag", "v1", "extra"], env)).code, 2);
});

test("updater-manifest --help runs under tsx and Deno", (t) => {
  const help = runEntry("tasks/updater-manifest.ts", ["--help"]);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /--release-tag TAG/);
  if (!existsSync(join(PROJECT_ROOT, "node_modules", ".bin", "deno"))) return t.skip("deno not installed");
  const deno = runEntry("tasks/updater-manifest.ts", ["--help"], { deno: true });
  assert.equal(deno.code, 0, deno.stderr);
  assert.match(deno.stdout, /Assemble latest\.json/);
});
