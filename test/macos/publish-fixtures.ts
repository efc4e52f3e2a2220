/** Small fixtures for the publishing tests: a tiny .app, Tauri signer keys, minisign checks. */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const TAURI = join(ROOT, "node_modules/.bin/tauri");

export function tempDir(t: { after(fn: () => void): void }, prefix = "macos-pub-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Atlas.app with an executable, a plain file, a relative symlink and a framework-style link. */
export function makeApp(parent: string, name = "Atlas"): string {
  const app = join(parent, `${name}.app`);
  const contents = join(app, "Contents");
  mkdirSync(join(contents, "MacOS"), { recursive: true });
  mkdirSync(join(contents, "Frameworks/Python.framework/Versions/3.12"), { recursive: true });
  writeFileSync(
    join(contents, "Info.plist"),
    "<plist><dict><key>CFBundleName</key><string>Atlas</string></dict></plist>\n",
  );
  writeFileSync(join(contents, "MacOS", name.toLowerCase()), "#!/bin/sh\necho atlas\n");
  chmodSync(join(contents, "MacOS", name.toLowerCase()), 0o755);
  writeFileSync(
    join(contents, "Frameworks/Python.framework/Versions/3.12/Python"),
    Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]),
  );
  chmodSync(join(contents, "Frameworks/Python.framework/Versions/3.12/Python"), 0o755);
  symlinkSync("3.12", join(contents, "Frameworks/Python.framework/Versions/Current"));
  symlinkSync("Versions/Current/Python", join(contents, "Frameworks/Python.framework/Python"));
  return app;
}

export const hasTauri = () => existsSync(TAURI);
export const hasMinisign = () => spawnSync("minisign", ["-v"]).status === 0;

/** A real Tauri signer key pair: { key, pub } paths (base64-wrapped minisign files). */
export function generateKey(dir: string, password: string, name = "updater"): { key: string; pub: string } {
  const key = join(dir, `${name}.key`);
  execFileSync(TAURI, ["signer", "generate", "-w", key, "-p", password, "--ci"], {
    stdio: "pipe",
    env: { ...process.env, TAURI_SIGNING_PRIVATE_KEY: undefined },
  });
  return { key, pub: `${key}.pub` };
}

/** Verify a Tauri signature with minisign itself: decode the base64 wrappers first. */
export function minisignVerify(
  dir: string,
  file: string,
  signatureB64: string,
  pubPath: string,
): { ok: boolean; output: string } {
  const pub = join(dir, "verify.pub");
  const sig = join(dir, "verify.minisig");
  writeFileSync(pub, Buffer.from(readFileSync(pubPath, "utf8").trim(), "base64"));
  writeFileSync(sig, Buffer.from(signatureB64, "base64"));
  const r = spawnSync("minisign", ["-V", "-p", pub, "-m", file, "-x", sig], { encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
