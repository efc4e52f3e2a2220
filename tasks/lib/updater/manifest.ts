/**
 * `latest.json`, the static manifest Tauri's updater reads: a version, optional notes
 * and date, and per platform key the URL of the updater artifact and the content of
 * that artifact's `.sig`. Pure: shape validation, the check that each entry points at
 * the file its signature signed (a DMG with the `.app.tar.gz` signature is refused),
 * and the merge that keeps every entry, note and field it does not set.
 */
import { ReleaseError } from "../core/errors.ts";
import { isValid } from "../release/version.ts";
import { classifyArtifact, parsePlatformKey } from "./platforms.ts";

/** The manifest's name on the release, the one the app's updater endpoint downloads. */
export const MANIFEST_NAME = "latest.json";

export interface ManifestEntry {
  signature: string;
  url: string;
}

export interface LatestJson {
  version: string;
  notes: string;
  /** optional for the updater; this toolkit always writes it */
  pub_date?: string;
  platforms: Record<string, ManifestEntry>;
}

/** One entry to write: the platform key, the asset it points at and the `.sig` it carries. */
export interface PlannedEntry {
  key: string;
  asset: string;
  signatureFile: string;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const FIX =
  "Fix or delete latest.json on the release, then run the finalizer (or tasks/updater-manifest.ts) again; each entry is rebuilt from the release's signed artifacts.";

const invalid = (field: string, state: string) =>
  new ReleaseError("updater.latest-json", `Cannot use latest.json: ${field} ${state}`, FIX);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The decoded minisign signature file of a Tauri `.sig` (base64 of the whole file), or undefined. */
export function decodeSignature(sig: string): string | undefined {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(sig)) return undefined;
  const text = Buffer.from(sig.replace(/\s+/g, ""), "base64").toString("utf8");
  return text.startsWith("untrusted comment:") ? text : undefined;
}

/**
 * The file name the signer wrote into the trusted comment: tab-separated fields,
 * `timestamp:N\tfile:NAME` (the Tauri signer adds `\tversion:V` with --app-version).
 */
export function signedFileName(sig: string): string | undefined {
  const trusted = decodeSignature(sig)
    ?.split(/\r?\n/)
    .find((l) => l.startsWith("trusted comment:"));
  const field = trusted
    ?.slice("trusted comment:".length)
    .trim()
    .split("\t")
    .find((f) => f.startsWith("file:"));
  return field?.slice("file:".length);
}

function assetName(url: URL): string {
  return decodeURIComponent(url.pathname.split("/").pop() ?? "");
}

/** Every entry must point at an updater artifact of its own OS, installer and arch, signed under that name. */
function checkEntry(key: string, value: unknown): ManifestEntry {
  const at = `platforms["${key}"]`;
  const platform = parsePlatformKey(key);
  if (!platform)
    throw invalid(
      at,
      "is not a Tauri platform key ({os}-{arch}[-{installer}], e.g. darwin-aarch64 or darwin-x86_64-app)",
    );
  if (!isRecord(value)) throw invalid(at, "is not an object with signature and url");
  if (typeof value.signature !== "string" || !value.signature)
    throw invalid(`${at}.signature`, "is missing or empty (the updater refuses an unsigned update)");
  if (!decodeSignature(value.signature))
    throw invalid(`${at}.signature`, "is not the content of a Tauri .sig file (base64 of a minisign signature)");
  if (typeof value.url !== "string") throw invalid(`${at}.url`, "is missing or not a string");
  let url: URL;
  try {
    url = new URL(value.url);
  } catch {
    throw invalid(`${at}.url`, `is not a URL (${value.url})`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw invalid(`${at}.url`, `is not an http(s) URL (${value.url})`);
  const name = assetName(url);
  // The updater installs an archive or installer; a disk image it cannot open.
  if (/\.dmg$/i.test(name))
    throw invalid(`${at}.url`, `points at ${name}, a disk image the updater cannot install (use the .app.tar.gz)`);
  const artifact = classifyArtifact(name);
  // A name in Tauri's scheme must match the key; another scheme (a renamed archive) is judged by its signature alone.
  if (artifact) {
    const archOk = artifact.arch === platform.arch || (artifact.arch === "universal" && platform.os === "darwin");
    if (artifact.os !== platform.os || !archOk)
      throw invalid(`${at}.url`, `points at ${name}, an artifact for ${artifact.os}-${artifact.arch}`);
    if (platform.installer && artifact.installer !== platform.installer)
      throw invalid(
        `${at}.url`,
        `points at ${name}, an artifact for the ${artifact.installer} installer, not ${platform.installer}`,
      );
  }
  const signed = signedFileName(value.signature);
  if (signed !== undefined && signed !== name)
    throw invalid(`${at}.signature`, `signs ${signed}, not ${name} (the URL's file); the updater would reject it`);
  return { ...value, signature: value.signature, url: value.url };
}

export function validateLatestJson(doc: unknown): LatestJson {
  if (!isRecord(doc)) throw invalid("the document", "is not a JSON object");
  if (typeof doc.version !== "string" || !isValid(doc.version.replace(/^v/, "")))
    throw invalid("version", `is not a semantic version (${JSON.stringify(doc.version)})`);
  if (doc.notes !== undefined && typeof doc.notes !== "string") throw invalid("notes", "is not a string");
  // Optional for the updater, but when present it must parse (the plugin fails the whole check otherwise).
  const date = doc.pub_date;
  if (date !== undefined && (typeof date !== "string" || !RFC3339.test(date) || Number.isNaN(Date.parse(date))))
    throw invalid("pub_date", `is not an RFC 3339 date (${JSON.stringify(date)})`);
  if (!isRecord(doc.platforms) || Object.keys(doc.platforms).length === 0)
    throw invalid("platforms", "is missing or empty");
  const platforms: LatestJson["platforms"] = {};
  for (const [key, value] of Object.entries(doc.platforms)) platforms[key] = checkEntry(key, value);
  return { ...doc, version: doc.version, notes: doc.notes ?? "", pub_date: date as string | undefined, platforms };
}

/** An existing manifest only has to be shaped right: its version and date are replaced anyway. */
export function readExisting(existing: unknown): { rest: Record<string, unknown>; platforms: Record<string, unknown> } {
  if (existing === undefined || existing === null) return { rest: {}, platforms: {} };
  let doc = existing;
  if (typeof existing === "string" || Buffer.isBuffer(existing)) {
    try {
      doc = JSON.parse(String(existing));
    } catch (e) {
      throw invalid("the existing document", `is not JSON (${(e as Error).message})`);
    }
  }
  if (!isRecord(doc)) throw invalid("the existing document", "is not a JSON object");
  if (doc.platforms !== undefined && !isRecord(doc.platforms))
    throw invalid("platforms (existing)", "is not an object");
  const platforms = (doc.platforms ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(platforms)) checkEntry(key, value);
  return { rest: doc, platforms };
}

export interface MergeInput {
  version: string;
  /** undefined keeps the existing notes, else `fallbackNotes`, else "" */
  notes?: string;
  /** the notes when none are given and the manifest has none (the release's body) */
  fallbackNotes?: string;
  pubDate: string;
  entries: Record<string, ManifestEntry>;
}

/** The new manifest: the given entries set, every other platform and field kept, validated. */
export function mergeManifest(existing: unknown, input: MergeInput): LatestJson {
  const version = input.version.replace(/^v(?=\d)/, "");
  if (!isValid(version)) throw invalid("version", `is not a semantic version (${JSON.stringify(input.version)})`);
  const { rest, platforms } = readExisting(existing);
  const entries = Object.fromEntries(
    Object.entries(input.entries).map(([k, e]) => [k, { signature: e.signature.trim(), url: e.url }]),
  );
  const notes = input.notes ?? (typeof rest.notes === "string" ? rest.notes : (input.fallbackNotes ?? ""));
  return validateLatestJson({
    ...rest,
    version,
    notes,
    pub_date: input.pubDate,
    platforms: { ...platforms, ...entries },
  });
}

/** The file as uploaded: stable key order, two-space indent, final newline. */
export function renderLatestJson(doc: LatestJson): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A release asset's download URL, as GitHub serves it (what latest.json points at). */
export function releaseAssetUrl(repo: string, tag: string, name: string, server = "https://github.com"): string {
  return `${server.replace(/\/$/, "")}/${repo}/releases/download/${encodeURIComponent(tag)}/${encodeURIComponent(name)}`;
}
