/**
 * The checksums the build jobs record beside what they upload, one file per workflow
 * (`SHA256SUMS-<workflow>.txt`, the `sha256sum` format), and the comparison with the
 * digests GitHub computes for each asset. Pure.
 */
import { createHash } from "node:crypto";
import { ASSET_DIGEST } from "../core/platform/releases.ts";

export const CHECKSUMS_PREFIX = "SHA256SUMS-";

/** The checksums asset of a workflow file: `build-tauri.yml` → `SHA256SUMS-build-tauri.txt`. */
export const checksumsName = (workflowFile: string) => `${CHECKSUMS_PREFIX}${workflowFile.replace(/\.ya?ml$/, "")}.txt`;

export const isChecksumsAsset = (name: string) => name.startsWith(CHECKSUMS_PREFIX) && name.endsWith(".txt");

export const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

/** `<hex>  <name>` lines into a map (a `*` before the name, binary mode, is accepted). */
export function parseChecksums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line.trim());
    if (m) out.set(m[2]!, m[1]!.toLowerCase());
  }
  return out;
}

export function renderChecksums(sums: ReadonlyMap<string, string>): string {
  return [...sums]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, hex]) => `${hex}  ${name}\n`)
    .join("");
}

export interface DigestCheck {
  name: string;
  recorded: string;
  /** GitHub's digest without its prefix; null when GitHub gave none */
  digest: string | null;
  ok: boolean;
}

export interface DigestReport {
  checked: DigestCheck[];
  /** names a checksums file lists that the release does not have */
  missing: string[];
  /** assets no checksums file lists (checksums files themselves left out) */
  unrecorded: string[];
}

/** Compare every recorded checksum with the digest GitHub reports for that asset. */
export function compareDigests(
  recorded: ReadonlyMap<string, string>,
  assets: readonly { name: string; digest?: string | null }[],
): DigestReport {
  const prefix = ASSET_DIGEST.value.prefix;
  const byName = new Map(assets.map((a) => [a.name, a.digest ?? null]));
  const checked: DigestCheck[] = [];
  const missing: string[] = [];
  for (const [name, hex] of [...recorded].sort(([a], [b]) => a.localeCompare(b))) {
    if (!byName.has(name)) {
      missing.push(name);
      continue;
    }
    const raw = byName.get(name);
    const digest = raw?.startsWith(prefix) ? raw.slice(prefix.length).toLowerCase() : null;
    checked.push({ name, recorded: hex, digest, ok: digest === hex });
  }
  const unrecorded = assets.map((a) => a.name).filter((n) => !recorded.has(n) && !isChecksumsAsset(n));
  return { checked, missing, unrecorded: unrecorded.sort() };
}
