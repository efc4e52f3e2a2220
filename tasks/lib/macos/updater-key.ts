/**
 * Where the Tauri updater key and its password come from, decided before any work:
 * `--updater-key-path`, else TAURI_SIGNING_PRIVATE_KEY_PATH, else the key content in
 * TAURI_SIGNING_PRIVATE_KEY (which Tauri's own build also accepts as a path). The
 * password comes from a named variable; set-and-empty is a valid password (a key made
 * with `-p ""`), unset is a refusal — the signer would otherwise prompt or guess.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { ReleaseError } from "../errors.ts";
import { registerSecret } from "../redact.ts";

export interface UpdaterKeyInput {
  keyPath?: string;
  keyContent?: string;
  password: string;
}

export const DEFAULT_PASSWORD_ENV = "TAURI_SIGNING_PRIVATE_KEY_PASSWORD";
export const KEY_ENV = "TAURI_SIGNING_PRIVATE_KEY";
export const KEY_PATH_ENV = "TAURI_SIGNING_PRIVATE_KEY_PATH";

const KEY_FIX = `Set ${KEY_ENV} to the key made by \`tauri signer generate\` (its content), or pass --updater-key-path FILE (or set ${KEY_PATH_ENV}).`;

/** A Tauri key file is base64 of a minisign secret key file ("untrusted comment: ... secret key" + a long key line; a public key line is much shorter). */
export function looksLikeTauriKey(content: string): boolean {
  const trimmed = content.trim();
  if (!/^[A-Za-z0-9+/=\s]+$/.test(trimmed)) return false;
  const decoded = Buffer.from(trimmed, "base64").toString("utf8");
  return /^untrusted comment: .*secret key.*\n[A-Za-z0-9+/=]{100,}\s*$/.test(decoded);
}

function fromPath(path: string, source: string): string {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new ReleaseError("updater.key-missing", `Cannot sign the updater archive: the key file from ${source} does not exist (${path})`, KEY_FIX);
  }
  if (!looksLikeTauriKey(readFileSync(path, "utf8"))) {
    throw new ReleaseError("updater.key-invalid", `Cannot sign the updater archive: ${path} (from ${source}) is not a Tauri signer private key`, "Use the private key file written by `tauri signer generate -w FILE` (not the .pub file).");
  }
  return path;
}

export function resolveUpdaterKey(env: NodeJS.ProcessEnv, flags: { keyPath?: string; passwordEnv?: string }): UpdaterKeyInput {
  const passwordEnv = flags.passwordEnv || DEFAULT_PASSWORD_ENV;
  const password = env[passwordEnv];
  if (password === undefined) {
    throw new ReleaseError(
      "updater.password-missing",
      `Cannot sign the updater archive: ${passwordEnv} is not set`,
      `Set ${passwordEnv} to the key's password; for a key made without one, set it to the empty string (${passwordEnv}="").`,
    );
  }
  registerSecret(password);
  let key: { keyPath?: string; keyContent?: string };
  if (flags.keyPath) key = { keyPath: fromPath(flags.keyPath, "--updater-key-path") };
  else if (env[KEY_PATH_ENV]) key = { keyPath: fromPath(env[KEY_PATH_ENV], KEY_PATH_ENV) };
  else if (env[KEY_ENV]?.trim()) {
    const value = env[KEY_ENV].trim();
    registerSecret(value);
    // Tauri's build accepts a path here too; a real key is never an existing file name.
    if (!value.includes("\n") && !looksLikeTauriKey(value) && existsSync(value)) key = { keyPath: fromPath(value, KEY_ENV) };
    else if (looksLikeTauriKey(value)) key = { keyContent: value };
    else throw new ReleaseError("updater.key-invalid", `Cannot sign the updater archive: ${KEY_ENV} does not hold a Tauri signer private key`, KEY_FIX);
  } else {
    throw new ReleaseError("updater.key-missing", "Cannot sign the updater archive: no updater private key was given", KEY_FIX);
  }
  return { ...key, password };
}
