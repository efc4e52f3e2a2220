/**
 * Tauri's updater vocabulary. The facts: tauri-plugin-updater names the OS darwin,
 * linux or windows and the arch x86_64, aarch64, i686, armv7 (riscv64 since 2.x), and
 * since 2.10 looks up `{os}-{arch}-{installer}` first, then `{os}-{arch}` (seen in the
 * plugin's updater.rs and quoted in downstream fixes, e.g. jonassaa/platypusgit#105,
 * esphome/esphome-desktop#450); tauri-action writes the installer keys since #1129.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyArtifact, parsePlatformKey, resolvePlatform } from "../../tasks/lib/updater/platforms.ts";
import { ARTIFACTS } from "./fixtures.ts";

test("classifyArtifact() reads OS, arch and installer from Tauri's artifact names; a DMG is not an updater artifact", () => {
  const table: [string, string | undefined][] = [
    [ARTIFACTS.macArm, "darwin aarch64 app"],
    [ARTIFACTS.macIntel, "darwin x86_64 app"],
    ["Atlas_universal.app.tar.gz", "darwin universal app"],
    [ARTIFACTS.appImage, "linux x86_64 appimage"],
    ["Atlas_1.4.0_amd64.AppImage.tar.gz", "linux x86_64 appimage"],
    ["Atlas_1.4.0_aarch64.AppImage", "linux aarch64 appimage"],
    [ARTIFACTS.deb, "linux x86_64 deb"],
    ["Atlas_1.4.0_armhf.deb", "linux armv7 deb"],
    [ARTIFACTS.rpm, "linux x86_64 rpm"],
    [ARTIFACTS.msi, "windows x86_64 msi"],
    ["Atlas_1.4.0_x64_en-US.msi.zip", "windows x86_64 msi"],
    [ARTIFACTS.nsis, "windows x86_64 nsis"],
    ["Atlas_1.4.0_arm64-setup.exe", "windows aarch64 nsis"],
    ["Atlas_1.4.0_x86-setup.exe", "windows i686 nsis"],
    [ARTIFACTS.dmg, undefined],
    ["Atlas_1.4.0_x64.dmg", undefined],
    ["atlas-cli-x86_64-unknown-linux-gnu.tar.gz", undefined],
    ["Atlas.app.tar.gz", undefined],
  ];
  for (const [name, expected] of table) {
    const a = classifyArtifact(name);
    assert.equal(a ? `${a.os} ${a.arch} ${a.installer}` : undefined, expected, name);
  }
});

test("parsePlatformKey() accepts only the updater's spelling", () => {
  assert.deepEqual(parsePlatformKey("darwin-aarch64-app"), { os: "darwin", arch: "aarch64", installer: "app" });
  assert.deepEqual(parsePlatformKey("linux-x86_64"), { os: "linux", arch: "x86_64" });
  for (const bad of ["darwin-x64", "macos-aarch64", "darwin-arm64", "windows-x86_64-app", "linux-x86_64-msi", "darwin"])
    assert.equal(parsePlatformKey(bad), undefined, bad);
});

test("resolvePlatform(): the installer key first, then the plain key, else nothing", () => {
  const platforms = { "linux-x86_64": 1, "linux-x86_64-deb": 2, "darwin-aarch64": 3 };
  assert.equal(resolvePlatform(platforms, { os: "linux", arch: "x86_64", installer: "deb" }), "linux-x86_64-deb");
  assert.equal(resolvePlatform(platforms, { os: "linux", arch: "x86_64", installer: "rpm" }), "linux-x86_64");
  assert.equal(resolvePlatform(platforms, { os: "darwin", arch: "aarch64", installer: "app" }), "darwin-aarch64");
  assert.equal(resolvePlatform(platforms, { os: "darwin", arch: "x86_64", installer: "app" }), undefined);
  assert.equal(
    resolvePlatform(platforms, { os: "linux", arch: "x86_64" }),
    "linux-x86_64",
    "an old plugin reads the plain key",
  );
});
