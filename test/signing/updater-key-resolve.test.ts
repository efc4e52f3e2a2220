import type { MacosFacts } from "../../tasks/lib/macos/preconditions.ts";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { test } from "node:test";
import type { CheckContext } from "../../tasks/lib/core/checks/types.ts";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";
import { macosChecks } from "../../tasks/lib/macos/preconditions.ts";
import { resolveUpdaterKey } from "../../tasks/lib/signing/updater-key-resolve.ts";
import { locateUpdaterKey } from "../../tasks/lib/signing/updater-key-locate.ts";
import { readUpdaterMaterial } from "../../tasks/lib/signing/updater-key-material.ts";
import { snapshot } from "../macos/fixtures.ts";
import { ROOT } from "../macos/publish-fixtures.ts";
import { generateKey, hasTauri } from "../helpers/signing.ts";
import { tempDirFor } from "../helpers/tmp.ts";

const updaterKey = macosChecks.find((c) => c.id === "macos.updater-key")!;
const config = parseConfig({ name: "atlas" }, "test") as unknown as CheckContext["config"];
const ctx = (env: NodeJS.ProcessEnv, root = ROOT): CheckContext => ({
  root,
  config,
  env: { PATH: process.env.PATH, ...env },
  now: new Date(),
  facts: {},
});

test("macos.updater-key: skip without a key, fail without a password or with the wrong one, pass when the key opens", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  const dir = tempDirFor(t);
  const { key } = generateKey(dir, "open-sesame-42");
  const content = readFileSync(key, "utf8");

  assert.equal((await updaterKey.run(ctx({}))).status, "skip");
  const noPassword = await updaterKey.run(ctx({ TAURI_SIGNING_PRIVATE_KEY: content }));
  assert.equal(noPassword.status, "fail");
  assert.match(noPassword.message, /TAURI_SIGNING_PRIVATE_KEY_PASSWORD is not set/);
  const wrong = await updaterKey.run(
    ctx({ TAURI_SIGNING_PRIVATE_KEY_PATH: key, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "guess-number-one" }),
  );
  assert.equal(wrong.status, "fail");
  assert.match(wrong.message, /password does not open the key/);
  assert.ok(!wrong.message.includes("guess-number-one"));
  const right = await updaterKey.run(
    ctx({ TAURI_SIGNING_PRIVATE_KEY: content, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "open-sesame-42" }),
  );
  assert.equal(right.status, "pass", right.message);
});

test("macos.updater-key opens the key in code: nothing is written, an empty password is a password", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  const dir = tempDirFor(t);
  const { key } = generateKey(dir, "");
  const scratch = join(dir, "scratch");
  mkdirSync(scratch);
  const before = snapshot(dir);
  const open = await updaterKey.run({
    ...ctx({ P: "" }, scratch),
    facts: { macos: { updaterKeyPath: key, updaterPasswordEnv: "P" } as MacosFacts },
  });
  assert.equal(open.status, "pass", open.message);
  assert.match(open.message, /\(empty\)/);
  const shut = await updaterKey.run({
    ...ctx({ P: "x" }, scratch),
    facts: { macos: { updaterKeyPath: key, updaterPasswordEnv: "P" } as MacosFacts },
  });
  assert.equal(shut.status, "fail");
  assert.match(shut.message, /password does not open the key/);
  assert.deepEqual(snapshot(dir), before);
});

test("the finalizer, its precondition and the doctor locate the key and password the same way", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  const dir = tempDirFor(t);
  const a = generateKey(dir, "", "a");
  const b = generateKey(dir, "", "b");
  const content = readFileSync(a.key, "utf8");
  const pw = { TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "" };
  const cases: [string, NodeJS.ProcessEnv, string | undefined][] = [
    // _PATH wins over the content, whichever tool asks.
    [b.key, { ...pw, TAURI_SIGNING_PRIVATE_KEY_PATH: b.key, TAURI_SIGNING_PRIVATE_KEY: content }, undefined],
    // a path in TAURI_SIGNING_PRIVATE_KEY, relative to the project root
    [b.key, { ...pw, TAURI_SIGNING_PRIVATE_KEY: basename(b.key) }, undefined],
    // an empty _PATH (a missing CI secret) gives no key, so the content is used
    ["content", { ...pw, TAURI_SIGNING_PRIVATE_KEY_PATH: "", TAURI_SIGNING_PRIVATE_KEY: content }, undefined],
    // the flag wins over both (the doctor has no flag)
    [a.key, { ...pw, TAURI_SIGNING_PRIVATE_KEY_PATH: b.key }, a.key],
  ];
  for (const [expected, env, flag] of cases) {
    const resolved = resolveUpdaterKey(env, { keyPath: flag }, dir);
    assert.equal(resolved.keyPath ?? "content", expected, JSON.stringify(env));
    assert.equal(resolved.password, "");
    const located = locateUpdaterKey(env, { keyPath: flag, cwd: dir });
    assert.equal(located.keyPath ?? "content", expected);
    if (!flag) {
      const material = readUpdaterMaterial(dir, "src-tauri", env);
      assert.equal(material.keyText, located.keyText);
      assert.equal(material.password, "");
    }
    const check = await updaterKey.run({ ...ctx(env, dir), facts: { macos: { updaterKeyPath: flag } as MacosFacts } });
    assert.equal(check.status, "pass", check.message);
  }
  // Unset vs set-and-empty password, and a set-but-empty key variable, agree too.
  const noPw = { TAURI_SIGNING_PRIVATE_KEY: content };
  assert.equal(readUpdaterMaterial(dir, "src-tauri", noPw).password, undefined);
  assert.throws(() => resolveUpdaterKey(noPw, {}, dir), /TAURI_SIGNING_PRIVATE_KEY_PASSWORD is not set/);
  assert.match((await updaterKey.run(ctx(noPw, dir))).message, /TAURI_SIGNING_PRIVATE_KEY_PASSWORD is not set/);
  const emptyKey = { ...pw, TAURI_SIGNING_PRIVATE_KEY: "" };
  assert.match(readUpdaterMaterial(dir, "src-tauri", emptyKey).keyError ?? "", /set but empty/);
  assert.throws(() => resolveUpdaterKey(emptyKey, {}, dir), /set but empty/);
});
