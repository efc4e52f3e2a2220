import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { CheckContext } from "../../tasks/lib/checks/types.ts";
import { updaterKeyCheck, verifyUpdaterKey } from "../../tasks/lib/macos/updater-checks.ts";
import { resolveUpdaterKey } from "../../tasks/lib/macos/updater.ts";
import { generateKey, hasTauri, ROOT, tempDir } from "./fixtures.ts";

const ctx = (env: NodeJS.ProcessEnv): CheckContext => ({ root: ROOT, config: {} as CheckContext["config"], env: { PATH: process.env.PATH, ...env }, now: new Date(), facts: {} });

test("updater.key: skip without a key, fail without a password or with the wrong one, pass when the key opens", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  const dir = tempDir(t);
  const { key } = generateKey(dir, "open-sesame-42");
  const content = readFileSync(key, "utf8");

  assert.equal((await updaterKeyCheck.run(ctx({}))).status, "skip");
  const noPassword = await updaterKeyCheck.run(ctx({ TAURI_SIGNING_PRIVATE_KEY: content }));
  assert.equal(noPassword.status, "fail");
  assert.match(noPassword.message, /TAURI_SIGNING_PRIVATE_KEY_PASSWORD is not set/);
  const wrong = await updaterKeyCheck.run(ctx({ TAURI_SIGNING_PRIVATE_KEY_PATH: key, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "guess-number-one" }));
  assert.equal(wrong.status, "fail");
  assert.match(wrong.message, /password does not open the key/);
  assert.ok(!wrong.message.includes("guess-number-one"));
  const right = await updaterKeyCheck.run(ctx({ TAURI_SIGNING_PRIVATE_KEY: content, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "open-sesame-42" }));
  assert.equal(right.status, "pass", right.message);
});

test("verifyUpdaterKey() leaves nothing behind, whether the key opens or not", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  const dir = tempDir(t);
  const { key } = generateKey(dir, "");
  const scratch = join(dir, "scratch");
  mkdirSync(scratch);
  await verifyUpdaterKey(resolveUpdaterKey({ P: "" }, { keyPath: key, passwordEnv: "P" }), { cwd: ROOT, tempDir: scratch });
  await assert.rejects(verifyUpdaterKey(resolveUpdaterKey({ P: "x" }, { keyPath: key, passwordEnv: "P" }), { cwd: ROOT, tempDir: scratch }));
  assert.deepEqual(readdirSync(scratch), []);
});
