import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { buildPlan } from "../../tasks/lib/macos/plan.ts";
import { applyRepairsToScan, planRepairs } from "../../tasks/lib/macos/repair.ts";
import { scanBundle } from "../../tasks/lib/macos/scan.ts";
import { planSigning } from "../../tasks/lib/macos/sign-plan.ts";
import { STEP_KINDS } from "../../tasks/lib/macos/steps.ts";
import { finalizeOptions, flattenedLayout, goodLayout, writeTree } from "./fixtures.ts";
import { tempFixture } from "../helpers/tmp.ts";

const A = "Atlas.app";
const SIDE = `${A}/Contents/Resources/atlas-server`;
const INT = `${SIDE}/_internal`;
const PY = `${INT}/Python.framework`;
const ID = "Developer ID Application: Example (TEAM123456)";

async function scanOf(t: { after(fn: () => void): void }, tree = goodLayout()) {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  const root = join(tmp.dir, A);
  writeTree(root, tree);
  const scan = await scanBundle(root);
  const repairs = await planRepairs(root, scan, { executable: "atlas" });
  return { scan: applyRepairsToScan(scan, repairs), repairs };
}

test("planSigning() signs inside-out in the exact order, batching identical options", async (t) => {
  const { scan } = await scanOf(t);
  const steps = planSigning(scan, {
    appName: A,
    executable: "atlas",
    identity: ID,
    keychain: "build.keychain",
    entitlements: "entitlements.plist",
    sidecarEntitlements: "sidecar.plist",
  });
  const base = ["codesign", "--force", "--sign", ID, "--keychain", "build.keychain", "--timestamp"];
  const runtime = ["--options", "runtime", "--entitlements", "entitlements.plist"];
  // The sidecar's executables get their own entitlements (Tauri separates them from the app's).
  const sidecarRuntime = ["--options", "runtime", "--entitlements", "sidecar.plist"];
  assert.deepEqual(
    steps.map((s) => s.command),
    [
      ["xattr", "-cr", A],
      // nested libraries, deepest first, one call
      [
        ...base,
        `${PY}/Versions/3.12/lib/python3.12/lib-dynload/_ssl.cpython-312-darwin.so`,
        `${INT}/numpy/_core/_multiarray_umath.cpython-312-darwin.so`,
        `${INT}/legacy/libold.dylib`,
        `${INT}/libcrypto.3.dylib`,
      ],
      // nested executables (hardened runtime), deepest first, one call
      [...base, ...sidecarRuntime, `${PY}/Versions/3.12/bin/python3.12`, `${INT}/helper`, `${SIDE}/atlas-server`],
      // frameworks after their contents; Python.framework with its active version
      [...base, "--bundle-version", "3.12", PY],
      [...base, `${A}/Contents/Frameworks/Helper.framework`],
      // the main executable, then the app
      [...base, ...runtime, `${A}/Contents/MacOS/atlas`],
      [...base, ...runtime, A],
    ],
  );
  const signed = steps.flatMap((s) => s.paths);
  assert.ok(
    !signed.includes(`${PY}/Versions/3.12/Python`),
    "the framework's main binary is left to the bundle signature",
  );
  for (const notCode of ["fake.dylib", "fake.so", "Hello.class", "base_library.zip", "Python"])
    assert.ok(!signed.includes(`${INT}/${notCode}`), notCode);
});

test("planSigning() ad-hoc signs with '-' and no timestamp", async (t) => {
  const { scan } = await scanOf(t);
  const steps = planSigning(scan, { appName: A, executable: "atlas", identity: "-" });
  for (const s of steps.slice(1)) {
    assert.deepEqual(s.command.slice(0, 4), ["codesign", "--force", "--sign", "-"]);
    assert.ok(!s.command.includes("--timestamp"));
  }
});

const OPTS = finalizeOptions(ID);

/** The steps after signing (the first step that is not codesign/clean). */
const afterSigning = (steps: { kind: string }[]) =>
  steps.slice(steps.findIndex((s, i) => i > 0 && s.kind !== "codesign"));

test("buildPlan() orders every phase: sign, verify each part, inspect, notarize, staple, validate, spctl, updater, DMG, manifest, upload", async (t) => {
  const { scan, repairs } = await scanOf(t, flattenedLayout());
  const plan = buildPlan(
    { appName: A, productName: "Atlas", executable: "atlas", version: "1.4.0", scan, repairs },
    OPTS,
  );
  assert.equal(plan.app, A);
  assert.equal(plan.version, "1.4.0");
  assert.equal(plan.repairs.length, repairs.length);
  assert.ok(plan.repairs.every((r) => r.path.startsWith(`${A}/Contents/`)));
  for (const s of plan.steps) assert.ok((STEP_KINDS as readonly string[]).includes(s.kind));
  // xattr is a cleaning step, not a signature.
  assert.deepEqual(plan.steps[0], { kind: "clean", command: ["xattr", "-cr", A], paths: [A] });
  const rest = afterSigning(plan.steps) as typeof plan.steps;
  const line = (s: (typeof rest)[number]) => `${s.kind} ${s.command.join(" ")}`;
  assert.deepEqual(rest.map(line), [
    // each framework with its active version, each executable outside Contents/MacOS, then the app
    `verify codesign --verify --strict --verbose=2 --bundle-version A ${A}/Contents/Frameworks/Helper.framework`,
    `verify codesign --verify --strict --verbose=2 --bundle-version 3.12 ${PY}`,
    `verify codesign --verify --strict --verbose=2 ${INT}/helper`,
    `verify codesign --verify --strict --verbose=2 ${SIDE}/atlas-server`,
    `verify codesign --verify --deep --strict --verbose=2 ${A}`,
    `inspect codesign -dvvv ${A}`,
    `inspect codesign -dvvv ${INT}/helper`,
    `inspect codesign -dvvv ${SIDE}/atlas-server`,
    `archive ditto -c -k --keepParent ${A} out/Atlas.zip`,
    "notarize xcrun notarytool submit out/Atlas.zip --no-wait --output-format json --apple-id $APPLE_ID --team-id $APPLE_TEAM_ID --password $APPLE_PASSWORD",
    "notarize xcrun notarytool wait <submission-id> --timeout 60m --output-format json --apple-id $APPLE_ID --team-id $APPLE_TEAM_ID --password $APPLE_PASSWORD",
    `staple xcrun stapler staple ${A}`,
    `verify xcrun stapler validate ${A}`,
    `verify spctl --assess --type execute --verbose=4 ${A}`,
    `archive node:tar create --gzip --file out/Atlas_aarch64.app.tar.gz ${A}`,
    "updater-sign node_modules/.bin/tauri signer sign -f updater.key -p *** --app-version 1.4.0 out/Atlas_aarch64.app.tar.gz",
    // the DMG from a staging folder: the app and an /Applications link
    "dmg rm -rf out/dmg-staging",
    "dmg mkdir -p out/dmg-staging",
    `dmg ditto ${A} out/dmg-staging/${A}`,
    "dmg ln -s /Applications out/dmg-staging/Applications",
    "dmg hdiutil create -volname Atlas -srcfolder out/dmg-staging -ov -format UDZO out/Atlas_1.4.0_aarch64.dmg",
    "dmg rm -rf out/dmg-staging",
    `codesign codesign --force --sign ${ID} --timestamp out/Atlas_1.4.0_aarch64.dmg`,
    "verify codesign --verify --strict --verbose=2 out/Atlas_1.4.0_aarch64.dmg",
    "notarize xcrun notarytool submit out/Atlas_1.4.0_aarch64.dmg --no-wait --output-format json --apple-id $APPLE_ID --team-id $APPLE_TEAM_ID --password $APPLE_PASSWORD",
    "notarize xcrun notarytool wait <submission-id> --timeout 60m --output-format json --apple-id $APPLE_ID --team-id $APPLE_TEAM_ID --password $APPLE_PASSWORD",
    "staple xcrun stapler staple out/Atlas_1.4.0_aarch64.dmg",
    "verify xcrun stapler validate out/Atlas_1.4.0_aarch64.dmg",
    "verify spctl --assess --type open --context context:primary-signature --verbose=4 out/Atlas_1.4.0_aarch64.dmg",
    "manifest node:latest-json merge --version 1.4.0 out/latest.json",
    "upload node:github upload --release-tag v1.4.0 out/Atlas_aarch64.app.tar.gz out/Atlas_aarch64.app.tar.gz.sig out/Atlas_1.4.0_aarch64.dmg out/latest.json",
  ]);
  // Both darwin keys point at the updater archive with its own signature, never at the DMG.
  assert.deepEqual(plan.steps.find((s) => s.kind === "manifest")!.entries, [
    { key: "darwin-aarch64", asset: "Atlas_aarch64.app.tar.gz", signatureFile: "Atlas_aarch64.app.tar.gz.sig" },
    { key: "darwin-aarch64-app", asset: "Atlas_aarch64.app.tar.gz", signatureFile: "Atlas_aarch64.app.tar.gz.sig" },
  ]);
  assert.deepEqual(plan.cleanup, []);
});

test("buildPlan() drops what is skipped; spctl only judges a notarized app; ad-hoc never notarizes", async (t) => {
  const { scan } = await scanOf(t);
  const facts = { appName: A, productName: "Atlas", executable: "atlas", version: "1.4.0", scan, repairs: [] };
  const adHoc = buildPlan(facts, { ...OPTS, adHoc: true, skipNotarize: true, skipDmg: true, skipUpload: true });
  const kinds = (p: typeof adHoc) => afterSigning(p.steps).map((s) => s.kind);
  assert.deepEqual(kinds(adHoc), [
    "verify",
    "verify",
    "verify",
    "verify",
    "verify",
    "archive",
    "updater-sign",
    "manifest",
  ]);
  assert.throws(() => buildPlan(facts, { ...OPTS, adHoc: true }), /Cannot notarize an ad-hoc signature/);
  const noSpctl = buildPlan(facts, { ...OPTS, skipSpctl: true });
  assert.ok(!noSpctl.steps.some((s) => s.command[0] === "spctl"));
  // Gatekeeper rejects what is not notarized: --skip-notarize drops spctl too.
  const unNotarized = buildPlan(facts, { ...OPTS, skipNotarize: true });
  assert.ok(!unNotarized.steps.some((s) => s.command[0] === "spctl" || s.command.includes("stapler")));
  // --skip-manifest: the archive and its signature are uploaded, latest.json is left to a later job.
  const noManifest = buildPlan(facts, { ...OPTS, skipManifest: true, skipDmg: true });
  assert.ok(!noManifest.steps.some((s) => s.kind === "manifest"));
  assert.deepEqual(noManifest.steps.at(-1)!.paths, [
    "out/Atlas_aarch64.app.tar.gz",
    "out/Atlas_aarch64.app.tar.gz.sig",
  ]);
});

test("buildPlan() plans a universal build under both darwin architectures up front, and refuses an unknown arch before any step", async (t) => {
  const { scan } = await scanOf(t);
  const facts = { appName: A, productName: "Atlas", executable: "atlas", version: "1.4.0", scan, repairs: [] };
  const plan = buildPlan(facts, { ...OPTS, arch: "universal" });
  assert.deepEqual(
    plan.steps.find((s) => s.kind === "manifest")!.entries!.map((e) => `${e.key}=${e.asset}`),
    [
      "darwin-aarch64=Atlas_universal.app.tar.gz",
      "darwin-aarch64-app=Atlas_universal.app.tar.gz",
      "darwin-x86_64=Atlas_universal.app.tar.gz",
      "darwin-x86_64-app=Atlas_universal.app.tar.gz",
    ],
  );
  assert.throws(() => buildPlan(facts, { ...OPTS, arch: "x64" }), /Cannot plan latest.json for arch x64/);
});

test("buildPlan() notarizes with an App Store Connect API key when one is given", async (t) => {
  const { scan } = await scanOf(t);
  const facts = { appName: A, productName: "Atlas", executable: "atlas", version: "1.4.0", scan, repairs: [] };
  const auth = {
    kind: "api-key" as const,
    key: "keys/AuthKey_ABC1234567.p8",
    keyId: "ABC1234567",
    issuer: "69a6de7e-1111-2222-3333-5bc37c11a4d1",
  };
  const plan = buildPlan(facts, { ...OPTS, notaryAuth: auth });
  const notarize = plan.steps.filter((s) => s.kind === "notarize");
  assert.deepEqual(
    notarize.map((s) => ("notary" in s ? s.notary?.role : undefined)),
    ["submit", "wait", "submit", "wait"],
    "app and DMG: each submitted, then waited for",
  );
  for (const s of notarize) {
    assert.deepEqual(s.command.slice(-6), ["--key", auth.key, "--key-id", auth.keyId, "--issuer", auth.issuer]);
    assert.ok(!s.command.includes("--apple-id") && !s.command.includes("$APPLE_PASSWORD"));
  }
});

test("buildPlan() with a certificate: keychain steps before the first change, identity checked there, cleanup planned", async (t) => {
  const { scan } = await scanOf(t);
  const facts = { appName: A, productName: "Atlas", executable: "atlas", version: "1.4.0", scan, repairs: [] };
  const K = "/Users/runner/work/_temp/k/signing.keychain-db";
  const plan = buildPlan(facts, {
    ...OPTS,
    keychain: { path: K, p12: "/Users/runner/work/_temp/k/certificate.p12", fromEnv: true },
  });
  const head = plan.steps.slice(
    0,
    plan.steps.findIndex((s) => s.kind !== "keychain"),
  );
  assert.deepEqual(
    head.map((s) => s.command.join(" ")),
    [
      "node:p12 decode $APPLE_CERTIFICATE /Users/runner/work/_temp/k/certificate.p12",
      `security create-keychain -p $FINALIZE_KEYCHAIN_PASSWORD ${K}`,
      `security set-keychain-settings -lut 21600 ${K}`,
      `security unlock-keychain -p $FINALIZE_KEYCHAIN_PASSWORD ${K}`,
      `security import /Users/runner/work/_temp/k/certificate.p12 -k ${K} -f pkcs12 -P $APPLE_CERTIFICATE_PASSWORD -T /usr/bin/codesign`,
      `security set-key-partition-list -S apple-tool:,apple:,codesign: -s -k $FINALIZE_KEYCHAIN_PASSWORD ${K}`,
      `security list-keychains -d user -s ${K} <current search list>`,
      `security find-identity -v -p codesigning ${K}`,
    ],
  );
  assert.equal(plan.steps[head.length]!.command[0], "xattr", "the bundle is touched only after the identity check");
  assert.ok(plan.steps.filter((s) => s.kind === "codesign").every((s) => s.command.includes(K)));
  assert.deepEqual(
    plan.cleanup.map((s) => s.command.join(" ")),
    [
      "security list-keychains -d user -s <current search list>",
      `security delete-keychain ${K}`,
      "node:rm /Users/runner/work/_temp/k/certificate.p12",
    ],
  );
  // An existing --keychain is only checked, never created or deleted.
  const existing = buildPlan(facts, { ...OPTS, keychain: { path: "ci.keychain-db" } });
  assert.deepEqual(existing.steps[0]!.command, [
    "security",
    "find-identity",
    "-v",
    "-p",
    "codesigning",
    "ci.keychain-db",
  ]);
  assert.deepEqual(existing.cleanup, []);
});
