/**
 * Gather the facts of a bundle into plain data: every entry under the bundle root
 * (including the `_internal/` folders under `Contents/Resources`, which Tauri's
 * bundler never looks at), symlink targets as written, and the Mach-O header (and
 * mode) of each regular file that has one. Paths are relative to the bundle root and
 * use "/".
 *
 * Headers are read synchronously in chunks, one descriptor open at a time, yielding to
 * the event loop between chunks: on the file systems measured, per-file promises cost
 * several times more than the reads themselves (see bench/macos.bench.ts).
 */
import { readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { readFileFactsSync, type MachoHeader } from "./macho.ts";

export interface ScanEntry {
  /** relative to the bundle root, e.g. "Contents/MacOS/App" */
  path: string;
  type: "file" | "dir" | "symlink";
  /** permission bits (Mach-O files; other files only when a repair needs them) */
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

/** Files read between two yields to the event loop. */
export const CHUNK = 512;

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** Walk `root` without following symlinks; classify every regular file by its header. */
export async function scanBundle(root: string): Promise<BundleScan> {
  const entries: ScanEntry[] = [];
  const files: ScanEntry[] = [];
  const walk = (rel: string): void => {
    for (const d of readdirSync(rel ? join(root, rel) : root, { withFileTypes: true })) {
      const path = rel ? `${rel}/${d.name}` : d.name;
      if (d.isSymbolicLink()) entries.push({ path, type: "symlink", target: readlinkSync(join(root, path)) });
      else if (d.isDirectory()) {
        entries.push({ path, type: "dir" });
        walk(path);
      } else if (d.isFile()) {
        const e: ScanEntry = { path, type: "file" };
        entries.push(e);
        files.push(e);
      }
    }
  };
  walk("");
  const head = Buffer.alloc(1024);
  for (let i = 0; i < files.length; i += CHUNK) {
    for (const e of files.slice(i, i + CHUNK)) {
      const facts = readFileFactsSync(join(root, e.path), head);
      if (facts.macho) {
        e.macho = facts.macho;
        e.mode = facts.mode;
        e.size = facts.size;
      }
    }
    if (i + CHUNK < files.length) await yieldToLoop();
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries };
}

export const depth = (path: string) => path.split("/").length;
export const machoFiles = (scan: BundleScan) => scan.entries.filter((e) => e.type === "file" && e.macho);
