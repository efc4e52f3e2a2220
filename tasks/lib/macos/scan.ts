/**
 * Gather the facts of a bundle into plain data: every entry under the bundle root
 * (including `_internal/` folders anywhere under `Contents/Resources`, which Tauri's bundler never looks
 * at), symlink targets as written, modes, and the Mach-O header of each regular file.
 * Paths are relative to the bundle root and use "/".
 */
import { readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import { mapLimit, readFileFacts, type MachoHeader } from "./macho.ts";

export interface ScanEntry {
  /** relative to the bundle root, e.g. "Contents/MacOS/App" */
  path: string;
  type: "file" | "dir" | "symlink";
  /** permission bits (files only) */
  mode?: number;
  size?: number;
  /** symlink target as written */
  target?: string;
  macho?: MachoHeader;
}

export interface BundleScan {
  /** sorted by path */
  entries: ScanEntry[];
}

export const DEFAULT_CONCURRENCY = 64;

/** Walk `root` without following symlinks; classify every regular file by its header. */
export async function scanBundle(root: string, opts: { concurrency?: number } = {}): Promise<BundleScan> {
  const entries: ScanEntry[] = [];
  const files: ScanEntry[] = [];
  const links: ScanEntry[] = [];
  const walk = async (rel: string): Promise<void> => {
    const dirents = await readdir(rel ? join(root, rel) : root, { withFileTypes: true });
    const subdirs: string[] = [];
    for (const d of dirents) {
      const path = rel ? `${rel}/${d.name}` : d.name;
      if (d.isSymbolicLink()) links.push(pushed(entries, { path, type: "symlink" }));
      else if (d.isDirectory()) {
        entries.push({ path, type: "dir" });
        subdirs.push(path);
      } else if (d.isFile()) files.push(pushed(entries, { path, type: "file" }));
    }
    await Promise.all(subdirs.map(walk));
  };
  await walk("");
  const limit = opts.concurrency ?? DEFAULT_CONCURRENCY;
  await mapLimit(files, limit, async (e) => {
    const facts = await readFileFacts(join(root, e.path));
    e.mode = facts.mode;
    e.size = facts.size;
    if (facts.macho) e.macho = facts.macho;
  });
  await mapLimit(links, limit, async (e) => {
    e.target = await readlink(join(root, e.path));
  });
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries };
}

function pushed(list: ScanEntry[], e: ScanEntry): ScanEntry {
  list.push(e);
  return e;
}

export const depth = (path: string) => path.split("/").length;
export const machoFiles = (scan: BundleScan) => scan.entries.filter((e) => e.type === "file" && e.macho);
