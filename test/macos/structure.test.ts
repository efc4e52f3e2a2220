/**
 * Bundles by structure, metadata files and argv limits, on fixture bundles. The
 * look-alike folders are modelled on what PyInstaller onedir builds carry (Python
 * packages ship data folders with a `.bundle` suffix and no Info.plist); the AppleDouble
 * bytes follow the AppleDouble header (magic 0x00051607, version 0x00020000) that
 * macOS `tar`/`ditto` write as `._name` when COPYFILE_DISABLE is unset.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { archFromMacho, buildPlan } from "../../tasks/lib/macos/plan.ts";
import { applyRepairs, applyRepairsToScan, planRepairs } from "../../tasks/lib/macos/repair.ts";
import { scanBundle, type BundleScan } from "../../tasks/lib/macos/scan.ts";
import { bundleDirs, lookalikeBundles, MAX_ARGV_BYTES, planSigning } from "../../tasks/lib/macos/sign-plan.ts";
import { arm64, finalizeOptions, goodLayout, infoPlistXml, INTERNAL, MH, snapshot, writeTree } from "./fixtures.ts";
import { tempFixture } from "../helpers/tmp.ts";

const A = "Atlas.app";
const ID = "Developer ID Application: Example (TEAM123456)";
const HELPER = "Contents/Helpers/Atlas Helper.app";
const appleDouble = () =>
  Buffer.concat([
    Buffer.from([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00]),
    Buffer.alloc(16),
    Buffer.from("Mac OS X        "),
  ]);

function structuredLayout() {
  const x = 0o755;
  return {
    ...goodLayout(),
    // data folders named like bundles: no Info.plist
    [`${INTERNAL}/certifi/cacert.bundle/cacert.pem`]: { file: "-----BEGIN CERTIFICATE-----\n" },
    [`${INTERNAL}/native pkg/libs.bundle/lib native.dylib`]: { file: arm64(MH.dylib, "native"), mode: x },
    // a nested helper app (path with a space) and a real loadable bundle
    [`${HELPER}/Contents/Info.plist`]: { file: infoPlistXml("Atlas Helper", "Atlas Helper") },
    [`${HELPER}/Contents/MacOS/Atlas Helper`]: { file: arm64(MH.execute, "helper-app"), mode: x },
    "Contents/PlugIns/Quick.bundle/Contents/Info.plist": { file: infoPlistXml("Quick", "Quick") },
    "Contents/PlugIns/Quick.bundle/Contents/MacOS/Quick": { file: arm64(MH.bundle, "quick"), mode: x },
  };
}

async function fixture(
  t: { after(fn: () => void): void },
  extra: Record<string, { file: Buffer | string; mode?: number }> = {},
) {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  const root = join(tmp.dir, A);
  writeTree(root, { ...structuredLayout(), ...extra });
  return { root, scan: await scanBundle(root) };
}

test("bundleDirs() finds bundles by their Info.plist, never by name alone", async (t) => {
  const { scan } = await fixture(t);
  assert.deepEqual(
    bundleDirs(scan).sort(),
    [
      "Contents/Frameworks/Helper.framework",
      HELPER,
      "Contents/PlugIns/Quick.bundle",
      `${INTERNAL}/Python.framework`,
    ].sort(),
  );
  assert.deepEqual(lookalikeBundles(scan), [`${INTERNAL}/certifi/cacert.bundle`, `${INTERNAL}/native pkg/libs.bundle`]);
});

test("planSigning() signs a look-alike folder's code file by file and a nested helper app as a bundle after its contents", async (t) => {
  const { scan } = await fixture(t);
  const steps = planSigning(scan, { appName: A, executable: "atlas", identity: ID, entitlements: "app.plist" });
  const signedAt = (p: string) => steps.findIndex((s) => s.kind === "codesign" && s.paths.includes(`${A}/${p}`));
  assert.equal(signedAt(`${INTERNAL}/certifi/cacert.bundle`), -1, "a data folder is never sealed as a bundle");
  assert.equal(signedAt(`${INTERNAL}/native pkg/libs.bundle`), -1);
  assert.ok(signedAt(`${INTERNAL}/native pkg/libs.bundle/lib native.dylib`) > 0, "its library is signed as a file");
  const helperExe = signedAt(`${HELPER}/Contents/MacOS/Atlas Helper`);
  const helperApp = signedAt(HELPER);
  assert.ok(helperExe > 0 && helperApp > helperExe, "the helper's executable before the helper app");
  assert.ok(signedAt("Contents/PlugIns/Quick.bundle") > signedAt("Contents/PlugIns/Quick.bundle/Contents/MacOS/Quick"));
  // A nested app gets the hardened runtime and the app's entitlements, like the app itself.
  const helperStep = steps[helperApp]!;
  assert.ok(helperStep.command.includes("runtime") && helperStep.command.includes("app.plist"));
  assert.ok(signedAt("") === -1 && steps.at(-1)!.paths[0] === A);
});

test("a fat (universal) binary is code like a thin one: signed with the runtime as an executable; a fat main executable plans a universal build", async (t) => {
  const { scan } = await fixture(t);
  const helper = scan.entries.find((e) => e.path === `${INTERNAL}/helper`)!;
  assert.deepEqual(helper.macho, { format: "fat", fileType: "execute", archs: ["x86_64", "arm64"] });
  const steps = planSigning(scan, { appName: A, executable: "atlas", identity: ID });
  const step = steps.find((s) => s.paths.includes(`${A}/${INTERNAL}/helper`))!;
  assert.ok(step.command.includes("runtime"));
  assert.equal(archFromMacho(helper.macho!.archs), "universal");
  assert.equal(archFromMacho(["arm64"]), "aarch64");
});

test("buildPlan() reports code outside Apple's locations and look-alike bundles, and changes nothing for them", async (t) => {
  const { scan } = await fixture(t);
  const opts = finalizeOptions(ID, {
    skipNotarize: true,
    skipDmg: true,
    skipUpload: true,
    releaseTag: undefined,
    updaterKeyPath: "k",
  });
  const plan = buildPlan(
    { appName: A, productName: "Atlas", executable: "atlas", version: "1.4.0", scan, repairs: [] },
    opts,
  );
  assert.equal(plan.notes.length, 3, plan.notes.join("\n"));
  assert.match(
    plan.notes[0]!,
    /^Atlas\.app\/Contents\/Resources\/atlas-server: \d+ Mach-O file\(s\) outside Apple's code locations/,
  );
  assert.match(plan.notes[1]!, /cacert\.bundle: named like a bundle but has no Info\.plist/);
  // The helper app's executable is verified through the helper bundle, not on its own.
  assert.ok(
    !plan.steps.some((s) => s.kind === "verify" && s.paths[0] === `${A}/${HELPER}/Contents/MacOS/Atlas Helper`),
  );
});

test("planRepairs() removes AppleDouble and .DS_Store files before signing; applyRepairs() deletes exactly those", async (t) => {
  const { root, scan } = await fixture(t, {
    "Contents/MacOS/._atlas": { file: appleDouble() },
    [`${INTERNAL}/._libcrypto.3.dylib`]: { file: appleDouble() },
    "Contents/.DS_Store": { file: "Bud1 finder data" },
  });
  const repairs = await planRepairs(root, scan, { executable: "atlas" });
  assert.deepEqual(
    repairs
      .filter((r) => r.op.type === "remove")
      .map((r) => r.path)
      .sort(),
    ["Contents/.DS_Store", "Contents/MacOS/._atlas", `${INTERNAL}/._libcrypto.3.dylib`].sort(),
  );
  const after = applyRepairsToScan(scan, repairs);
  assert.ok(!after.entries.some((e) => e.path.includes("/._") || e.path.endsWith(".DS_Store")));
  // The plan signs none of them (they are gone before the first codesign).
  const steps = planSigning(after, { appName: A, executable: "atlas", identity: ID });
  assert.ok(!steps.some((s) => s.paths.some((p) => p.includes("/._"))));
  await applyRepairs(root, repairs);
  assert.ok(!existsSync(join(root, "Contents/MacOS/._atlas")) && !existsSync(join(root, "Contents/.DS_Store")));
  assert.ok(existsSync(join(root, "Contents/MacOS/atlas")), "the real executable stays");
});

test("planRepairs() refuses a `._` file that is not AppleDouble, naming it, and changes nothing", async (t) => {
  const { root, scan } = await fixture(t, {
    [`${INTERNAL}/._settings`]: { file: "user data that only looks like metadata\n" },
  });
  const before = snapshot(root);
  await assert.rejects(planRepairs(root, scan, { executable: "atlas" }), (e: Error & { code?: string }) => {
    assert.equal(e.code, "macos.appledouble");
    assert.match(
      e.message,
      /^Cannot finalize the bundle: 1 file\(s\) named like AppleDouble metadata are not AppleDouble/,
    );
    assert.ok(e.message.includes(`${INTERNAL}/._settings`));
    return true;
  });
  assert.deepEqual(snapshot(root), before);
});

test("planSigning() splits a batch below macOS's ARG_MAX and keeps the inside-out order", () => {
  // 6000 libraries with long names (~120 bytes each): about 700 KiB of paths in one group.
  const entries: BundleScan["entries"] = [
    { path: "Contents/Info.plist", type: "file" },
    { path: "Contents/MacOS/atlas", type: "file", macho: { format: "thin64", fileType: "execute", archs: ["arm64"] } },
  ];
  for (let i = 0; i < 6000; i++)
    entries.push({
      path: `Contents/Resources/sidecar/_internal/site-packages/package_${String(i).padStart(4, "0")}/a rather long module name for the test.cpython-312-darwin.so`,
      type: "file",
      macho: { format: "thin64", fileType: "bundle", archs: ["arm64"] },
    });
  const steps = planSigning({ entries }, { appName: A, executable: "atlas", identity: ID });
  const libs = steps.filter((s) => s.paths.some((p) => p.endsWith(".so")));
  assert.ok(libs.length >= 3, `split into ${libs.length} calls`);
  for (const s of libs) {
    const bytes = s.command.reduce((n, a) => n + Buffer.byteLength(a) + 1, 0);
    assert.ok(bytes <= MAX_ARGV_BYTES, `${bytes} bytes`);
  }
  const signed = libs.flatMap((s) => s.paths);
  assert.equal(signed.length, 6000);
  assert.deepEqual(signed, [...signed].sort(), "same depth: by name, in order across the split");
});
