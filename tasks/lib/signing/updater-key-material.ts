/**
 * Gathering the Tauri updater material for the doctor: the secret key and its password
 * as `locate.ts` finds them (the same answer the macOS finalizer gets), and the
 * `pubkey` configured in tauri.conf.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { locateUpdaterKey } from "./updater-key-locate.ts";

export interface UpdaterMaterial {
  /** where the key came from, for messages */
  keySource?: string;
  keyText?: string;
  /** the key variable is set but unusable (empty, or a path that does not exist) */
  keyError?: string;
  /** undefined = unset; "" = set and empty */
  password: string | undefined;
  /** the tauri.conf.json read, relative to the root */
  confPath: string;
  confExists: boolean;
  /** plugins.updater.pubkey (Tauri 2) or tauri.updater.pubkey (Tauri 1) */
  configuredPubkey?: string;
  confError?: string;
}

function readPubkey(file: string): { pubkey?: string; error?: string } {
  try {
    const conf = JSON.parse(readFileSync(file, "utf8")) as {
      plugins?: { updater?: { pubkey?: unknown } };
      tauri?: { updater?: { pubkey?: unknown } };
    };
    const pubkey = conf.plugins?.updater?.pubkey ?? conf.tauri?.updater?.pubkey;
    return typeof pubkey === "string" && pubkey.trim() ? { pubkey } : {};
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function readUpdaterMaterial(root: string, tauriDir: string, env: NodeJS.ProcessEnv): UpdaterMaterial {
  const confPath = `${tauriDir}/tauri.conf.json`;
  const confFile = join(root, confPath);
  const key = locateUpdaterKey(env, { cwd: root });
  const m: UpdaterMaterial = { password: key.password, confPath, confExists: existsSync(confFile) };
  if (key.source) m.keySource = key.source;
  if (key.keyText) m.keyText = key.keyText;
  if (key.missing) m.keyError = key.missing;
  if (m.confExists) {
    const { pubkey, error } = readPubkey(confFile);
    if (pubkey) m.configuredPubkey = pubkey;
    if (error) m.confError = error;
  }
  return m;
}
