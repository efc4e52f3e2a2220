/**
 * Reading `Info.plist` in either of its two encodings: XML (the `plist` package) or
 * binary `bplist00` (the `bplist-parser` package). Only the fields the finalizer uses
 * are pulled out into `BundleInfo`.
 */
import { readFile } from "node:fs/promises";
import { parseBuffer } from "bplist-parser";
import * as plist from "plist";
import { ReleaseError } from "../core/errors.ts";

export interface BundleInfo {
  /** CFBundleName, else CFBundleExecutable */
  name: string;
  executable: string;
  identifier: string | undefined;
  /** CFBundleShortVersionString, else CFBundleVersion */
  version: string | undefined;
}

const BINARY_MAGIC = Buffer.from("bplist00");

/** Parse plist bytes in XML or binary form into a plain object. */
export function parsePlist(bytes: Buffer, label = "plist"): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = bytes.subarray(0, 8).equals(BINARY_MAGIC) ? parseBuffer(bytes)[0] : plist.parse(bytes.toString("utf8"));
  } catch (e) {
    throw new ReleaseError(
      "macos.plist-invalid",
      `Cannot read ${label}: ${(e as Error).message}`,
      "Rebuild the app; its Info.plist is damaged.",
    );
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    throw new ReleaseError(
      "macos.plist-invalid",
      `Cannot read ${label}: its top level is not a dictionary`,
      "Rebuild the app; its Info.plist is damaged.",
    );
  }
  return doc as Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

export function bundleInfoFrom(dict: Record<string, unknown>, label = "Info.plist"): BundleInfo {
  const executable = str(dict.CFBundleExecutable);
  const name = str(dict.CFBundleName) ?? executable;
  if (!executable || !name) {
    throw new ReleaseError(
      "macos.plist-invalid",
      `Cannot use ${label}: it has no CFBundleExecutable`,
      "Check the bundle identifier and product name in tauri.conf.json and rebuild.",
    );
  }
  return {
    name,
    executable,
    identifier: str(dict.CFBundleIdentifier),
    version: str(dict.CFBundleShortVersionString) ?? str(dict.CFBundleVersion),
  };
}

export async function readBundleInfo(infoPlistPath: string): Promise<BundleInfo> {
  return bundleInfoFrom(parsePlist(await readFile(infoPlistPath), infoPlistPath), infoPlistPath);
}
