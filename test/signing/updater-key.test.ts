import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { updaterKeyChecks } from "../../tasks/lib/signing/updater-key-checks.ts";
import { decryptSecretKey, parsePublicKey, parseSecretKey } from "../../tasks/lib/signing/minisign.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";
import { tempDir } from "../helpers/gitdir.ts";
import { makeCtx } from "../doctor/ctx.ts";

const TAURI = join(PROJECT_ROOT, "node_modules", ".bin", "tauri");
const available = existsSync(TAURI);
let dir = "";

/** A real key from the Tauri CLI (`signer generate --ci`), with or without a password. */
function generate(name: string, password?: string): { key: string; pub: string } {
  const args = [
    "signer",
    "generate",
    "-w",
    join(dir, name),
    "--ci",
    ...(password !== undefined ? ["-p", password] : []),
  ];
  execFileSync(TAURI, args, { stdio: "ignore" });
  return { key: readFileSync(join(dir, name), "utf8"), pub: readFileSync(join(dir, `${name}.pub`), "utf8") };
}

let withPw: { key: string; pub: string };
let noPw: { key: string; pub: string };
let other: { key: string; pub: string };
before(() => {
  if (!available) return;
  dir = tempDir("rc-updater-");
  withPw = generate("app.key", "s3cret-pw");
  noPw = generate("nopw.key");
  other = generate("other.key", "x");
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

function confWith(pubkey: string | undefined) {
  mkdirSync(join(dir, "src-tauri"), { recursive: true });
  writeFileSync(
    join(dir, "src-tauri/tauri.conf.json"),
    JSON.stringify({ productName: "Atlas", ...(pubkey ? { plugins: { updater: { pubkey } } } : {}) }, null, 2),
  );
}

async function check(env: NodeJS.ProcessEnv, pubkey: string | null = withPw.pub) {
  confWith(pubkey ?? undefined);
  const results = await runChecks(updaterKeyChecks, makeCtx(dir, { env }));
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

test("decrypting in code agrees with the Tauri CLI: the derived public key is the .pub it wrote", async (t) => {
  if (!available) return t.skip("tauri CLI not installed");
  for (const [k, pw] of [
    [withPw, "s3cret-pw"],
    [noPw, ""],
  ] as const) {
    const r = await decryptSecretKey(parseSecretKey(k.key), pw);
    assert.ok(r.ok);
    const pub = parsePublicKey(k.pub);
    assert.equal(r.publicKey.keyId, pub.keyId);
    assert.deepEqual(Buffer.from(r.publicKey.key), Buffer.from(pub.key));
  }
  const wrong = await decryptSecretKey(parseSecretKey(withPw.key), "nope");
  assert.equal(!wrong.ok && wrong.reason, "password");
});

test("a good key, password and pubkey pass; the key may come from a path", async (t) => {
  if (!available) return t.skip("tauri CLI not installed");
  for (const env of [
    { TAURI_SIGNING_PRIVATE_KEY: withPw.key, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "s3cret-pw" },
    { TAURI_SIGNING_PRIVATE_KEY_PATH: join(dir, "app.key"), TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "s3cret-pw" },
    { TAURI_SIGNING_PRIVATE_KEY: join(dir, "app.key"), TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "s3cret-pw" },
  ]) {
    const by = await check(env);
    assert.deepEqual(
      Object.values(by).map((r) => r.status),
      ["pass", "pass", "pass", "pass"],
      JSON.stringify(by),
    );
  }
  const empty = await check({ TAURI_SIGNING_PRIVATE_KEY: noPw.key, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "" }, noPw.pub);
  assert.equal(empty["updater.password-missing"]!.status, "pass");
  assert.match(empty["updater.password-missing"]!.message, /set and empty/);
  assert.equal(empty["updater.key-password"]!.status, "pass");
});

test("each broken case fails its own check", async (t) => {
  if (!available) return t.skip("tauri CLI not installed");
  const cases: [string, NodeJS.ProcessEnv, string, string, RegExp][] = [
    [
      "empty key",
      { TAURI_SIGNING_PRIVATE_KEY: "", TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "x" },
      withPw.pub,
      "updater.key-missing",
      /set but empty/,
    ],
    [
      "missing file",
      { TAURI_SIGNING_PRIVATE_KEY_PATH: join(dir, "gone.key") },
      withPw.pub,
      "updater.key-missing",
      /does not exist/,
    ],
    [
      "garbage",
      { TAURI_SIGNING_PRIVATE_KEY: "this is not a key at all", TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "x" },
      withPw.pub,
      "updater.key-missing",
      /neither a minisign key/,
    ],
    ["password unset", { TAURI_SIGNING_PRIVATE_KEY: withPw.key }, withPw.pub, "updater.password-missing", /unset/],
    [
      "wrong password",
      { TAURI_SIGNING_PRIVATE_KEY: withPw.key, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "nope" },
      withPw.pub,
      "updater.key-password",
      /is wrong/,
    ],
    [
      "empty password for a protected key",
      { TAURI_SIGNING_PRIVATE_KEY: withPw.key, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "" },
      withPw.pub,
      "updater.key-password",
      /it is empty/,
    ],
    [
      "mismatched pubkey",
      { TAURI_SIGNING_PRIVATE_KEY: withPw.key, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "s3cret-pw" },
      other.pub,
      "updater.pubkey-mismatch",
      /installed apps would reject every update/,
    ],
  ];
  for (const [name, env, pub, id, message] of cases) {
    const by = await check(env, pub);
    assert.equal(by[id]!.status, "fail", `${name}: ${by[id]!.message}`);
    assert.match(by[id]!.message, message, name);
  }
});

test("no key: skipped locally, failed in CI when the updater is configured", async (t) => {
  if (!available) return t.skip("tauri CLI not installed");
  assert.equal((await check({}))["updater.key-missing"]!.status, "skip");
  assert.equal((await check({ CI: "true" }))["updater.key-missing"]!.status, "fail");
  assert.equal((await check({ CI: "true" }, null))["updater.key-missing"]!.status, "skip");
});
