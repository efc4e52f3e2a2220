/**
 * Repair what a CI artifact transfer does to a bundle: framework symlinks turned into
 * copies or dropped (`Versions/Current`, the top-level `Python`/`Resources`/`Headers`,
 * the sidecar's `_internal/Python`) and executable bits lost. `planRepairs` reads the
 * facts (the scan, plus byte comparisons) and returns the list; a copy is replaced
 * only when it is byte-identical to what the symlink points to. `applyRepairs` writes.
 */
import { closeSync, lstatSync, openSync, readSync } from "node:fs";
import { chmod, rm, symlink } from "node:fs/promises";
import { join, posix } from "node:path";
import { ReleaseError } from "../core/errors.ts";
import { compareTrees } from "./compare.ts";
import type { BundleScan, ScanEntry } from "./scan.ts";

export type RepairOp =
  | { type: "symlink"; target: string; was: "missing" | "copy" }
  | { type: "chmod"; from: number; to: number }
  | { type: "remove"; was: "appledouble" | "ds_store" };

export interface Repair {
  /** relative to the bundle root */
  path: string;
  /** what is done, for the report */
  action: string;
  op: RepairOp;
}

export interface RepairOptions {
  /** the app's main executable (CFBundleExecutable) */
  executable: string;
  /** the sidecar's executable name, when configured */
  sidecar?: string;
}

/** Framework top-level entries that are symlinks into `Versions/Current`. */
const TOP_LEVEL = ["Resources", "Headers"];
const oct = (m: number) => m.toString(8).padStart(3, "0");
const parentOf = (p: string) => posix.dirname(p);
const nameOf = (p: string) => posix.basename(p);

/** Symlinks whose target (resolved lexically from their folder) leaves the bundle. */
export function escapingSymlinks(scan: BundleScan): ScanEntry[] {
  return scan.entries.filter((e) => {
    if (e.type !== "symlink" || e.target === undefined) return false;
    if (posix.isAbsolute(e.target)) return true;
    const resolved = posix.normalize(posix.join(parentOf(e.path), e.target));
    return resolved === ".." || resolved.startsWith("../");
  });
}

/** Python.framework inside a sidecar's `_internal` first, then every other framework by path. */
export function frameworksInOrder(scan: BundleScan): string[] {
  const fw = scan.entries.filter((e) => e.type === "dir" && e.path.endsWith(".framework")).map((e) => e.path);
  const first = (p: string) => (p.endsWith("/_internal/Python.framework") ? 0 : 1);
  return fw.sort((a, b) => first(a) - first(b) || (a < b ? -1 : 1));
}

interface Planner {
  root: string;
  byPath: Map<string, ScanEntry>;
  repairs: Repair[];
}

/** Make `path` a symlink to `target` (relative to the link's folder) whose real content is at `real`. */
async function ensureLink(
  p: Planner,
  path: string,
  target: string,
  real: string,
  acceptTargets: string[] = [target],
): Promise<void> {
  const entry = p.byPath.get(path);
  if (entry?.type === "symlink") {
    if (!acceptTargets.includes(entry.target ?? "")) {
      // A different relative target is fine as long as it lands on the same place.
      const landing = posix.normalize(posix.join(parentOf(path), entry.target ?? ""));
      const expected = posix.normalize(posix.join(parentOf(path), target));
      const expectedReal = real;
      if (landing !== expected && landing !== expectedReal) {
        throw new ReleaseError(
          "macos.repair-mismatch",
          `Cannot repair ${path}: it links to ${entry.target}, expected ${target}`,
          `Rebuild the app, or point ${path} at ${target}.`,
        );
      }
    }
    return;
  }
  if (!entry) {
    p.repairs.push({
      path,
      action: `create missing symlink -> ${target}`,
      op: { type: "symlink", target, was: "missing" },
    });
    return;
  }
  const differences = await compareTrees(join(p.root, path), join(p.root, real));
  if (differences.length) {
    throw new ReleaseError(
      "macos.repair-mismatch",
      `Cannot replace ${path} by a symlink to ${target}: the copy differs from ${real}:\n  ${differences.join("\n  ")}`,
      "Rebuild the app from a clean build; a copy that differs is not a flattened symlink, and replacing it would lose data.",
    );
  }
  p.repairs.push({
    path,
    action: `replace byte-identical copy by symlink -> ${target}`,
    op: { type: "symlink", target, was: "copy" },
  });
}

/** The framework's real version folders and the active one, repairing `Versions/Current`. */
async function repairVersions(p: Planner, fw: string): Promise<string | undefined> {
  const versionsDir = `${fw}/Versions`;
  if (p.byPath.get(versionsDir)?.type !== "dir") return undefined;
  const real = [...p.byPath.values()]
    .filter((e) => e.type === "dir" && parentOf(e.path) === versionsDir && nameOf(e.path) !== "Current")
    .map((e) => nameOf(e.path));
  const current = p.byPath.get(`${versionsDir}/Current`);
  if (current?.type === "symlink") {
    if (!real.includes(current.target ?? "")) {
      throw new ReleaseError(
        "macos.repair-mismatch",
        `Cannot repair ${fw}: Versions/Current links to ${current.target}, which is not one of its versions (${real.join(", ") || "none"})`,
        "Rebuild the app.",
      );
    }
    return current.target;
  }
  if (current?.type === "dir") {
    for (const v of real) {
      if ((await compareTrees(join(p.root, versionsDir, "Current"), join(p.root, versionsDir, v))).length === 0) {
        await ensureLink(p, `${versionsDir}/Current`, v, `${versionsDir}/${v}`);
        return v;
      }
    }
  }
  if (real.length === 1) {
    await ensureLink(p, `${versionsDir}/Current`, real[0]!, `${versionsDir}/${real[0]}`);
    return real[0];
  }
  throw new ReleaseError(
    "macos.repair-mismatch",
    `Cannot repair ${fw}: Versions/Current is ${current ? "a copy that matches none" : "missing and there are several"} of its versions (${real.join(", ") || "none"})`,
    "Rebuild the app; the framework's active version cannot be told apart.",
  );
}

/** AppleDouble files (`._X`, made by macOS tar/zip without COPYFILE_DISABLE) start with this magic. */
export const APPLEDOUBLE_MAGIC = 0x00051607;

function leadingWord(file: string): number | undefined {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(4);
    return readSync(fd, buf, 0, 4, 0) === 4 ? buf.readUInt32BE(0) : undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Finder and archive metadata: `.DS_Store` and AppleDouble `._*` files unpack as real
 * files; an unsigned `._X` in `Contents/MacOS` fails verification. Both are removed.
 * A `._*` file that is not AppleDouble is someone's data: refused, with its path.
 */
function metadataRepairs(root: string, scan: BundleScan): Repair[] {
  const repairs: Repair[] = [];
  const strange: string[] = [];
  for (const e of scan.entries) {
    const name = nameOf(e.path);
    if (e.type !== "file") continue;
    if (name === ".DS_Store")
      repairs.push({
        path: e.path,
        action: "remove Finder metadata (.DS_Store)",
        op: { type: "remove", was: "ds_store" },
      });
    else if (name.startsWith("._")) {
      if (leadingWord(join(root, e.path)) === APPLEDOUBLE_MAGIC)
        repairs.push({
          path: e.path,
          action: "remove AppleDouble metadata (an archive made on macOS without COPYFILE_DISABLE=1)",
          op: { type: "remove", was: "appledouble" },
        });
      else strange.push(e.path);
    }
  }
  if (strange.length) {
    throw new ReleaseError(
      "macos.appledouble",
      `Cannot finalize the bundle: ${strange.length} file(s) named like AppleDouble metadata are not AppleDouble:\n  ${strange.join("\n  ")}`,
      'Rename them in the build (a leading "._" is macOS metadata to every archiver), or delete them if they are leftovers.',
    );
  }
  return repairs;
}

/** The layout and exec-bit repairs the bundle needs; throws before anything would be lost. */
export async function planRepairs(root: string, scan: BundleScan, opts: RepairOptions): Promise<Repair[]> {
  const escaping = escapingSymlinks(scan);
  if (escaping.length) {
    throw new ReleaseError(
      "macos.symlink-escapes",
      `Cannot finalize the bundle: ${escaping.length} symlink(s) point outside it:\n  ${escaping.map((e) => `${e.path} -> ${e.target}`).join("\n  ")}`,
      "Make the build copy those files into the bundle (or use relative links inside it); a signed bundle cannot depend on files outside it.",
    );
  }
  const metadata = metadataRepairs(root, scan);
  const removed = new Set(metadata.map((r) => r.path));
  const p: Planner = {
    root,
    byPath: new Map(scan.entries.filter((e) => !removed.has(e.path)).map((e) => [e.path, e])),
    repairs: [...metadata],
  };
  for (const fw of frameworksInOrder(scan)) await repairFramework(p, fw);
  p.repairs.push(...execBitRepairs(root, scan, opts, p.repairs, removed));
  return p.repairs;
}

/** A framework's `Versions/Current` and top-level links, and a sidecar's `_internal/Python` beside its Python.framework. */
async function repairFramework(p: Planner, fw: string): Promise<void> {
  const active = await repairVersions(p, fw);
  if (!active) return;
  const binary = nameOf(fw).replace(/\.framework$/, "");
  for (const name of [binary, ...TOP_LEVEL]) {
    if (!p.byPath.has(`${fw}/Versions/${active}/${name}`)) continue;
    await ensureLink(p, `${fw}/${name}`, `Versions/Current/${name}`, `${fw}/Versions/${active}/${name}`, [
      `Versions/Current/${name}`,
      `Versions/${active}/${name}`,
    ]);
  }
  if (!fw.endsWith("/_internal/Python.framework")) return;
  await ensureLink(
    p,
    `${parentOf(fw)}/Python`,
    "Python.framework/Versions/Current/Python",
    `${fw}/Versions/${active}/Python`,
    [
      "Python.framework/Versions/Current/Python",
      `Python.framework/Versions/${active}/Python`,
      "Python.framework/Python",
    ],
  );
}

/** Exec bits back on every Mach-O file and entry point that lost them (not inside a copy that becomes a link). */
function execBitRepairs(
  root: string,
  scan: BundleScan,
  opts: RepairOptions,
  planned: readonly Repair[],
  removed: ReadonlySet<string>,
): Repair[] {
  // Files inside a copy that becomes a symlink disappear; they need no exec bit.
  const replaced = planned.filter((r) => r.op.type === "symlink").map((r) => r.path);
  const gone = (path: string) => replaced.some((r) => path === r || path.startsWith(r + "/"));
  const entryPoints = entryPointPaths(scan, opts);
  const out: Repair[] = [];
  for (const e of scan.entries) {
    if (e.type !== "file" || gone(e.path) || removed.has(e.path)) continue;
    if (!(e.macho || entryPoints.has(e.path))) continue;
    // The scan records modes of Mach-O files only; an entry point that is a script is looked up.
    const mode = e.mode ?? lstatSync(join(root, e.path)).mode & 0o7777;
    if ((mode & 0o111) === 0o111) continue;
    const to = mode | 0o111;
    out.push({
      path: e.path,
      action: `restore exec bits ${oct(mode)} -> ${oct(to)}`,
      op: { type: "chmod", from: mode, to },
    });
  }
  return out;
}

/** The app's main executable, everything in `Contents/MacOS`, and each onedir sidecar's `<name>/<name>` next to its `_internal`. */
export function entryPointPaths(scan: BundleScan, opts: RepairOptions): Set<string> {
  const set = new Set<string>([`Contents/MacOS/${opts.executable}`]);
  for (const e of scan.entries) {
    if (e.type === "file" && parentOf(e.path) === "Contents/MacOS") set.add(e.path);
    if (e.type === "dir" && nameOf(e.path) === "_internal") {
      const dir = parentOf(e.path);
      set.add(`${dir}/${nameOf(dir)}`);
      if (opts.sidecar) set.add(`${dir}/${opts.sidecar}`);
    }
  }
  if (opts.sidecar) set.add(`Contents/MacOS/${opts.sidecar}`);
  return set;
}

/** The scan as it will be after the repairs (for planning without touching the disk). */
export function applyRepairsToScan(scan: BundleScan, repairs: readonly Repair[]): BundleScan {
  let entries = scan.entries.map((e) => ({ ...e }));
  const removed = new Set(repairs.filter((r) => r.op.type === "remove").map((r) => r.path));
  entries = entries.filter((e) => !removed.has(e.path));
  for (const r of repairs) {
    if (r.op.type !== "symlink") continue;
    entries = entries.filter((e) => e.path !== r.path && !e.path.startsWith(r.path + "/"));
    entries.push({ path: r.path, type: "symlink", target: r.op.target });
  }
  const byPath = new Map(entries.map((e) => [e.path, e]));
  for (const r of repairs) {
    const e = byPath.get(r.path);
    if (r.op.type === "chmod" && e) e.mode = r.op.to;
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries };
}

/** Write the repairs, in order (links before modes). */
export async function applyRepairs(root: string, repairs: readonly Repair[]): Promise<void> {
  for (const r of repairs) {
    const abs = join(root, r.path);
    if (r.op.type === "symlink") {
      await rm(abs, { recursive: true, force: true });
      await symlink(r.op.target, abs);
    } else if (r.op.type === "remove") {
      await rm(abs, { force: true });
    } else {
      await chmod(abs, r.op.to);
    }
  }
}
