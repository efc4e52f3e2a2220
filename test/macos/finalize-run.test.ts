import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";
import { finalize, type FinalizeRequest } from "../../tasks/lib/macos/finalize.ts";
import { generateKey, hasMinisign, hasTauri, minisignVerify } from "../helpers/signing.ts";
import { flattenedLayout, INTERNAL, snapshot, writeTree } from "./fixtures.ts";
import { tempFixture } from "../helpers/tmp.ts";
import { fakeAppleBin, NOTARY_CREDENTIALS, RECORDED, recordedDoor, type RecordingName } from "../helpers/recorded.ts";

const IDENTITY = "Developer ID Application: Acme Labs (TEAM123456)";
// Not a real certificate: the recorded `security import` never reads it; the run only decodes and removes it.
const CERTIFICATE = Buffer.alloc(512, 7).toString("base64");

function setUp(t: { after(fn: () => void): void }) {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  const dir = tmp.dir;
  writeTree(join(dir, "Atlas.app"), flattenedLayout());
  // Apple's tools exist on PATH (the precondition looks); the recorded door answers for them.
  const bin = fakeAppleBin(dir);
  // The run's own temp root (its request's TMPDIR): what it leaves there is this run's alone, whatever runs beside it.
  mkdirSync(join(dir, "tmp"));
  return { dir, bin };
}

function request(dir: string, bin: string, key: string, over: Partial<FinalizeRequest> = {}): FinalizeRequest {
  const config = {
    ...parseConfig({ name: "atlas" }, "test"),
    root: dir,
    source: "default",
    repository: "acme/atlas",
    versionFiles: [],
  };
  return {
    app: join(dir, "Atlas.app"),
    mode: "run",
    config,
    cwd: dir,
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      ...NOTARY_CREDENTIALS,
      APPLE_CERTIFICATE: CERTIFICATE,
      APPLE_CERTIFICATE_PASSWORD: "p12-password",
      TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "correct horse",
      HOME: process.env.HOME,
      TMPDIR: join(dir, "tmp"),
    },
    platform: "darwin",
    now: new Date("2025-03-14T10:00:00Z"),
    adHoc: false,
    skipNotarize: false,
    skipSpctl: false,
    skipDmg: true,
    skipUpload: true,
    skipManifest: false,
    outputDir: "out",
    releaseTag: "v1.4.0",
    repository: "acme/atlas",
    updaterKeyPath: key,
    notes: "Fixes",
    ...over,
  };
}

const line = (c: { command: string[] }) => c.command.join(" ");
/** The temporary keychain folders in this run's own temp root (never the shared one other runs use). */
const keychainDirs = (dir: string) => readdirSync(join(dir, "tmp")).filter((n) => n.startsWith("finalize-keychain-"));

test("a whole run on recorded Apple tools: temporary keychain, repairs, inside-out signing, checks, notarization, then a real Tauri signature that minisign verifies", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  if (!hasMinisign()) return t.skip("minisign is not installed (apt-get install minisign)");
  const { dir, bin } = setUp(t);
  const keys = generateKey(dir, "correct horse");
  const recorded = recordedDoor({}, dir);
  const dirsBefore = keychainDirs(dir);
  const g = await finalize(request(dir, bin, keys.key, { door: recorded.door }));

  // The bundle was repaired before it was signed.
  assert.equal(readlinkSync(join(dir, "Atlas.app", INTERNAL, "Python")), "Python.framework/Versions/Current/Python");
  const calls = recorded.calls.map(line);
  const K = calls
    .find((c) => c.startsWith("security create-keychain"))!
    .split(" ")
    .at(-1)!;
  assert.ok(K.startsWith(join(dir, "tmp", "finalize-keychain-")), `the keychain was made in the run's temp root: ${K}`);
  // The keychain is made, unlocked, opened to codesign and searched, and its identity checked, before the bundle is touched.
  const first = (prefix: string) => calls.findIndex((c) => c.startsWith(prefix));
  const order = [
    "security create-keychain",
    "security set-keychain-settings",
    "security unlock-keychain",
    "security import",
    "security set-key-partition-list",
    "security list-keychains -d user -s",
    "security find-identity",
    "xattr -cr",
    "codesign --force",
    "codesign --verify",
    "codesign -dvvv",
    "ditto -c",
    "xcrun notarytool submit",
    "xcrun stapler staple",
    "xcrun stapler validate",
    "spctl --assess",
    "security delete-keychain",
  ].map(first);
  assert.ok(
    order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1]!)),
    `in order: ${order.join(",")}`,
  );
  // The search list got the temporary keychain first, then what was there; afterwards exactly what was there.
  const lists = calls.filter((c) => c.startsWith("security list-keychains -d user -s"));
  assert.deepEqual(lists, [
    `security list-keychains -d user -s ${K} /Users/runner/Library/Keychains/login.keychain-db /Library/Keychains/System.keychain`,
    "security list-keychains -d user -s /Users/runner/Library/Keychains/login.keychain-db /Library/Keychains/System.keychain",
  ]);
  // Every signature names the identity found in the temporary keychain, and that keychain.
  for (const c of recorded.calls.filter((x) => x.command[0] === "codesign" && x.command[1] === "--force")) {
    assert.equal(c.command[3], IDENTITY);
    assert.equal(c.command[c.command.indexOf("--keychain") + 1], K);
  }
  assert.ok(
    !calls.some((c) => c.includes("p12-password") && !c.startsWith("security import")),
    "the .p12 password goes to security import only",
  );
  assert.deepEqual(keychainDirs(dir), dirsBefore, "the temporary keychain folder (and the decoded .p12) is gone");
  // The updater archive and its signature are real: minisign verifies them.
  const archive = join(dir, "out", "Atlas_aarch64.app.tar.gz");
  assert.ok(existsSync(archive) && lstatSync(archive).size > 0);
  const signature = readFileSync(`${archive}.sig`, "utf8").trim();
  const verified = minisignVerify(dir, archive, signature, keys.pub);
  assert.ok(verified.ok, verified.output);
  const latest = JSON.parse(readFileSync(join(dir, "out", "latest.json"), "utf8"));
  const url = "https://github.com/acme/atlas/releases/download/v1.4.0/Atlas_aarch64.app.tar.gz";
  assert.deepEqual(latest.platforms, {
    "darwin-aarch64": { signature, url },
    "darwin-aarch64-app": { signature, url },
  });
  assert.equal(g.arch, "aarch64");
});

const failures: [string, Partial<Record<string, RecordingName>>, RegExp, string][] = [
  [
    "the certificate's identity is not in the temporary keychain",
    { "security find-identity": "findIdentityNone" },
    /Cannot sign with the keychain .*: no Developer ID Application identity .*nothing in the bundle was changed/,
    "xattr -cr",
  ],
  [
    "a signature without a secure timestamp",
    { "codesign -dvvv": "displayNoTimestamp" },
    /Cannot notarize Atlas\.app: its signature would be rejected:\n {2}it has no secure timestamp \(only a local Signed Time=14 Mar 2025 at 10:02:17\)/,
    "xcrun notarytool submit",
  ],
  [
    "an ad-hoc signature where a Developer ID was expected",
    { "codesign -dvvv": "displayAdHoc" },
    /its signature would be rejected:\n {2}it is ad-hoc/,
    "xcrun notarytool submit",
  ],
  [
    "a sealed resource added after signing",
    { "codesign --verify": "verifySealed" },
    /a sealed resource is missing or invalid[\s\S]*\._atlas/,
    "xcrun notarytool submit",
  ],
  [
    "a stapled ticket that does not validate",
    { "xcrun stapler validate": "validateMissing" },
    /does not have a ticket stapled to it/,
    "spctl --assess",
  ],
  [
    "Gatekeeper rejecting the app",
    { "spctl --assess": "spctlRejected" },
    /rejected[\s\S]*Unnotarized Developer ID/,
    "node:tar",
  ],
  [
    "a wrong .p12 password",
    { "security import": "importWrongPassword" },
    /MAC verification failed during PKCS12 import \(wrong password\?\)/,
    "security find-identity",
  ],
];

// One real updater key for the failure cases (the precondition opens it before any step).
let sharedKey: string | undefined;
const keyHome = tempFixture("macos-key-");
after(keyHome.cleanup);
const updaterKey = () => (sharedKey ??= generateKey(keyHome.dir, "correct horse").key);

for (const [what, rules, message, never] of failures) {
  test(`a failing call (${what}) stops the run and still removes the temporary keychain`, async (t) => {
    if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
    const { dir, bin } = setUp(t);
    const recorded = recordedDoor(rules as Record<string, RecordingName>, dir);
    const dirsBefore = keychainDirs(dir);
    const bundleBefore = snapshot(join(dir, "Atlas.app"));
    await assert.rejects(finalize(request(dir, bin, updaterKey(), { door: recorded.door })), message);
    const calls = recorded.calls.map(line);
    // A keychain failure comes before the first change: even the repairs are not applied (the message says so).
    if (never === "xattr -cr" || never === "security find-identity")
      assert.deepEqual(snapshot(join(dir, "Atlas.app")), bundleBefore, "the bundle is as it was");
    assert.ok(!calls.some((c) => c.startsWith(never)), `${never} never ran`);
    assert.ok(calls.at(-1)!.startsWith("security delete-keychain"), `cleanup ran last: ${calls.at(-1)}`);
    const made = calls
      .find((c) => c.startsWith("security create-keychain"))!
      .split(" ")
      .at(-1)!;
    assert.ok(made.startsWith(join(dir, "tmp", "finalize-keychain-")), `made in the run's temp root: ${made}`);
    assert.deepEqual(keychainDirs(dir), dirsBefore, "the temporary keychain folder (and the decoded .p12) is gone");
  });
}

test("an identity that the keychain does not hold fails before the first change (recorded find-identity)", async (t) => {
  const { dir, bin } = setUp(t);
  const before = snapshot(join(dir, "Atlas.app"));
  const r = request(dir, bin, join(dir, "k"), {
    env: { ...request(dir, bin, "k").env, APPLE_CERTIFICATE: undefined },
    identity: "Developer ID Application: Someone Else (OTHER12345)",
    findIdentities: async () => RECORDED.findIdentity.stdout,
  });
  await assert.rejects(
    finalize(r),
    /\[macos\.identity\] in the keychain search list: the identity "Developer ID Application: Someone Else \(OTHER12345\)" is not there \(found: Developer ID Application: Acme Labs \(TEAM123456\)\)/,
  );
  assert.deepEqual(snapshot(join(dir, "Atlas.app")), before);
});

test("without --release-tag the URLs name the tag made of tagPrefix and the version", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  const { dir, bin } = setUp(t);
  const recorded = recordedDoor({}, dir);
  const base = request(dir, bin, updaterKey(), { door: recorded.door, releaseTag: undefined });
  await finalize({ ...base, config: { ...base.config, tagPrefix: "desktop-v" } });
  const latest = JSON.parse(readFileSync(join(dir, "out", "latest.json"), "utf8"));
  assert.equal(
    latest.platforms["darwin-aarch64"].url,
    "https://github.com/acme/atlas/releases/download/desktop-v1.4.0/Atlas_aarch64.app.tar.gz",
  );
});
