/**
 * The finalizer's updater key, as the signer needs it: where it comes from and what
 * its password is are decided by `../updater-key/locate.ts` (the doctor's checks use
 * the same), here turned into a refusal before any work when something is missing.
 */
import { ReleaseError } from "../core/errors.ts";
import { KEY_ENV, KEY_PATH_ENV, locateUpdaterKey, type KeyLocation } from "./updater-key-locate.ts";

export { DEFAULT_PASSWORD_ENV, KEY_ENV, KEY_PATH_ENV } from "./updater-key-locate.ts";

export interface UpdaterKeyInput {
  keyPath?: string;
  keyContent?: string;
  password: string;
}

const KEY_FIX = `Set ${KEY_ENV} to the key made by \`tauri signer generate\` (its content), or pass --updater-key-path FILE (or set ${KEY_PATH_ENV}).`;

/** The located key as the signer's input, or the refusal that explains what is wrong. */
export function updaterKeyInput(loc: KeyLocation): UpdaterKeyInput {
  if (loc.password === undefined) {
    throw new ReleaseError(
      "updater.password-missing",
      `Cannot sign the updater archive: ${loc.passwordEnv} is not set`,
      `Set ${loc.passwordEnv} to the key's password; for a key made without one, set it to the empty string (${loc.passwordEnv}="").`,
    );
  }
  if (loc.missing)
    throw new ReleaseError("updater.key-missing", `Cannot sign the updater archive: ${loc.missing}`, KEY_FIX);
  if (!loc.keyText)
    throw new ReleaseError(
      "updater.key-missing",
      "Cannot sign the updater archive: no updater private key was given",
      KEY_FIX,
    );
  if (loc.invalid) {
    throw new ReleaseError(
      "updater.key-invalid",
      `Cannot sign the updater archive: the key from ${loc.source} is not a Tauri signer private key (${loc.invalid})`,
      "Use the private key written by `tauri signer generate -w FILE` (not the .pub file), as a file or as its content.",
    );
  }
  return loc.keyPath
    ? { keyPath: loc.keyPath, password: loc.password }
    : { keyContent: loc.keyText.trim(), password: loc.password };
}

export function resolveUpdaterKey(
  env: NodeJS.ProcessEnv,
  flags: { keyPath?: string; passwordEnv?: string },
  cwd?: string,
): UpdaterKeyInput {
  return updaterKeyInput(locateUpdaterKey(env, { ...flags, ...(cwd ? { cwd } : {}) }));
}
