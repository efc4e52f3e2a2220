/**
 * Apple's tools, which cannot run here: their recorded output (test/macos/recorded/,
 * captured in the shapes Apple documents) and a `bin/` of stand-ins for them, so the
 * finalizer's "is the tool on PATH" precondition holds while an injected door answers.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const RECORDED_DIR = join(import.meta.dirname, "..", "macos", "recorded");

/** The text of one recording, e.g. `submit-accepted.json`. */
export const recorded = (name: string): string => readFileSync(join(RECORDED_DIR, name), "utf8");

export const APPLE_TOOLS = ["codesign", "xattr", "ditto", "xcrun", "spctl", "hdiutil"] as const;

/** `<dir>/bin` holding a stand-in for each of Apple's tools that fails if it is ever run (exit 99). */
export function fakeAppleBin(dir: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  for (const tool of APPLE_TOOLS) {
    writeFileSync(join(bin, tool), "#!/bin/sh\nexit 99\n");
    chmodSync(join(bin, tool), 0o755);
  }
  return bin;
}
