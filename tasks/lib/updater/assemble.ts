/**
 * The `updater-manifest` step: read the release (its assets, its body, the
 * `latest.json` already there), plan one entry per platform key from the signed
 * updater artifacts, fetch each `.sig`, check it was made by the configured key for
 * that very file, validate the whole manifest, and upload it once. Every read happens
 * before the single write; `--plan` stops before it.
 */
import type { GitHub } from "../github/client.ts";
import { githubError } from "../github/errors.ts";
import { splitRepo } from "../github/releases.ts";
import { ReleaseError } from "../core/errors.ts";
import { isValid } from "../release/version.ts";
import {
  downloadReleaseAsset,
  listAssets,
  releaseForRead,
  releaseForUpload,
  uploadNamedAssets,
} from "../github/release-assets.ts";
import { parsePublicKey } from "../signing/minisign.ts";
import { planEntries } from "./entries.ts";
import {
  decodeSignature,
  MANIFEST_NAME,
  mergeManifest,
  renderLatestJson,
  type LatestJson,
  type PlannedEntry,
} from "./manifest.ts";

export interface ManifestRequest {
  gh: GitHub;
  repo: string;
  tag: string;
  tagPrefix: string;
  /** default: the release's body, else the existing manifest's notes */
  notes?: string;
  now: Date;
  /** tauri.conf.json's plugins.updater.pubkey: every signature must come from its key */
  pubkey?: string;
  upload: boolean;
  /** record latest.json's sha256 in this checksums asset */
  checksums?: string;
}

export interface ManifestReport {
  tag: string;
  version: string;
  entries: (PlannedEntry & { url: string })[];
  skipped: { asset: string; why: string }[];
  manifest: LatestJson;
  uploaded: boolean;
}

/** The release's version from its tag; a tag that is not prefix + semver is refused. */
export function versionFromTag(tag: string, tagPrefix: string): string {
  const version = tag.startsWith(tagPrefix) ? tag.slice(tagPrefix.length) : tag;
  if (!isValid(version)) {
    throw new ReleaseError(
      "updater.version",
      `Cannot assemble latest.json for ${tag}: "${version}" is not a semantic version`,
      `Pass the release's tag (${tagPrefix}X.Y.Z with tagPrefix "${tagPrefix}" from release.config.ts).`,
    );
  }
  return version;
}

/** The key id a `.sig` was made with (from its signature line). */
function signatureKeyId(sig: string): string | undefined {
  const line = decodeSignature(sig)?.split(/\r?\n/)[1];
  const bytes = line ? Buffer.from(line.trim(), "base64") : undefined;
  return bytes && bytes.length === 74
    ? Buffer.from(bytes.subarray(2, 10)).reverse().toString("hex").toUpperCase()
    : undefined;
}

/** The fields of the manifest already there (a damaged one is replaced whole). */
function parseOrEmpty(bytes: Buffer): Record<string, unknown> {
  try {
    const doc = JSON.parse(bytes.toString("utf8"));
    return doc && typeof doc === "object" && !Array.isArray(doc) ? doc : {};
  } catch {
    return {};
  }
}

export async function assembleManifest(r: ManifestRequest): Promise<ManifestReport> {
  const version = versionFromTag(r.tag, r.tagPrefix);
  // The draft receives latest.json; --plan only reads, so a published release may be planned too.
  const release = await (r.upload ? releaseForUpload : releaseForRead)(r.gh, r.repo, r.tag);
  let body: string | null | undefined;
  try {
    body = (await r.gh.rest.repos.getRelease({ ...splitRepo(r.repo), release_id: release.id })).data.body;
  } catch (e) {
    throw githubError(e, `read the release ${r.tag}`, { repo: r.repo, code: "github.release" });
  }
  const assets = await listAssets(r.gh, r.repo, release.id);
  const plan = planEntries(assets.map((a) => a.name));
  if (!plan.entries.length) {
    throw new ReleaseError(
      "updater.no-artifacts",
      `Cannot assemble latest.json for ${r.tag}: the release has no signed updater artifact (${plan.skipped.length ? plan.skipped.map((s) => s.why).join("; ") : "no .app.tar.gz, AppImage, deb, rpm, msi or setup.exe with a .sig"})`,
      "Run this after every build leg has uploaded its artifacts and their .sig files (createUpdaterArtifacts in tauri.conf.json).",
    );
  }
  const keyId = r.pubkey ? parsePublicKey(r.pubkey).keyId : undefined;
  const sigs = new Map<string, string>();
  for (const name of new Set(plan.entries.map((e) => e.signatureFile))) {
    const bytes = await downloadReleaseAsset(r.gh, { repo: r.repo, tag: r.tag, name });
    const sig = bytes?.toString("utf8").trim() ?? "";
    const signer = signatureKeyId(sig);
    if (!signer)
      throw new ReleaseError(
        "updater.signature",
        `Cannot assemble latest.json: ${name} on ${r.tag} is not a Tauri signature file`,
        "Upload the .sig the Tauri signer wrote beside the artifact.",
      );
    if (keyId && signer !== keyId)
      throw new ReleaseError(
        "updater.signature",
        `Cannot assemble latest.json: ${name} was signed with key ${signer}, but tauri.conf.json's pubkey is ${keyId}`,
        "Sign every platform's artifact with the key whose public half is configured (TAURI_SIGNING_PRIVATE_KEY), then upload again.",
      );
    sigs.set(name, sig);
  }
  const url = new Map(assets.map((a) => [a.name, a.browser_download_url]));
  const existingBytes = await downloadReleaseAsset(r.gh, { repo: r.repo, tag: r.tag, name: MANIFEST_NAME });
  const entries = plan.entries.map((e) => ({ ...e, url: url.get(e.asset)! }));
  // Platforms are rebuilt from the release's assets: an old entry would point at a file that may be gone.
  const existing = existingBytes ? { ...parseOrEmpty(existingBytes), platforms: {} } : undefined;
  const manifest = mergeManifest(existing, {
    version,
    notes: r.notes ?? (body || undefined),
    pubDate: r.now.toISOString(),
    entries: Object.fromEntries(entries.map((e) => [e.key, { url: e.url, signature: sigs.get(e.signatureFile)! }])),
  });
  if (r.upload) {
    await uploadNamedAssets(r.gh, {
      repo: r.repo,
      tag: r.tag,
      assets: [{ name: MANIFEST_NAME, data: Buffer.from(renderLatestJson(manifest)) }],
      ...(r.checksums ? { checksums: r.checksums } : {}),
    });
  }
  return { tag: r.tag, version, entries, skipped: plan.skipped, manifest, uploaded: r.upload };
}

export function renderReport(r: ManifestReport): string {
  const lines = [`latest.json for ${r.tag} (version ${r.version}), ${r.entries.length} entries:`];
  for (const e of r.entries) lines.push(`  ${e.key.padEnd(24)} ${e.asset}  (signature: ${e.signatureFile})`);
  for (const s of r.skipped) lines.push(`  skipped ${s.asset}: ${s.why}`);
  lines.push(r.uploaded ? `uploaded ${MANIFEST_NAME} to ${r.tag}` : "not uploaded (--plan)");
  return lines.join("\n");
}
