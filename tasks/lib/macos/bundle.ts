/**
 * Find the bundle that `--app` names. Accepted: the `X.app` folder; a folder holding
 * exactly one `.app` at any depth; an artifact folder whose root is the bundle's
 * contents (`Contents/Info.plist` at its root: CI downloads often drop the `X.app`
 * level, and `X.app` is rebuilt around it); a `.tar`/`.tar.gz` of either. Anything
 * else, or two candidates, fails with the list of what was found.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, stat } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { extract } from "tar";
import { ReleaseError } from "../core/errors.ts";
import { readBundleInfo, type BundleInfo } from "./plist.ts";

export type BundleShape = "app" | "folder" | "artifact" | "tar";

export interface ResolvedBundle {
  shape: BundleShape;
  /** where the `X.app` directory is, or will be once an artifact folder is rebuilt */
  appPath: string;
  /** the directory that holds `Contents/` right now */
  root: string;
  /** "X.app" */
  appName: string;
  info: BundleInfo;
  /** an artifact folder: `X.app` must be built around its `Contents/` */
  needsRebuild: boolean;
}

const isTar = (p: string) => /\.(tar|tar\.gz|tgz)$/i.test(p);
const hasInfo = (dir: string) => existsSync(join(dir, "Contents", "Info.plist"));

/** Every `.app` under `dir` (not descending into one), never following symlinks. */
async function findApps(dir: string, found: string[] = []): Promise<string[]> {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const path = join(dir, d.name);
    if (d.name.endsWith(".app")) found.push(path);
    else await findApps(path, found);
  }
  return found;
}

async function listing(dir: string): Promise<string> {
  const names = (await readdir(dir, { withFileTypes: true })).map((d) => d.name + (d.isDirectory() ? "/" : "")).sort();
  return names.length
    ? names.slice(0, 20).join(", ") + (names.length > 20 ? `, ... (${names.length} entries)` : "")
    : "(empty)";
}

async function resolveFolder(dir: string, shape: BundleShape): Promise<ResolvedBundle> {
  if (dir.endsWith(".app") && hasInfo(dir)) {
    const info = await readBundleInfo(join(dir, "Contents", "Info.plist"));
    return { shape, appPath: dir, root: dir, appName: basename(dir), info, needsRebuild: false };
  }
  if (hasInfo(dir)) {
    const info = await readBundleInfo(join(dir, "Contents", "Info.plist"));
    const appName = `${info.name}.app`;
    return {
      shape: shape === "tar" ? "tar" : "artifact",
      appPath: join(dir, appName),
      root: dir,
      appName,
      info,
      needsRebuild: true,
    };
  }
  const apps = (await findApps(dir)).filter(hasInfo);
  if (apps.length === 1) {
    const app = apps[0]!;
    const info = await readBundleInfo(join(app, "Contents", "Info.plist"));
    return {
      shape: shape === "tar" ? "tar" : "folder",
      appPath: app,
      root: app,
      appName: basename(app),
      info,
      needsRebuild: false,
    };
  }
  if (apps.length > 1) {
    throw new ReleaseError(
      "macos.bundle-ambiguous",
      `Cannot choose the app in ${dir}: it holds ${apps.length} bundles: ${apps.map((a) => relative(dir, a)).join(", ")}`,
      "Pass the one to finalize with --app PATH/TO/X.app.",
    );
  }
  throw new ReleaseError(
    "macos.bundle-not-found",
    `Cannot find an app bundle in ${dir}: no X.app with Contents/Info.plist and no Contents/Info.plist at its root; found ${await listing(dir)}`,
    "Pass --app with the .app, a folder holding one, the artifact folder of the bundle, or a .tar/.tar.gz of it.",
  );
}

/**
 * Resolve `--app`. A tarball is extracted into `workDir` (symlinks and modes kept);
 * nothing else is written.
 */
export async function resolveBundle(input: string, opts: { workDir?: string } = {}): Promise<ResolvedBundle> {
  const st = await stat(input).catch(() => undefined);
  if (!st)
    throw new ReleaseError(
      "macos.bundle-not-found",
      `Cannot read --app ${input}: it does not exist`,
      "Pass the path of the downloaded app artifact.",
    );
  if (st.isDirectory()) return resolveFolder(input, "app");
  if (st.isFile() && isTar(input)) {
    if (!opts.workDir) throw new Error("bug: resolveBundle needs a workDir to extract a tarball");
    await mkdir(opts.workDir, { recursive: true });
    try {
      await extract({ file: input, cwd: opts.workDir, preserveOwner: false, strict: true });
    } catch (e) {
      throw new ReleaseError(
        "macos.bundle-not-found",
        `Cannot extract ${input}: ${(e as Error).message}`,
        "Download the artifact again; the archive is damaged.",
      );
    }
    return resolveFolder(opts.workDir, "tar");
  }
  throw new ReleaseError(
    "macos.bundle-not-found",
    `Cannot use --app ${input}: it is a file, not a .app folder or a .tar/.tar.gz`,
    "Pass the .app, a folder holding one, the artifact folder of the bundle, or a .tar/.tar.gz of it.",
  );
}

/** Build `X.app` around an artifact folder's `Contents/` (the one layout change outside repair). */
export async function rebuildApp(bundle: ResolvedBundle): Promise<ResolvedBundle> {
  if (!bundle.needsRebuild) return bundle;
  if (existsSync(bundle.appPath)) {
    throw new ReleaseError(
      "macos.bundle-ambiguous",
      `Cannot rebuild ${bundle.appName}: ${bundle.appPath} already exists next to Contents/`,
      "Remove one of the two and run again.",
    );
  }
  await mkdir(bundle.appPath);
  await rename(join(bundle.root, "Contents"), join(bundle.appPath, "Contents"));
  return { ...bundle, root: bundle.appPath, needsRebuild: false };
}

/** The directory that command paths are relative to. */
export const bundleParent = (bundle: ResolvedBundle) => dirname(bundle.appPath);
