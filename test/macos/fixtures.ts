/**
 * Fixture bundles built from bytes: real Mach-O headers (thin 32/64 in both byte
 * orders, universal), a Java class file that shares the fat magic, and plain files
 * that only look like code by their names. `tauriApp()` writes a Tauri-like app with
 * a PyInstaller onedir sidecar holding `_internal/Python.framework`, in the good
 * layout or flattened the way a CI artifact transfer leaves it.
 */
import { createHash } from "node:crypto";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import bplist from "bplist-creator";
import * as plist from "plist";
import type { FinalizeOptions } from "../../tasks/lib/macos/plan.ts";

export const CPU = { x86_64: 0x01000007, arm64: 0x0100000c, ppc: 18, i386: 7 };
export const MH = { execute: 2, dylib: 6, bundle: 8 };

/** A thin Mach-O header (plus `tag` bytes so different files differ). */
export function thin(opts: {
  bits: 32 | 64;
  littleEndian: boolean;
  cpu: number;
  fileType: number;
  tag?: string;
}): Buffer {
  const size = opts.bits === 64 ? 32 : 28;
  const h = Buffer.alloc(size);
  const w = (v: number, o: number) => (opts.littleEndian ? h.writeUInt32LE(v, o) : h.writeUInt32BE(v, o));
  w(opts.bits === 64 ? 0xfeedfacf : 0xfeedface, 0);
  w(opts.cpu, 4);
  w(0, 8);
  w(opts.fileType, 12);
  return Buffer.concat([h, Buffer.from(`\n${opts.tag ?? "code"}\n`)]);
}

export const arm64 = (fileType: number, tag?: string) =>
  thin({ bits: 64, littleEndian: true, cpu: CPU.arm64, fileType, tag });

/** A universal binary: a fat header with one slice per cpu at 4 KiB boundaries. */
export function fat(cpus: number[], fileType: number, tag = "fat", fat64 = false): Buffer {
  const entry = fat64 ? 32 : 20;
  const head = Buffer.alloc(8 + cpus.length * entry);
  head.writeUInt32BE(fat64 ? 0xcafebabf : 0xcafebabe, 0);
  head.writeUInt32BE(cpus.length, 4);
  const slices: Buffer[] = [];
  cpus.forEach((cpu, i) => {
    const offset = 4096 * (i + 1);
    const slice = thin({ bits: 64, littleEndian: true, cpu, fileType, tag: `${tag}-${i}` });
    const o = 8 + i * entry;
    head.writeUInt32BE(cpu, o);
    if (fat64) {
      head.writeBigUInt64BE(BigInt(offset), o + 8);
      head.writeBigUInt64BE(BigInt(slice.length), o + 16);
    } else {
      head.writeUInt32BE(offset, o + 8);
      head.writeUInt32BE(slice.length, o + 12);
    }
    slices.push(slice);
  });
  const file = Buffer.alloc(4096 * (cpus.length + 1));
  head.copy(file, 0);
  slices.forEach((s, i) => s.copy(file, 4096 * (i + 1)));
  return file;
}

/** A Java class file: `cafebabe`, minor 0, major 52 (Java 8). */
export const javaClass = () =>
  Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]), Buffer.from("class body")]);

export function infoPlistXml(name: string, executable: string, version = "1.4.0"): string {
  return plist.build({
    CFBundleName: name,
    CFBundleExecutable: executable,
    CFBundleIdentifier: `org.example.${executable}`,
    CFBundleShortVersionString: version,
    CFBundlePackageType: "APPL",
  });
}

export function infoPlistBinary(name: string, executable: string, version = "1.4.0"): Buffer {
  return bplist({
    CFBundleName: name,
    CFBundleExecutable: executable,
    CFBundleIdentifier: `org.example.${executable}`,
    CFBundleShortVersionString: version,
  });
}

type Node = { file: Buffer | string; mode?: number } | { link: string };

export const SIDE = "Contents/Resources/atlas-server";
export const INTERNAL = `${SIDE}/_internal`;
export const PYFW = `${INTERNAL}/Python.framework`;
export const HELPERFW = "Contents/Frameworks/Helper.framework";

/** The bundle's contents (paths relative to the .app), good layout. */
export function goodLayout(opts: { binaryPlist?: boolean } = {}): Record<string, Node> {
  const x = 0o755;
  return {
    "Contents/Info.plist": {
      file: opts.binaryPlist ? infoPlistBinary("Atlas", "atlas") : infoPlistXml("Atlas", "atlas"),
    },
    "Contents/MacOS/atlas": { file: arm64(MH.execute, "main"), mode: x },
    "Contents/Resources/icon.icns": { file: "icns data" },
    [`${SIDE}/atlas-server`]: { file: arm64(MH.execute, "sidecar"), mode: x },
    [`${INTERNAL}/Python`]: { link: "Python.framework/Versions/Current/Python" },
    [`${PYFW}/Versions/3.12/Python`]: { file: arm64(MH.dylib, "libpython"), mode: x },
    [`${PYFW}/Versions/3.12/Resources/Info.plist`]: { file: infoPlistXml("Python", "Python", "3.12.8") },
    [`${PYFW}/Versions/3.12/bin/python3.12`]: { file: arm64(MH.execute, "python"), mode: x },
    [`${PYFW}/Versions/3.12/lib/python3.12/lib-dynload/_ssl.cpython-312-darwin.so`]: {
      file: arm64(MH.bundle, "ssl"),
      mode: x,
    },
    [`${PYFW}/Versions/Current`]: { link: "3.12" },
    [`${PYFW}/Python`]: { link: "Versions/Current/Python" },
    [`${PYFW}/Resources`]: { link: "Versions/Current/Resources" },
    [`${INTERNAL}/libcrypto.3.dylib`]: {
      file: thin({ bits: 64, littleEndian: false, cpu: CPU.arm64, fileType: MH.dylib, tag: "crypto-be" }),
      mode: x,
    },
    [`${INTERNAL}/numpy/_core/_multiarray_umath.cpython-312-darwin.so`]: { file: arm64(MH.bundle, "numpy"), mode: x },
    [`${INTERNAL}/legacy/libold.dylib`]: {
      file: thin({ bits: 32, littleEndian: true, cpu: CPU.i386, fileType: MH.dylib, tag: "old" }),
      mode: x,
    },
    [`${INTERNAL}/helper`]: { file: fat([CPU.x86_64, CPU.arm64], MH.execute, "helper"), mode: x },
    [`${INTERNAL}/fake.dylib`]: { file: "not really a library\n" },
    [`${INTERNAL}/fake.so`]: { file: "#!/bin/sh\necho not a shared object\n" },
    [`${INTERNAL}/Hello.class`]: { file: javaClass() },
    [`${INTERNAL}/base_library.zip`]: { file: "PK\x03\x04zip" },
    [`${HELPERFW}/Versions/A/Helper`]: { file: arm64(MH.dylib, "helper-fw"), mode: x },
    [`${HELPERFW}/Versions/A/Resources/Info.plist`]: { file: infoPlistXml("Helper", "Helper", "1.0") },
    [`${HELPERFW}/Versions/Current`]: { link: "A" },
    [`${HELPERFW}/Helper`]: { link: "Versions/Current/Helper" },
    [`${HELPERFW}/Resources`]: { link: "Versions/Current/Resources" },
  };
}

/**
 * What a CI transfer does: Python.framework's links become copies, Helper.framework's
 * links are dropped, and every file loses its executable bit.
 */
export function flattenedLayout(opts: { binaryPlist?: boolean } = {}): Record<string, Node> {
  const good = goodLayout(opts);
  const outTree: Record<string, Node> = {};
  for (const [p, n] of Object.entries(good)) if ("file" in n) outTree[p] = { file: n.file, mode: 0o644 };
  const copyDir = (from: string, to: string) => {
    for (const [p, n] of Object.entries(good))
      if (p.startsWith(from + "/") && "file" in n) outTree[to + p.slice(from.length)] = { file: n.file, mode: 0o644 };
  };
  copyDir(`${PYFW}/Versions/3.12`, `${PYFW}/Versions/Current`);
  copyDir(`${PYFW}/Versions/3.12/Resources`, `${PYFW}/Resources`);
  const lib = good[`${PYFW}/Versions/3.12/Python`] as { file: Buffer };
  outTree[`${PYFW}/Python`] = { file: lib.file, mode: 0o644 };
  outTree[`${INTERNAL}/Python`] = { file: lib.file, mode: 0o644 };
  return outTree;
}

export function writeTree(root: string, tree: Record<string, Node>): void {
  for (const [p, n] of Object.entries(tree)) {
    const abs = join(root, p);
    mkdirSync(dirname(abs), { recursive: true });
    if ("link" in n) symlinkSync(n.link, abs);
    else {
      writeFileSync(abs, n.file);
      chmodSync(abs, n.mode ?? 0o644);
    }
  }
}

/** Every entry under `root`: type, mode, link target, content hash — to prove nothing changed. */
export function snapshot(root: string): string[] {
  const lines: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const p = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, p));
      if (st.isSymbolicLink()) lines.push(`${p} -> ${readlinkSync(join(root, p))}`);
      else if (st.isDirectory()) {
        lines.push(`${p}/`);
        walk(p);
      } else
        lines.push(
          `${p} ${(st.mode & 0o777).toString(8)} ${createHash("sha256")
            .update(readFileSync(join(root, p)))
            .digest("hex")
            .slice(0, 12)}`,
        );
    }
  };
  walk("");
  return lines;
}

/** The finalizer's options as most plan tests use them: a Developer ID, every phase on, aarch64, out/. */
export function finalizeOptions(identity: string, overrides: Partial<FinalizeOptions> = {}): FinalizeOptions {
  return {
    identity,
    adHoc: false,
    skipNotarize: false,
    skipSpctl: false,
    skipDmg: false,
    skipUpload: false,
    skipManifest: false,
    outputDir: "out",
    arch: "aarch64",
    releaseTag: "v1.4.0",
    updaterKeyPath: "updater.key",
    notaryTimeoutMinutes: 60,
    ...overrides,
  };
}
