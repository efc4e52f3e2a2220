/**
 * The Tauri updater manifest (`latest.json`). Each platform's build sets only its own
 * entries; every other platform's entry, and any field this code does not know, is
 * kept as it was, so the macOS finalizer never erases the Windows or Linux update.
 */
import { ReleaseError } from "../core/errors.ts";
import { isValid } from "../release/version.ts";

export interface LatestJson {
  version: string;
  notes: string;
  pub_date: string;
  platforms: Record<string, { signature: string; url: string }>;
}

export interface LatestJsonEntry {
  version: string;
  notes: string;
  pubDate: string;
  arch: "aarch64" | "x86_64";
  /** the `.sig` file's content (base64), not its path */
  signature: string;
  /** where the updater archive is downloaded */
  url: string;
  /** for `darwin-<arch>-app`; default: `url` */
  appUrl?: string;
}

const PLATFORM_KEY = /^(darwin|linux|windows)-(x86_64|aarch64|i686|armv7)(-[a-z0-9]+)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const FIX =
  "Fix or delete latest.json on the release, then run the finalizer again; each platform's build re-adds its own entry.";

const invalid = (field: string, state: string) =>
  new ReleaseError("updater.latest-json", `Cannot use latest.json: ${field} ${state}`, FIX);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A Tauri signature is base64 of a minisign signature file (starts with "untrusted comment:"). */
function isTauriSignature(sig: string): boolean {
  if (!/^[A-Za-z0-9+/=]+$/.test(sig)) return false;
  return Buffer.from(sig, "base64").toString("utf8").startsWith("untrusted comment:");
}

function checkPlatform(key: string, value: unknown): { signature: string; url: string } {
  const at = `platforms["${key}"]`;
  if (!PLATFORM_KEY.test(key))
    throw invalid(at, "is not a Tauri platform key (like darwin-aarch64 or darwin-aarch64-app)");
  if (!isRecord(value)) throw invalid(at, "is not an object with signature and url");
  if (typeof value.signature !== "string" || !value.signature)
    throw invalid(`${at}.signature`, "is missing or not a string");
  if (!isTauriSignature(value.signature))
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
  return { ...value, signature: value.signature, url: value.url };
}

export function validateLatestJson(doc: unknown): LatestJson {
  if (!isRecord(doc)) throw invalid("the document", "is not a JSON object");
  if (typeof doc.version !== "string" || !isValid(doc.version.replace(/^v/, "")))
    throw invalid("version", `is not a semantic version (${JSON.stringify(doc.version)})`);
  if (doc.notes !== undefined && typeof doc.notes !== "string") throw invalid("notes", "is not a string");
  if (typeof doc.pub_date !== "string" || !RFC3339.test(doc.pub_date) || Number.isNaN(Date.parse(doc.pub_date))) {
    throw invalid("pub_date", `is not an RFC 3339 date (${JSON.stringify(doc.pub_date)})`);
  }
  if (!isRecord(doc.platforms) || Object.keys(doc.platforms).length === 0)
    throw invalid("platforms", "is missing or empty");
  const platforms: LatestJson["platforms"] = {};
  for (const [key, value] of Object.entries(doc.platforms)) platforms[key] = checkPlatform(key, value);
  return { ...doc, version: doc.version, notes: doc.notes ?? "", pub_date: doc.pub_date, platforms };
}

/** An existing manifest only has to be shaped right: its version and date are replaced anyway. */
function readExisting(existing: unknown): { rest: Record<string, unknown>; platforms: Record<string, unknown> } {
  if (existing === undefined || existing === null) return { rest: {}, platforms: {} };
  const doc = typeof existing === "string" || Buffer.isBuffer(existing) ? parse(String(existing)) : existing;
  if (!isRecord(doc)) throw invalid("the existing document", "is not a JSON object");
  if (doc.platforms !== undefined && !isRecord(doc.platforms))
    throw invalid("platforms (existing)", "is not an object");
  const platforms = (doc.platforms ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(platforms)) checkPlatform(key, value);
  return { rest: doc, platforms };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw invalid("the existing document", `is not JSON (${(e as Error).message})`);
  }
}

export function mergeLatestJson(existing: unknown | undefined, entry: LatestJsonEntry): LatestJson {
  const { rest, platforms } = readExisting(existing);
  const signature = entry.signature.trim();
  const merged = {
    ...rest,
    version: entry.version,
    notes: entry.notes,
    pub_date: entry.pubDate,
    platforms: {
      ...platforms,
      [`darwin-${entry.arch}`]: { signature, url: entry.url },
      [`darwin-${entry.arch}-app`]: { signature, url: entry.appUrl ?? entry.url },
    },
  };
  return validateLatestJson(merged);
}

/** The file as uploaded: stable key order from the merge, two-space indent, final newline. */
export function renderLatestJson(doc: LatestJson): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
