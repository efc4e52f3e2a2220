import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { PROJECT_ROOT, runEntry } from "../helpers/run-entry.ts";
import { tempDirFor } from "../helpers/tmp.ts";

test("updater-manifest: usage errors exit 2 before any request", (t) => {
  const dir = tempDirFor(t, "updater-entry-");
  const env = { GITHUB_REPOSITORY: "acme/atlas", GITHUB_TOKEN: "ghs_x", GITHUB_API_URL: "http://127.0.0.1:9" };
  const noTag = runEntry("tasks/updater-manifest.ts", ["--repo", dir], { env });
  assert.equal(noTag.code, 2);
  assert.match(noTag.stderr, /--release-tag TAG is required/);
  const noToken = runEntry("tasks/updater-manifest.ts", ["--repo", dir, "--release-tag", "v1.4.0"], {
    env: { ...env, GITHUB_TOKEN: undefined },
  });
  assert.equal(noToken.code, 2);
  assert.match(noToken.stderr, /GITHUB_TOKEN is required/);
  assert.equal(runEntry("tasks/updater-manifest.ts", ["--release-tag", "v1", "extra"], { env }).code, 2);
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
