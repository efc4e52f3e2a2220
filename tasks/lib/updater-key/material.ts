/**
 * Gathering the Tauri updater material: the secret key (content in
 * TAURI_SIGNING_PRIVATE_KEY, which the Tauri CLI also accepts as a path, or a file in
 * TAURI_SIGNING_PRIVATE_KEY_PATH), its password (unset vs set-and-empty), and the
 * `pubkey` configured in tauri.conf.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { registerSecret } from "../redact.ts";

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
    const conf = JSON.parse(readFileSync(file, "utf8")) as { plugins?: { updater?: { pubkey?: unknown } }; tauri?: { updater?: { pubkey?: unknown } } };
    const pubkey = conf.plugins?.updater?.pubkey ?? conf.tauri?.updater?.pubkey;
    return typeof pubkey === "string" && pubkey.trim() ? { pubkey } : {};
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function readUpdaterMaterial(root: string, tauriDir: string, env: NodeJS.ProcessEnv): UpdaterMaterial {
  const confPath = `${tauriDir}/tauri.conf.json`;
  const confFile = join(root, confPath);
  const m: UpdaterMaterial = { password: env.TAURI_SIGNING_PRIVATE_KEY_PASSWORD, confPath, confExists: existsSync(confFile) };
  registerSecret(m.password);
  if (m.confExists) {
    const { pubkey, error } = readPubkey(confFile);
    if (pubkey) m.configuredPubkey = pubkey;
    if (error) m.confError = error;
  }
  const content = env.TAURI_SIGNING_PRIVATE_KEY;
  const path = env.TAURI_SIGNING_PRIVATE_KEY_PATH;
  const fromFile = (p: string, source: string) => {
    const file = isAbsolute(p) ? p : join(root, p);
    if (!existsSync(file)) m.keyError = `${source} names ${p}, which does not exist`;
    else {
      m.keySource = `${source} (${p})`;
      m.keyText = readFileSync(file, "utf8");
    }
  };
  if (content !== undefined) {
    if (!content.trim()) m.keyError = "TAURI_SIGNING_PRIVATE_KEY is set but empty";
    else if (content.trim().length < 200 && !/\s/.test(content.trim()) && existsSync(isAbsolute(content.trim()) ? content.trim() : join(root, content.trim())))
      fromFile(content.trim(), "TAURI_SIGNING_PRIVATE_KEY");
    else {
      m.keySource = "TAURI_SIGNING_PRIVATE_KEY";
      m.keyText = content;
    }
  } else if (path !== undefined) {
    if (!path.trim()) m.keyError = "TAURI_SIGNING_PRIVATE_KEY_PATH is set but empty";
    else fromFile(path.trim(), "TAURI_SIGNING_PRIVATE_KEY_PATH");
  }
  registerSecret(m.keyText);
  return m;
}
