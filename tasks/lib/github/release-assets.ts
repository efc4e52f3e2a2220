/**
 * Assets of the release the cut already made: upload to its draft, replacing assets
 * of the same name and recording their checksums, and download (the current
 * latest.json, a checksums file). Shared by the macOS finalizer, the updater manifest,
 * the upload entry and the cut's wait for assets. Nothing here ever creates a release
 * — a missing release is a refusal with a fix, because a release made by CI would not
 * start the other workflows (see DESIGN, failure 1).
 */
import { lstat, readFile } from "node:fs/promises";
import { basename } from "node:path";
import { ReleaseError } from "../core/errors.ts";
import { MANIFEST_NAME } from "../updater/manifest.ts";
import type { GitHub } from "./client.ts";
import { githubError, isNotFound } from "./errors.ts";
import { parseChecksums, renderChecksums, sha256 } from "./checksums.ts";
import { uploadRefusal } from "./immutable.ts";
import { findReleaseByTag, splitRepo, type ReleaseRef } from "./releases.ts";

export interface UploadedAsset {
  name: string;
  /** an asset of that name was there and was replaced */
  replaced: boolean;
  /** its browser_download_url (what latest.json points at) */
  url: string;
}

export interface NamedBytes {
  name: string;
  data: Buffer;
}

const CONTENT_TYPES: [RegExp, string][] = [
  [/\.tar\.gz$|\.tgz$/, "application/gzip"],
  [/\.json$/, "application/json"],
  [/\.sig$/, "text/plain"],
  [/\.dmg$/, "application/x-apple-diskimage"],
  [/\.zip$/, "application/zip"],
];

export function contentTypeFor(name: string): string {
  return CONTENT_TYPES.find(([re]) => re.test(name))?.[1] ?? "application/octet-stream";
}

/** The manifest goes last: an updater must never see a latest.json that points at an asset not uploaded yet. */
export function uploadOrder<T extends { name: string }>(items: T[]): T[] {
  return [...items.filter((i) => i.name !== MANIFEST_NAME), ...items.filter((i) => i.name === MANIFEST_NAME)];
}

/** The release for a tag (drafts included); a missing one is a refusal. */
export async function releaseForRead(gh: GitHub, repo: string, tag: string): Promise<ReleaseRef> {
  const found = await findReleaseByTag(gh, repo, tag);
  if (!found) {
    throw new ReleaseError(
      "release.missing",
      `Cannot find the release ${tag}: ${repo} has no release (not even a draft) for that tag`,
      `The release cut creates it as a draft (\`tsx release.ts --yes\`); no workflow ever creates one. Check --release-tag (the cut dispatches the build with the tag) and --github-repo.`,
    );
  }
  return found;
}

/** The draft to upload into: a published release is refused with the reason (never a bare 422). */
export async function releaseForUpload(gh: GitHub, repo: string, tag: string): Promise<ReleaseRef> {
  const found = await releaseForRead(gh, repo, tag);
  const refusal = uploadRefusal(found, repo);
  if (refusal) throw refusal;
  return found;
}

/** Every asset of a release (paginated). */
export async function listAssets(gh: GitHub, repo: string, releaseId: number) {
  try {
    return await gh.paginate(gh.rest.repos.listReleaseAssets, {
      ...splitRepo(repo),
      release_id: releaseId,
      per_page: 100,
    });
  } catch (e) {
    throw githubError(e, "list the release's assets", { repo, code: "github.release" });
  }
}

/** Upload bytes under their names, replacing same-name assets (GitHub cannot overwrite in place). */
type Draft = ReleaseRef;
type Existing = Awaited<ReturnType<typeof listAssets>>;

/** Put one asset on the draft, replacing one of the same name (GitHub cannot overwrite in place). */
async function putAsset(
  gh: GitHub,
  opts: { repo: string; tag: string },
  release: Draft,
  existing: Existing,
  asset: NamedBytes,
): Promise<UploadedAsset> {
  const old = existing.find((a) => a.name === asset.name);
  try {
    if (old) await gh.rest.repos.deleteReleaseAsset({ ...splitRepo(opts.repo), asset_id: old.id });
    const { data } = await gh.request({
      method: "POST",
      url: release.upload_url,
      name: asset.name,
      data: asset.data,
      headers: { "content-type": contentTypeFor(asset.name), "content-length": asset.data.length },
    });
    const uploaded = data as { name: string; browser_download_url: string };
    return { name: uploaded.name, replaced: Boolean(old), url: uploaded.browser_download_url };
  } catch (e) {
    if (isNotFound(e) && old) return putAsset(gh, opts, release, [], asset); // deleted meanwhile: upload
    // Published while we uploaded (422 from GitHub): say why, not "validation failed".
    const now = await findReleaseByTag(gh, opts.repo, opts.tag).catch(() => null);
    const refusal = now && uploadRefusal(now, opts.repo);
    if (refusal) throw refusal;
    const err = githubError(
      e,
      `upload ${asset.name} to ${opts.tag}${old ? " (the previous asset of that name was already removed)" : ""}`,
      { repo: opts.repo, code: "release.upload" },
    );
    throw new ReleaseError(
      err.code,
      err.message,
      `${err.fix} Running the same upload again uploads every asset again.`,
    );
  }
}

/** The checksums file after this upload: what it listed, with these assets' sums added or replaced. */
async function mergedChecksums(
  gh: GitHub,
  repo: string,
  existing: Existing,
  name: string,
  assets: NamedBytes[],
): Promise<NamedBytes> {
  const old = existing.find((a) => a.name === name);
  const sums = old ? parseChecksums((await assetBytes(gh, repo, old.id, name, "")).toString("utf8")) : new Map();
  for (const a of assets) sums.set(a.name, sha256(a.data));
  return { name, data: Buffer.from(renderChecksums(sums)) };
}

/**
 * Upload bytes under their names to the tag's draft, replacing same-name assets;
 * with `checksums`, also record each one's sha256 in that checksums asset (the sums
 * the cut later compares with GitHub's digests).
 */
export async function uploadNamedAssets(
  gh: GitHub,
  opts: { repo: string; tag: string; assets: NamedBytes[]; checksums?: string },
): Promise<UploadedAsset[]> {
  const names = opts.assets.map((a) => a.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    throw new ReleaseError(
      "release.upload",
      `Cannot upload two assets named ${dup} to ${opts.tag}`,
      "Give each artifact a distinct file name.",
    );
  const release = await releaseForUpload(gh, opts.repo, opts.tag);
  const existing = await listAssets(gh, opts.repo, release.id);
  const results: UploadedAsset[] = [];
  for (const asset of uploadOrder(opts.assets)) results.push(await putAsset(gh, opts, release, existing, asset));
  if (opts.checksums) {
    const sums = await mergedChecksums(gh, opts.repo, existing, opts.checksums, opts.assets);
    results.push(await putAsset(gh, opts, release, await listAssets(gh, opts.repo, release.id), sums));
  }
  return results;
}

export async function uploadReleaseAssets(
  gh: GitHub,
  opts: { repo: string; tag: string; files: string[]; checksums?: string },
): Promise<{ name: string; replaced: boolean; url: string }[]> {
  // Every file is read before the first request, so a missing one changes nothing on the release.
  const assets: NamedBytes[] = [];
  for (const file of opts.files) {
    const st = await lstat(file).catch(() => undefined);
    if (!st?.isFile())
      throw new ReleaseError(
        "release.upload",
        `Cannot upload ${file}: it is not a file`,
        "Build the artifacts first, or pass --skip-upload.",
      );
    assets.push({ name: basename(file), data: await readFile(file) });
  }
  return uploadNamedAssets(gh, { ...opts, assets });
}

/** An asset's bytes; undefined when the release has no asset of that name (a missing release is a refusal). */
export async function downloadReleaseAsset(
  gh: GitHub,
  opts: { repo: string; tag: string; name: string },
): Promise<Buffer | undefined> {
  const release = await releaseForRead(gh, opts.repo, opts.tag);
  const asset = (await listAssets(gh, opts.repo, release.id)).find((a) => a.name === opts.name);
  if (!asset) return undefined;
  return assetBytes(gh, opts.repo, asset.id, opts.name, opts.tag);
}

/** An asset's raw bytes by id (Octokit would otherwise parse an asset served as application/json). */
export async function assetBytes(gh: GitHub, repo: string, id: number, name: string, tag: string): Promise<Buffer> {
  try {
    const { data } = await gh.rest.repos.getReleaseAsset({
      ...splitRepo(repo),
      asset_id: id,
      headers: { accept: "application/octet-stream" },
      request: { parseSuccessResponseBody: false },
    });
    return Buffer.from(await new Response(data as unknown as ReadableStream).arrayBuffer());
  } catch (e) {
    throw githubError(e, `download ${name}${tag ? ` from ${tag}` : ""}`, { repo, code: "github.release" });
  }
}
