/**
 * Byte-for-byte comparison of two paths (files, symlinks or whole trees), never
 * following symlinks. Used before a copy made by a CI transfer is replaced by the
 * symlink it once was: anything that differs is reported, and nothing is replaced.
 */
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";

const MAX_DIFFERENCES = 10;

/** Differences between `copy` and `original` (empty when identical), with paths relative to them. */
export async function compareTrees(copy: string, original: string, rel = "", out: string[] = []): Promise<string[]> {
  if (out.length >= MAX_DIFFERENCES) return out;
  const label = rel || ".";
  const [a, b] = await Promise.all([lstat(copy).catch(() => undefined), lstat(original).catch(() => undefined)]);
  if (!a || !b) {
    out.push(`${label}: ${!a ? "missing from the copy" : "only in the copy"}`);
    return out;
  }
  const kind = (s: typeof a) =>
    s.isSymbolicLink() ? "symlink" : s.isDirectory() ? "directory" : s.isFile() ? "file" : "special";
  if (kind(a) !== kind(b)) {
    out.push(`${label}: a ${kind(a)} in the copy, a ${kind(b)} in the original`);
  } else if (a.isSymbolicLink()) {
    const [ta, tb] = await Promise.all([readlink(copy), readlink(original)]);
    if (ta !== tb) out.push(`${label}: symlink to ${ta} in the copy, to ${tb} in the original`);
  } else if (a.isFile()) {
    if (a.size !== b.size) out.push(`${label}: ${a.size} bytes in the copy, ${b.size} in the original`);
    else {
      const [ba, bb] = await Promise.all([readFile(copy), readFile(original)]);
      if (!ba.equals(bb)) {
        let i = 0;
        while (ba[i] === bb[i]) i++;
        out.push(`${label}: contents differ from byte ${i}`);
      }
    }
  } else if (a.isDirectory()) {
    const [na, nb] = await Promise.all([readdir(copy), readdir(original)]);
    const names = [...new Set([...na, ...nb])].sort();
    for (const n of names) await compareTrees(join(copy, n), join(original, n), rel ? `${rel}/${n}` : n, out);
  }
  return out.slice(0, MAX_DIFFERENCES);
}
