import type { MacosFacts } from "../../tasks/lib/macos/preconditions.ts";
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as plist from "plist";
import { test } from "node:test";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";
import { finalize, type FinalizeRequest } from "../../tasks/lib/macos/finalize.ts";
import { parseIdentities } from "../../tasks/lib/macos/preconditions.ts";
import { generateKey, hasTauri } from "../helpers/signing.ts";
import { flattenedLayout, snapshot, writeTree } from "./fixtures.ts";
import { tempFixture } from "../helpers/tmp.ts";
import { NOTARY_CREDENTIALS } from "../helpers/recorded.ts";

const IDENTITIES = `  1) 3C5D7E9F1A2B4C6D8E0F1A3B5C7D9E1F2A4B6C8D "Apple Development: Dev (AAAAAAAAAA)"
  2) 9F1A2B4C6D8E0F1A3B5C7D9E1F2A4B6C8D3C5D7E "Developer ID Application: Acme (TEAM123456)"
     2 valid identities found`;

function request(dir: string, over: Partial<FinalizeRequest> = {}): FinalizeRequest {
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
    // A PATH with none of Apple's tools.
    env: {
      PATH: join(dir, "empty-bin"),
      ...NOTARY_CREDENTIALS,
      GITHUB_TOKEN: "ghs_test",
    },
    platform: "darwin",
    now: new Date(0),
    identity: "Developer ID Application: Acme (TEAM123456)",
    adHoc: false,
    skipNotarize: false,
    skipSpctl: false,
    skipDmg: false,
    skipUpload: false,
    skipManifest: false,
    outputDir: "out",
    releaseTag: "v1.4.0",
    repository: "acme/atlas",
    findIdentities: async () => IDENTITIES,
    ...over,
  };
}

test("parseIdentities() reads security find-identity output", () => {
  assert.deepEqual(parseIdentities(IDENTITIES), [
    "Apple Development: Dev (AAAAAAAAAA)",
    "Developer ID Application: Acme (TEAM123456)",
  ]);
});

const cases: [string, string, (d: string) => Partial<FinalizeRequest>][] = [
  ["macos.platform", "only on macOS; this is linux", () => ({ platform: "linux" })],
  ["macos.tools", "codesign, xattr, ditto, xcrun, spctl, hdiutil, security", () => ({})],
  [
    "macos.identity",
    "no Developer ID Application identity",
    () => ({ identity: undefined, findIdentities: async () => "     0 valid identities found" }),
  ],
  // A name alone is not enough: a keychain must hold it.
  [
    "macos.identity",
    'the identity "Developer ID Application: Other (OTHER12345)" is not there',
    () => ({ identity: "Developer ID Application: Other (OTHER12345)" }),
  ],
  ["macos.entitlements", "does not exist", () => ({ entitlements: "missing.entitlements" })],
  [
    "macos.entitlements",
    "grants com.apple.security.get-task-allow",
    (d) => {
      // Beside the temporary folder, so the snapshot of the folder is taken before it exists.
      writeFileSync(`${d}.debug.plist`, plist.build({ "com.apple.security.get-task-allow": true }));
      return { sidecarEntitlements: `${d}.debug.plist` };
    },
  ],
  [
    "macos.certificate",
    "APPLE_CERTIFICATE_PASSWORD is not set",
    (d) => ({ p12: join(d, "Atlas.app", "Contents", "Info.plist") }),
  ],
  [
    "macos.notary-credentials",
    "the App Store Connect API key is incomplete: missing --issuer",
    () => ({ notaryKey: "AuthKey.p8", notaryKeyId: "ABC1234567" }),
  ],
  [
    "macos.notary-credentials",
    "unset: APPLE_PASSWORD",
    (d) => ({ env: { PATH: join(d, "empty-bin"), APPLE_ID: "a@b.c", APPLE_TEAM_ID: "T", GITHUB_TOKEN: "x" } }),
  ],
  ["macos.updater-key", "TAURI_SIGNING_PRIVATE_KEY_PASSWORD is not set", () => ({})],
  [
    "macos.updater-key",
    "not a Tauri signer private key",
    (d) => ({
      env: {
        PATH: join(d, "empty-bin"),
        APPLE_ID: "a@b.c",
        APPLE_PASSWORD: "p",
        APPLE_TEAM_ID: "T",
        GITHUB_TOKEN: "x",
        TAURI_SIGNING_PRIVATE_KEY: "not a key",
        TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "",
      },
    }),
  ],
  ["macos.release-target", "--release-tag", () => ({ releaseTag: undefined })],
];

for (const [id, text, over] of cases) {
  test(`precondition ${id} fails before any change to the bundle${text ? ` (${text})` : ""}`, async (t) => {
    const tmp = tempFixture();
    t.after(tmp.cleanup);
    writeTree(join(tmp.dir, "Atlas.app"), flattenedLayout());
    const before = snapshot(tmp.dir);
    const r = request(tmp.dir, over(tmp.dir));
    await assert.rejects(finalize(r), (e: Error) => {
      assert.match(e.message, /nothing was changed/);
      assert.match(
        e.message,
        new RegExp(`\\[${id.replace(".", "\\.")}\\] [^\\n]*${text.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}`),
      );
      return true;
    });
    assert.deepEqual(snapshot(tmp.dir), before);
    rmSync(`${tmp.dir}.debug.plist`, { force: true });
  });
}

test("an identity is found when exactly one Developer ID Application is in the keychains", async (t) => {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  const r = request(tmp.dir, { identity: undefined });
  const { macosChecks } = await import("../../tasks/lib/macos/preconditions.ts");
  const check = macosChecks.find((c) => c.id === "macos.identity")!;
  const f = {
    platform: "darwin" as const,
    adHoc: false,
    skipNotarize: false,
    skipSpctl: false,
    skipDmg: false,
    skipUpload: false,
    skipManifest: false,
    findIdentities: async () => IDENTITIES,
  } as MacosFacts;
  const outcome = await check.run({ root: tmp.dir, config: r.config, env: {}, now: new Date(0), facts: { macos: f } });
  assert.equal(outcome.status, "pass");
  assert.equal(f.foundIdentity, "Developer ID Application: Acme (TEAM123456)");
});

test("--ad-hoc refuses to notarize before anything else", async (t) => {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  writeTree(join(tmp.dir, "Atlas.app"), flattenedLayout());
  const before = snapshot(tmp.dir);
  await assert.rejects(finalize(request(tmp.dir, { adHoc: true })), /Cannot notarize an ad-hoc signature/);
  assert.deepEqual(snapshot(tmp.dir), before);
});

test("a wrong updater key password fails macos.updater-key in code, before any change to the bundle", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  writeTree(join(tmp.dir, "Atlas.app"), flattenedLayout());
  const keys = generateKey(tmp.dir, "right-password");
  const before = snapshot(tmp.dir);
  const base = request(tmp.dir);
  const r = request(tmp.dir, {
    env: { ...base.env, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "wrong-password" },
    updaterKeyPath: keys.key,
  });
  await assert.rejects(finalize(r), (e: Error) => {
    assert.match(e.message, /nothing was changed/);
    assert.match(e.message, /\[macos\.updater-key\] the password does not open the key/);
    assert.ok(!e.message.includes("wrong-password"));
    return true;
  });
  assert.deepEqual(snapshot(tmp.dir), before);
});
