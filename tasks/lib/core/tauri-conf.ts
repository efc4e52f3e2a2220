/**
 * A Tauri app's `tauri.conf.json`, read in one place: where it is, its text parsed (plain
 * JSON; a JSON5 file under that name reads as unparsable), and what the toolkit takes
 * from it — the display name, where the version is, the updater's public key. In core
 * because the zero-config name (config/load), the version sources, the doctor's updater
 * and publish checks, the workflow generator's sidecar check, the updater manifest and
 * adoption all read it. Only `readTauriConf` touches the disk.
 */
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { parseJsonObject, rec, type Rec } from "./records.ts";

export const TAURI_CONF = "tauri.conf.json";

/** A tauri.conf.json's text as an object; undefined when absent or not plain JSON. */
export const parseTauriConf = (text: string | undefined): Rec | undefined => parseJsonObject(text);

export interface TauriConfFile {
  /** `<dir>/tauri.conf.json`, relative to the repository root */
  path: string;
  exists: boolean;
  conf?: Rec;
  /** why it could not be read or parsed (JSON.parse's message) */
  error?: string;
}

/** The tauri.conf.json in `dir` (relative to `root`): read and parsed, or why not. */
export function readTauriConf(root: string, dir: string): TauriConfFile {
  const path = `${dir}/${TAURI_CONF}`;
  let text: string;
  try {
    text = readFileSync(join(root, path), "utf8");
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    return missing ? { path, exists: false } : { path, exists: true, error: (e as Error).message };
  }
  try {
    return { path, exists: true, conf: rec(JSON.parse(text)) };
  } catch (e) {
    return { path, exists: true, error: (e as Error).message };
  }
}

/** The updater's public key: v2's `plugins.updater.pubkey`, else v1's `tauri.updater.pubkey`; undefined when unset or blank. */
export function tauriUpdaterPubkey(conf: unknown): string | undefined {
  const c = rec(conf);
  const pubkey = rec(rec(c.plugins).updater).pubkey ?? rec(rec(c.tauri).updater).pubkey;
  return typeof pubkey === "string" && pubkey.trim() ? pubkey : undefined;
}

/** `productName` of a parsed tauri.conf.json; undefined when absent, empty or not a string. */
export function tauriProductName(conf: unknown): string | undefined {
  const c = rec(conf);
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v : undefined);
  return str(c.productName) ?? str(rec(c.package).productName);
}

/** Folders whose Tauri projects serve tests, fixtures and examples: never the app to release unless a release builds them. */
const NOT_THE_APP = /(^|\/)(tests?|__tests__|testing|testdata|e2e|fixtures?|examples?|samples?|demos?)\//i;

/** Whether `built` (a folder a release workflow builds from, or its `--config` file) is the app of `conf`. */
function builds(built: string, conf: string): boolean {
  const dir = posix.dirname(conf);
  return built === conf || built === dir || posix.join(built, "src-tauri") === dir;
}

/**
 * The app's tauri.conf.json among the repository's paths: the one a release workflow builds
 * (`built`: the folders or config files tauri-builds.ts reads from the release workflows),
 * else the nearest to the root outside test, fixture and example folders, `src-tauri/` first.
 */
export function appConfPath(
  paths: readonly string[],
  own: (p: string) => boolean = () => true,
  built: readonly string[] = [],
): string | undefined {
  const confs = paths.filter((p) => /(^|\/)tauri\.conf\.json$/.test(p) && own(p) && !/(^|\/)node_modules\//.test(p));
  const released = confs.find((p) => built.some((b) => builds(b, p)));
  if (released) return released;
  return confs
    .filter((p) => !NOT_THE_APP.test(p))
    .sort((a, b) =>
      a === "src-tauri/tauri.conf.json"
        ? -1
        : b === "src-tauri/tauri.conf.json"
          ? 1
          : a.split("/").length - b.split("/").length || a.localeCompare(b),
    )[0];
}

/**
 * Where a parsed tauri.conf.json says the app's version is (v2's top-level `version`,
 * v1's `package.version`): a version string, a path to a package.json holding it, or
 * nothing (Tauri then uses Cargo.toml's, per its config schema).
 */
export function tauriVersionField(conf: unknown): {
  at: "version" | "package.version";
  value: string | undefined;
  v1: boolean;
} {
  const c = rec(conf);
  const v1 = "package" in c || "tauri" in c;
  const raw = v1 ? rec(c.package).version : c.version;
  return { at: v1 ? "package.version" : "version", value: typeof raw === "string" && raw ? raw : undefined, v1 };
}
