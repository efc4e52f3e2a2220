/**
 * Real updater artifacts for the tests: small files under Tauri's artifact names,
 * each signed by the real Tauri signer (`tauri signer sign`), so signatures, trusted
 * comments and key ids are exactly what a build leg uploads.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TAURI } from "../helpers/signing.ts";

export { generateKey, hasMinisign, hasTauri, minisignVerify } from "../helpers/signing.ts";

/** Write `name` with some bytes and sign it; returns the .sig content (base64, as uploaded). */
export function signedArtifact(dir: string, name: string, key: string, password: string): string {
  const file = join(dir, name);
  writeFileSync(file, `artifact ${name}\n${"x".repeat(256)}\n`);
  execFileSync(TAURI, ["signer", "sign", "-f", key, "-p", password, file], {
    stdio: "pipe",
    env: { ...process.env, TAURI_SIGNING_PRIVATE_KEY: undefined, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: undefined },
  });
  return readFileSync(`${file}.sig`, "utf8").trim();
}

/**
 * Tauri 2 artifact names, as its bundler writes them (observed in tauri-action's
 * fixtures and real releases): macOS `<App>_<arch>.app.tar.gz` (plus a DMG, never an
 * updater artifact), Linux `<App>_<v>_amd64.AppImage`, `.deb`, `<App>-<v>-1.x86_64.rpm`,
 * Windows `<App>_<v>_x64_en-US.msi` and `<App>_<v>_x64-setup.exe`.
 */
export const ARTIFACTS = {
  macArm: "Atlas_aarch64.app.tar.gz",
  macIntel: "Atlas_x86_64.app.tar.gz",
  appImage: "Atlas_1.4.0_amd64.AppImage",
  deb: "Atlas_1.4.0_amd64.deb",
  rpm: "Atlas-1.4.0-1.x86_64.rpm",
  msi: "Atlas_1.4.0_x64_en-US.msi",
  nsis: "Atlas_1.4.0_x64-setup.exe",
  dmg: "Atlas_1.4.0_aarch64.dmg",
} as const;

/** A project folder whose tauri.conf.json configures the updater's pubkey. */
export function project(dir: string, pubFile: string): string {
  const root = join(dir, "project");
  mkdirSync(join(root, "src-tauri"), { recursive: true });
  const conf = {
    productName: "Atlas",
    version: "1.4.0",
    plugins: { updater: { pubkey: readFileSync(pubFile, "utf8").trim() } },
  };
  writeFileSync(join(root, "src-tauri", "tauri.conf.json"), JSON.stringify(conf, null, 2));
  return root;
}
