import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { buildPlan, type FinalizeOptions } from "../../tasks/lib/macos/plan.ts";
import { applyRepairsToScan, planRepairs } from "../../tasks/lib/macos/repair.ts";
import { scanBundle } from "../../tasks/lib/macos/scan.ts";
import { planSigning } from "../../tasks/lib/macos/sign-plan.ts";
import { STEP_KINDS } from "../../tasks/lib/macos/steps.ts";
import { flattenedLayout, goodLayout, writeTree } from "./fixtures.ts";
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
  });
  const base = ["codesign", "--force", "--sign", ID, "--keychain", "build.keychain", "--timestamp"];
  const runtime = ["--options", "runtime", "--entitlements", "entitlements.plist"];
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
      [...base, ...runtime, `${PY}/Versions/3.12/bin/python3.12`, `${INT}/helper`, `${SIDE}/atlas-server`],
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

const OPTS: FinalizeOptions = {
  identity: ID,
  adHoc: false,
  skipNotarize: false,
  skipSpctl: false,
  skipDmg: false,
  skipUpload: false,
  outputDir: "out",
  arch: "aarch64",
  releaseTag: "v1.4.0",
  updaterKeyPath: "updater.key",
};

test("buildPlan() orders every phase: sign, verify, notarize, staple, spctl, updater, DMG, manifest, upload", async (t) => {
  const { scan, repairs } = await scanOf(t, flattenedLayout());
  const plan = buildPlan(
    { appName: A, productName: "Atlas", executable: "atlas", version: "1.4.0", scan, repairs },
    OPTS,
  );
  assert.equal(plan.app, A);
  assert.equal(plan.version, "1.4.0");
  assert.equal(plan.repairs.length, repairs.length);
  assert.ok(plan.repairs.every((r) => r.path.startsWith(`${A}/Contents/`)));
  const kinds = plan.steps.map((s) => s.kind);
  for (const k of kinds) assert.ok((STEP_KINDS as readonly string[]).includes(k));
  assert.deepEqual(kinds.slice(7), [
    "verify",
    "archive",
    "notarize",
    "staple",
    "verify",
    "archive",
    "updater-sign",
    "dmg",
    "codesign",
    "notarize",
    "staple",
    "manifest",
    "upload",
  ]);
  const byKind = (i: number) => plan.steps[7 + i]!.command;
  assert.deepEqual(byKind(0), ["codesign", "--verify", "--deep", "--strict", "--verbose=2", A]);
  assert.deepEqual(byKind(1), ["ditto", "-c", "-k", "--keepParent", A, "out/Atlas.zip"]);
  assert.deepEqual(byKind(2).slice(0, 8), [
    "xcrun",
    "notarytool",
    "submit",
    "out/Atlas.zip",
    "--wait",
    "--output-format",
    "json",
    "--apple-id",
  ]);
  assert.ok(byKind(2).includes("$APPLE_PASSWORD"), "the password is a reference, never a value");
  assert.deepEqual(byKind(4), ["spctl", "--assess", "--type", "execute", "--verbose=4", A]);
  assert.ok(byKind(6).includes("updater.key") && byKind(6).includes("out/Atlas_aarch64.app.tar.gz"));
  assert.deepEqual(plan.steps.at(-1)!.paths, [
    "out/Atlas_aarch64.app.tar.gz",
    "out/Atlas_aarch64.app.tar.gz.sig",
    "out/Atlas_1.4.0_aarch64.dmg",
    "out/latest.json",
  ]);
});

test("buildPlan() drops what is skipped and refuses to notarize an ad-hoc signature", async (t) => {
  const { scan } = await scanOf(t);
  const facts = { appName: A, productName: "Atlas", executable: "atlas", version: "1.4.0", scan, repairs: [] };
  const plan = buildPlan(facts, { ...OPTS, adHoc: true, skipNotarize: true, skipDmg: true, skipUpload: true });
  assert.deepEqual(
    plan.steps.slice(7).map((s) => s.kind),
    ["verify", "archive", "updater-sign", "manifest"],
  );
  assert.throws(() => buildPlan(facts, { ...OPTS, adHoc: true }), /Cannot notarize an ad-hoc signature/);
  const noSpctl = buildPlan(facts, { ...OPTS, skipSpctl: true });
  assert.ok(!noSpctl.steps.some((s) => s.command[0] === "spctl"));
});
