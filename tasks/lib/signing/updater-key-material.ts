/**
 * Gathering the Tauri updater material for the doctor: the secret key and its password
 * as `locate.ts` finds them (the same answer the macOS finalizer gets), and the
 * `pubkey` configured in tauri.conf.json.
 */
import { readTauriConf, tauriUpdaterPubkey } from "../core/tauri-conf.ts";
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

export function readUpdaterMaterial(root: string, tauriDir: string, env: NodeJS.ProcessEnv): UpdaterMaterial {
  const conf = readTauriConf(root, tauriDir);
  const key = locateUpdaterKey(env, { cwd: root });
  const m: UpdaterMaterial = { password: key.password, confPath: conf.path, confExists: conf.exists };
  if (key.source) m.keySource = key.source;
  if (key.keyText) m.keyText = key.keyText;
  if (key.missing) m.keyError = key.missing;
  const pubkey = tauriUpdaterPubkey(conf.conf);
  if (pubkey) m.configuredPubkey = pubkey;
  if (conf.error) m.confError = conf.error;
  return m;
}
