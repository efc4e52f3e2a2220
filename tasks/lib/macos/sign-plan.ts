/**
 * The signing plan, inside-out, as pure data. Nested Mach-O files first, deepest
 * first (Tauri's bundler never looks in `Contents/Resources`, where the PyInstaller
 * sidecar's `_internal/` lives); then bundles (frameworks, nested apps) after their
 * contents, deepest first, `Python.framework` with `--bundle-version <active>` and its
 * main binary left to the bundle signature; then the app's main executable; then the
 * `.app`. Files with identical options share one `codesign` call.
 */
import { posix } from "node:path";
import { depth, type BundleScan, type ScanEntry } from "./scan.ts";
import type { PlanStep } from "./steps.ts";

export interface SigningOptions {
  /** "X.app" */
  appName: string;
  /** CFBundleExecutable */
  executable: string;
  /** identity name or hash; "-" for ad-hoc */
  identity: string;
  keychain?: string;
  /** entitlements plist for executables (path as given) */
  entitlements?: string;
}

const BUNDLE_SUFFIXES = [".framework", ".app", ".bundle", ".xpc", ".appex"];
const isBundleDir = (e: ScanEntry) => e.type === "dir" && BUNDLE_SUFFIXES.some((s) => e.path.endsWith(s));
/** Longest first, then by name: inside-out and stable. */
const deepestFirst = (a: string, b: string) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0);

export function baseArgs(o: SigningOptions): string[] {
  const args = ["codesign", "--force", "--sign", o.identity];
  if (o.keychain) args.push("--keychain", o.keychain);
  if (o.identity !== "-") args.push("--timestamp");
  return args;
}

function runtimeArgs(o: SigningOptions): string[] {
  return ["--options", "runtime", ...(o.entitlements ? ["--entitlements", o.entitlements] : [])];
}

/** The active version of a framework, from its `Versions/Current` symlink. */
export function activeVersion(scan: BundleScan, framework: string): string | undefined {
  return scan.entries.find((e) => e.path === `${framework}/Versions/Current` && e.type === "symlink")?.target;
}

/** A framework's own main binary (`X.framework/Versions/<v>/X` or `X.framework/X`): signed with the bundle. */
function isFrameworkMainBinary(path: string): boolean {
  const parts = path.split("/");
  for (let i = parts.length - 2; i >= 0; i--) {
    const p = parts[i]!;
    if (!p.endsWith(".framework")) continue;
    const name = p.slice(0, -".framework".length);
    const rest = parts.slice(i + 1);
    return (rest.length === 3 && rest[0] === "Versions" && rest[2] === name) || (rest.length === 1 && rest[0] === name);
  }
  return false;
}

interface Item {
  path: string;
  extra: string[];
}

/** Batch items that share options, keeping the first item's position (items are already ordered). */
function batch(items: Item[], o: SigningOptions, prefix: string): PlanStep[] {
  const groups = new Map<string, Item[]>();
  for (const it of items) {
    const key = it.extra.join("\0");
    groups.set(key, [...(groups.get(key) ?? []), it]);
  }
  return [...groups.values()].map((g) => {
    const paths = g.map((it) => `${prefix}/${it.path}`);
    return { kind: "codesign" as const, command: [...baseArgs(o), ...g[0]!.extra, ...paths], paths };
  });
}

export function planSigning(scan: BundleScan, o: SigningOptions): PlanStep[] {
  const main = `Contents/MacOS/${o.executable}`;
  const files: Item[] = scan.entries
    .filter((e) => e.type === "file" && e.macho && e.path !== main && !isFrameworkMainBinary(e.path))
    .map((e) => ({ path: e.path, extra: e.macho?.fileType === "execute" ? runtimeArgs(o) : [] }))
    .sort((a, b) => deepestFirst(a.path, b.path));

  const steps: PlanStep[] = [{ kind: "codesign", command: ["xattr", "-cr", o.appName], paths: [o.appName] }];
  steps.push(...batch(files, o, o.appName));

  // Bundles: a nested bundle must be signed before the bundle that contains it, so
  // they are grouped per depth (deepest first) and batched only within a depth.
  const bundles = scan.entries
    .filter(isBundleDir)
    .map((e) => e.path)
    .sort(deepestFirst);
  const byDepth = new Map<number, Item[]>();
  for (const path of bundles) {
    const version = posix.basename(path) === "Python.framework" ? activeVersion(scan, path) : undefined;
    const extra = path.endsWith(".app") ? runtimeArgs(o) : version ? ["--bundle-version", version] : [];
    byDepth.set(depth(path), [...(byDepth.get(depth(path)) ?? []), { path, extra }]);
  }
  for (const items of byDepth.values()) steps.push(...batch(items, o, o.appName));

  steps.push(...batch([{ path: main, extra: runtimeArgs(o) }], o, o.appName));
  steps.push({ kind: "codesign", command: [...baseArgs(o), ...runtimeArgs(o), o.appName], paths: [o.appName] });
  return steps;
}
