/**
 * The signing plan, inside-out, as pure data. Nested Mach-O files first, deepest
 * first (Tauri's bundler never looks in `Contents/Resources`, where the PyInstaller
 * sidecar's `_internal/` lives); then bundles (frameworks, nested apps) after their
 * contents, deepest first, `Python.framework` with `--bundle-version <active>` and its
 * main binary left to the bundle signature; then the app's main executable; then the
 * `.app`. Files with identical options share one `codesign` call, split so that no
 * argv comes near macOS's ARG_MAX. A folder is signed as a bundle only when it has a
 * bundle's structure (its `Info.plist`), never for its name alone: Python packages
 * ship data folders named `something.bundle`, and codesign refuses to seal those.
 */
import { posix } from "node:path";
import { depth, type BundleScan } from "./scan.ts";
import type { PlanStep } from "./steps.ts";

export interface SigningOptions {
  /** "X.app" */
  appName: string;
  /** CFBundleExecutable */
  executable: string;
  /** identity name or hash; "-" for ad-hoc */
  identity: string;
  keychain?: string;
  /** entitlements plist for the app, its main executable and nested apps (path as given) */
  entitlements?: string;
  /** entitlements plist for every other executable (the sidecar's); none when unset */
  sidecarEntitlements?: string;
}

/**
 * macOS ARG_MAX is 1 MiB for argv and the environment together (`getconf ARG_MAX`
 * prints 1048576); one codesign call stays under a quarter of it.
 */
export const MAX_ARGV_BYTES = 256 * 1024;

const BUNDLE_SUFFIXES = [".framework", ".app", ".bundle", ".xpc", ".appex", ".plugin", ".kext"];

/**
 * A bundle by structure: `Contents/Info.plist` (apps, plug-ins, macOS-style bundles;
 * a flat `Info.plist` for iOS-style bundles), or for a framework
 * `Resources/Info.plist` in one of its versions (or at its root, unversioned).
 */
export function bundleDirs(scan: BundleScan): string[] {
  const paths = new Set(scan.entries.map((e) => e.path));
  return scan.entries
    .filter((e) => e.type === "dir" && BUNDLE_SUFFIXES.some((s) => e.path.endsWith(s)))
    .map((e) => e.path)
    .filter((dir) => {
      if (dir.endsWith(".framework")) {
        if (paths.has(`${dir}/Resources/Info.plist`)) return true;
        const prefix = `${dir}/Versions/`;
        return scan.entries.some(
          (x) => x.path.startsWith(prefix) && /^[^/]+\/Resources\/Info\.plist$/.test(x.path.slice(prefix.length)),
        );
      }
      return paths.has(`${dir}/Contents/Info.plist`) || paths.has(`${dir}/Info.plist`);
    });
}

/** Folders named like bundles that are not (no Info.plist): their code is signed file by file. */
export function lookalikeBundles(scan: BundleScan): string[] {
  const real = new Set(bundleDirs(scan));
  return scan.entries
    .filter((e) => e.type === "dir" && BUNDLE_SUFFIXES.some((s) => e.path.endsWith(s)) && !real.has(e.path))
    .map((e) => e.path);
}
/** Longest first, then by name: inside-out and stable. */
const deepestFirst = (a: string, b: string) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0);

export function baseArgs(o: SigningOptions): string[] {
  const args = ["codesign", "--force", "--sign", o.identity];
  if (o.keychain) args.push("--keychain", o.keychain);
  if (o.identity !== "-") args.push("--timestamp");
  return args;
}

function runtimeArgs(o: SigningOptions, entitlements = o.entitlements): string[] {
  return ["--options", "runtime", ...(entitlements ? ["--entitlements", entitlements] : [])];
}

/** The active version of a framework, from its `Versions/Current` symlink. */
export function activeVersion(scan: BundleScan, framework: string): string | undefined {
  return scan.entries.find((e) => e.path === `${framework}/Versions/Current` && e.type === "symlink")?.target;
}

/** A framework's own main binary (`X.framework/Versions/<v>/X` or `X.framework/X`): signed with the bundle. */
function isFrameworkMainBinary(path: string, frameworks: Set<string>): boolean {
  const parts = path.split("/");
  for (let i = parts.length - 2; i >= 0; i--) {
    const p = parts[i]!;
    if (!p.endsWith(".framework") || !frameworks.has(parts.slice(0, i + 1).join("/"))) continue;
    const name = p.slice(0, -".framework".length);
    const rest = parts.slice(i + 1);
    return (rest.length === 3 && rest[0] === "Versions" && rest[2] === name) || (rest.length === 1 && rest[0] === name);
  }
  return false;
}

export interface Item {
  path: string;
  extra: string[];
}

const argvBytes = (args: readonly string[]) => args.reduce((n, a) => n + Buffer.byteLength(a) + 1, 0);

/**
 * Batch items that share options, keeping the first item's position (items are
 * already ordered), and split each batch so its argv stays under `maxBytes`.
 */
export function batch(items: Item[], o: SigningOptions, prefix: string, maxBytes = MAX_ARGV_BYTES): PlanStep[] {
  const groups = new Map<string, Item[]>();
  for (const it of items) {
    const key = it.extra.join("\0");
    groups.set(key, [...(groups.get(key) ?? []), it]);
  }
  const steps: PlanStep[] = [];
  for (const g of groups.values()) {
    const head = [...baseArgs(o), ...g[0]!.extra];
    let paths: string[] = [];
    let size = argvBytes(head);
    for (const it of g) {
      const p = `${prefix}/${it.path}`;
      if (paths.length && size + argvBytes([p]) > maxBytes) {
        steps.push({ kind: "codesign", command: [...head, ...paths], paths });
        paths = [];
        size = argvBytes(head);
      }
      paths.push(p);
      size += argvBytes([p]);
    }
    if (paths.length) steps.push({ kind: "codesign", command: [...head, ...paths], paths });
  }
  return steps;
}

export function planSigning(scan: BundleScan, o: SigningOptions, maxBytes = MAX_ARGV_BYTES): PlanStep[] {
  const main = `Contents/MacOS/${o.executable}`;
  const bundles = bundleDirs(scan).sort(deepestFirst);
  const frameworks = new Set(bundles.filter((b) => b.endsWith(".framework")));
  const files: Item[] = scan.entries
    .filter((e) => e.type === "file" && e.macho && e.path !== main && !isFrameworkMainBinary(e.path, frameworks))
    .map((e) => ({ path: e.path, extra: e.macho?.fileType === "execute" ? runtimeArgs(o, o.sidecarEntitlements) : [] }))
    .sort((a, b) => deepestFirst(a.path, b.path));

  // Extended attributes (quarantine, Finder info) are not code; codesign refuses a bundle that carries them.
  const steps: PlanStep[] = [{ kind: "clean", command: ["xattr", "-cr", o.appName], paths: [o.appName] }];
  steps.push(...batch(files, o, o.appName, maxBytes));

  // Bundles: a nested bundle must be signed before the bundle that contains it, so
  // they are grouped per depth (deepest first) and batched only within a depth.
  const byDepth = new Map<number, Item[]>();
  for (const path of bundles) {
    const version = posix.basename(path) === "Python.framework" ? activeVersion(scan, path) : undefined;
    const extra = path.endsWith(".app") ? runtimeArgs(o) : version ? ["--bundle-version", version] : [];
    byDepth.set(depth(path), [...(byDepth.get(depth(path)) ?? []), { path, extra }]);
  }
  for (const items of byDepth.values()) steps.push(...batch(items, o, o.appName, maxBytes));

  steps.push(...batch([{ path: main, extra: runtimeArgs(o) }], o, o.appName));
  steps.push({ kind: "codesign", command: [...baseArgs(o), ...runtimeArgs(o), o.appName], paths: [o.appName] });
  return steps;
}
