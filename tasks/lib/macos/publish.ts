/**
 * The seam to the publishing half of the finalizer (updater archive and signature,
 * `latest.json`, uploads, rollback), which lives in `updater.ts`, `latest-json.ts` and
 * `assets.ts` beside this file. They are loaded when first needed so that planning,
 * repair and signing work on their own; a missing module is a clear refusal.
 */
import type { GitHub } from "../github/client.ts";
import { ReleaseError } from "../errors.ts";

export interface UpdaterKeyInput {
  keyPath?: string;
  keyContent?: string;
  password: string;
}

export interface LatestEntry {
  version: string;
  notes: string;
  pubDate: string;
  arch: "aarch64" | "x86_64";
  signature: string;
  url: string;
  appUrl?: string;
}

export interface UpdaterModule {
  resolveUpdaterKey(env: NodeJS.ProcessEnv, flags: { keyPath?: string; passwordEnv?: string }): UpdaterKeyInput;
  updaterArchiveName(appName: string, arch: string): string;
  createUpdaterArchive(appPath: string, outFile: string): Promise<void>;
  signUpdaterArchive(opts: { file: string; key: UpdaterKeyInput; version: string; cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ sigPath: string; signature: string }>;
  signerCommand(opts: { file: string; keyPath: string; version: string }): string[];
}

export interface LatestJsonModule {
  mergeLatestJson(existing: unknown | undefined, entry: LatestEntry): unknown;
  validateLatestJson(doc: unknown): unknown;
}

export interface AssetsModule {
  uploadReleaseAssets(gh: GitHub, opts: { repo: string; tag: string; files: string[] }): Promise<{ name: string; replaced: boolean; url: string }[]>;
  downloadReleaseAsset(gh: GitHub, opts: { repo: string; tag: string; name: string }): Promise<Buffer | undefined>;
  rollbackUpdater(gh: GitHub, opts: { repo: string; version: string; tagPrefix: string }): Promise<void>;
}

async function load<T>(file: string): Promise<T | undefined> {
  try {
    return (await import(new URL(file, import.meta.url).href)) as T;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || /Cannot find module|Module not found/.test(String((e as Error).message))) return undefined;
    throw e;
  }
}

async function required<T>(file: string): Promise<T> {
  const mod = await load<T>(file);
  if (!mod) {
    throw new ReleaseError("macos.publish-missing", `Cannot publish: tasks/lib/macos/${file.slice(2)} is not part of this checkout`, "Merge the updater/latest.json/upload work, or run with --skip-upload --skip-dmg for signing only.");
  }
  return mod;
}

export const loadUpdater = () => required<UpdaterModule>("./updater.ts");
export const loadLatestJson = () => required<LatestJsonModule>("./latest-json.ts");
export const loadAssets = () => required<AssetsModule>("./assets.ts");

/** The two pure helpers the plan needs; the same shapes as updater.ts when it is absent. */
export async function planHelpers(): Promise<Pick<UpdaterModule, "updaterArchiveName" | "signerCommand">> {
  const mod = await load<UpdaterModule>("./updater.ts");
  if (mod) return mod;
  return {
    updaterArchiveName: (app, arch) => `${app}_${arch}.app.tar.gz`,
    signerCommand: ({ file, keyPath, version }) => ["tauri", "signer", "sign", "-f", keyPath, "--app-version", version, file],
  };
}
