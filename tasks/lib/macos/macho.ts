/**
 * Mach-O detection by leading bytes only: thin 32/64-bit headers in both byte orders
 * and universal (fat) headers. `cafebabe` is also the Java class-file magic, so a fat
 * header is accepted only with a small architecture count (a class file has its
 * version there, 45 or more). Only the header is read; symlinks are never followed.
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync } from "node:fs";
import { open, constants } from "node:fs/promises";

export type MachoFormat = "thin32" | "thin64" | "fat" | "fat64";
/** MH_EXECUTE, MH_DYLIB, MH_BUNDLE and the rest, from the (first) header */
export type MachoFileType = "execute" | "dylib" | "bundle" | "other";

export interface MachoHeader {
  format: MachoFormat;
  fileType: MachoFileType;
  archs: string[];
}

/** Largest architecture count accepted as universal; Java class versions start at 45. */
export const MAX_FAT_ARCHS = 16;

const CPU: Record<number, string> = {
  7: "i386",
  0x01000007: "x86_64",
  12: "arm",
  0x0100000c: "arm64",
  0x0200000c: "arm64_32",
  18: "ppc",
  0x01000012: "ppc64",
};
const FILE_TYPE: Record<number, MachoFileType> = { 2: "execute", 6: "dylib", 8: "bundle" };

const cpuName = (n: number) => CPU[n] ?? `cpu-${n}`;

/** Thin header at the start of `buf`: format, file type and the one architecture. */
function thin(buf: Buffer): MachoHeader | undefined {
  if (buf.length < 16) return undefined;
  const be = buf.readUInt32BE(0);
  const le = buf.readUInt32LE(0);
  const read = (o: number) => (be === 0xfeedface || be === 0xfeedfacf ? buf.readUInt32BE(o) : buf.readUInt32LE(o));
  const magic = be === 0xfeedface || be === 0xfeedfacf ? be : le;
  if (magic !== 0xfeedface && magic !== 0xfeedfacf) return undefined;
  return {
    format: magic === 0xfeedfacf ? "thin64" : "thin32",
    fileType: FILE_TYPE[read(12)] ?? "other",
    archs: [cpuName(read(4))],
  };
}

/**
 * Classify the first bytes of a file. For a fat header, `buf` holds at least the
 * arch table when it is available; the file type then comes from `firstSlice`.
 */
export function classifyHeader(buf: Buffer, firstSlice?: Buffer): MachoHeader | undefined {
  if (buf.length < 8) return undefined;
  const magic = buf.readUInt32BE(0);
  if (magic === 0xcafebabe || magic === 0xcafebabf) {
    const count = buf.readUInt32BE(4);
    if (count < 1 || count > MAX_FAT_ARCHS) return undefined;
    const entry = magic === 0xcafebabf ? 32 : 20;
    const archs: string[] = [];
    for (let i = 0; i < count && 8 + i * entry + 4 <= buf.length; i++)
      archs.push(cpuName(buf.readUInt32BE(8 + i * entry)));
    const slice = firstSlice ? thin(firstSlice) : undefined;
    return { format: magic === 0xcafebabf ? "fat64" : "fat", fileType: slice?.fileType ?? "other", archs };
  }
  return thin(buf);
}

/** Offset of the first slice in a fat arch table (32- or 64-bit entries). */
function firstSliceOffset(buf: Buffer): number | undefined {
  const fat64 = buf.readUInt32BE(0) === 0xcafebabf;
  // fat_arch and fat_arch_64 both start with cputype and cpusubtype, then the offset.
  const at = 16;
  if (buf.length < at + 8) return undefined;
  return fat64 ? Number(buf.readBigUInt64BE(at)) : buf.readUInt32BE(at);
}

export interface FileFacts {
  mode: number;
  size: number;
  macho: MachoHeader | undefined;
}

/** Open without following a symlink, read the header (and a fat file's first slice header). */
export async function readFileFacts(path: string): Promise<FileFacts> {
  const fh = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const st = await fh.stat();
    const head = Buffer.alloc(8 + MAX_FAT_ARCHS * 32);
    const { bytesRead } = await fh.read(head, 0, Math.min(head.length, st.size), 0);
    const buf = head.subarray(0, bytesRead);
    let macho = classifyHeader(buf);
    if (macho && (macho.format === "fat" || macho.format === "fat64")) {
      const offset = firstSliceOffset(buf);
      if (offset !== undefined && offset + 16 <= st.size) {
        const slice = Buffer.alloc(16);
        await fh.read(slice, 0, 16, offset);
        macho = classifyHeader(buf, slice);
      }
    }
    return { mode: st.mode & 0o7777, size: st.size, macho };
  } finally {
    await fh.close();
  }
}

/**
 * The synchronous twin of `readFileFacts` for bulk scans: open (never following a
 * symlink), read the header, and stat only when the file is Mach-O (its mode matters
 * for the exec-bit repair; other files' modes are not needed). One descriptor is open
 * at a time.
 */
export function readFileFactsSync(
  path: string,
  head: Buffer = Buffer.alloc(8 + MAX_FAT_ARCHS * 32),
): { mode?: number; size?: number; macho: MachoHeader | undefined } {
  const fd = openSync(path, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
  try {
    const bytesRead = readSync(fd, head, 0, head.length, 0);
    const buf = head.subarray(0, bytesRead);
    let macho = classifyHeader(buf);
    if (!macho) return { macho: undefined };
    const st = fstatSync(fd);
    if (macho.format === "fat" || macho.format === "fat64") {
      const offset = firstSliceOffset(buf);
      if (offset !== undefined && offset + 16 <= st.size) {
        const slice = Buffer.alloc(16);
        readSync(fd, slice, 0, 16, offset);
        macho = classifyHeader(buf, slice);
      }
    }
    return { mode: st.mode & 0o7777, size: st.size, macho };
  } finally {
    closeSync(fd);
  }
}

/** Map over items with at most `limit` promises in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
