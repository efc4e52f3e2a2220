/**
 * The one answer to "where does the Tauri updater key come from, and what is its
 * password": used by the doctor's `updater.*` checks, the finalizer's `macos.updater-key`
 * precondition and the finalizer's signer alike, so they can never disagree.
 *
 * Key: `--updater-key-path` (flag), else TAURI_SIGNING_PRIVATE_KEY_PATH, else
 * TAURI_SIGNING_PRIVATE_KEY — the key's content, or a path to it (Tauri's build accepts
 * both). A variable set to the empty string gives no key (a CI secret that is missing
 * expands to ""), and is named when no key is found. Relative paths are from `cwd`.
 * Password: the named variable (TAURI_SIGNING_PRIVATE_KEY_PASSWORD by default);
 * set-and-empty is a valid password (a key made with `-p ""`), unset is `undefined`.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { registerSecret } from "../core/redact.ts";
import { decryptSecretKey, parseSecretKey, type DecryptResult } from "./minisign.ts";

export const KEY_ENV = "TAURI_SIGNING_PRIVATE_KEY";
export const KEY_PATH_ENV = "TAURI_SIGNING_PRIVATE_KEY_PATH";
export const DEFAULT_PASSWORD_ENV = "TAURI_SIGNING_PRIVATE_KEY_PASSWORD";

export interface KeyLocation {
  /** where the key came from, for messages: "--updater-key-path (FILE)", "TAURI_SIGNING_PRIVATE_KEY", ... */
  source?: string;
  /** the key file, absolute (when the key came from a path) */
  keyPath?: string;
  /** the key's text (read from the file, or the variable's content) */
  keyText?: string;
  /** a key was named but is unusable: a missing file, or only set-but-empty variables */
  missing?: string;
  /** the text is not a minisign secret key (the parser's reason) */
  invalid?: string;
  passwordEnv: string;
  /** undefined = unset; "" = set and empty */
  password: string | undefined;
}

export interface LocateOptions {
  keyPath?: string;
  passwordEnv?: string;
  cwd?: string;
}

function isKeyText(text: string): boolean {
  try {
    parseSecretKey(text);
    return true;
  } catch {
    return false;
  }
}

const isFile = (file: string) => existsSync(file) && statSync(file).isFile();

export function locateUpdaterKey(env: NodeJS.ProcessEnv, opts: LocateOptions = {}): KeyLocation {
  const cwd = opts.cwd ?? process.cwd();
  const passwordEnv = opts.passwordEnv || DEFAULT_PASSWORD_ENV;
  const loc: KeyLocation = { passwordEnv, password: env[passwordEnv] };
  registerSecret(loc.password);
  const abs = (p: string) => (isAbsolute(p) ? p : join(cwd, p));
  const fromFile = (p: string, source: string) => {
    const file = abs(p);
    if (!isFile(file)) loc.missing = `${source} names ${p}, which does not exist`;
    else Object.assign(loc, { source: `${source} (${p})`, keyPath: file, keyText: readFileSync(file, "utf8") });
  };
  const pathVar = env[KEY_PATH_ENV]?.trim();
  const content = env[KEY_ENV]?.trim();
  if (opts.keyPath) fromFile(opts.keyPath, "--updater-key-path");
  else if (pathVar) fromFile(pathVar, KEY_PATH_ENV);
  else if (content) {
    // A real key is never the name of a file; anything else that names one is a path.
    if (!isKeyText(content) && !/\s/.test(content) && isFile(abs(content))) fromFile(content, KEY_ENV);
    else Object.assign(loc, { source: KEY_ENV, keyText: content });
  } else {
    const empty = [KEY_PATH_ENV, KEY_ENV].filter((n) => env[n] !== undefined);
    if (empty.length) loc.missing = `${empty.join(" and ")} ${empty.length > 1 ? "are" : "is"} set but empty`;
  }
  registerSecret(loc.keyText);
  if (loc.keyText) {
    try {
      parseSecretKey(loc.keyText);
    } catch (e) {
      loc.invalid = (e as Error).message;
    }
  }
  return loc;
}

/** Decrypt the key with the password in code (no signer, nothing written): does it open? */
export async function openUpdaterKey(keyText: string, password: string): Promise<DecryptResult> {
  return decryptSecretKey(parseSecretKey(keyText), password);
}
