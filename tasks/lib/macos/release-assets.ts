/**
 * Publishing the macOS artifacts to the release the cut already made: upload,
 * replacing assets of the same name, and download (the current latest.json). Nothing
 * here ever creates a release — a missing release is a refusal with a fix, because a
 * release made by CI would not start the other workflows (see DESIGN, failure 1).
 */
import { lstat, readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { GitHub } from "../github/client.ts";
import { githubError, isNotFound } from "../github/errors.ts";
import { findReleaseByTag, splitRepo } from "../github/releases.ts";
import { ReleaseError } from "../core/errors.ts";

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
  return [...items.filter((i) => i.name !== "latest.json"), ...items.filter((i) => i.name === "latest.json")];
}

/** The release for a tag (drafts included) with its upload URL; a missing one is a refusal. */
export async function releaseForUpload(
  gh: GitHub,
  repo: string,
  tag: string,
): Promise<{ id: number; upload_url: string; html_url: string; body: string | null }> {
  const found = await findReleaseByTag(gh, repo, tag);
  if (!found) {
    throw new ReleaseError(
      "release.missing",
      `Cannot publish to the release ${tag}: ${repo} has no release for that tag`,
      `The release cut creates it (\`tsx release.ts --yes\`); this step never creates one. Check --release-tag (CI passes github.event.release.tag_name) and --github-repo.`,
    );
  }
  try {
    const { data } = await gh.rest.repos.getRelease({ ...splitRepo(repo), release_id: found.id });
    return { id: data.id, upload_url: data.upload_url, html_url: data.html_url, body: data.body ?? null };
  } catch (e) {
    throw githubError(e, `read the release ${tag}`, { repo, code: "github.release" });
  }
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
export async function uploadNamedAssets(
  gh: GitHub,
  opts: { repo: string; tag: string; assets: NamedBytes[] },
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
  for (const asset of uploadOrder(opts.assets)) {
    const old = existing.find((a) => a.name === asset.name);
    if (old) {
      try {
        await gh.rest.repos.deleteReleaseAsset({ ...splitRepo(opts.repo), asset_id: old.id });
      } catch (e) {
        if (!isNotFound(e))
          throw githubError(e, `replace ${asset.name} on ${opts.tag}`, { repo: opts.repo, code: "release.upload" });
      }
    }
    try {
      const { data } = await gh.request({
        method: "POST",
        url: release.upload_url,
        name: asset.name,
        data: asset.data,
        headers: { "content-type": contentTypeFor(asset.name), "content-length": asset.data.length },
      });
      const uploaded = data as { name: string; browser_download_url: string };
      results.push({ name: uploaded.name, replaced: Boolean(old), url: uploaded.browser_download_url });
    } catch (e) {
      const err = githubError(
        e,
        `upload ${asset.name} to ${opts.tag}${old ? " (the previous asset of that name was already removed)" : ""}`,
        { repo: opts.repo, code: "release.upload" },
      );
      throw new ReleaseError(
        err.code,
        err.message,
        `${err.fix} Running the finalizer again uploads every asset again.`,
      );
    }
  }
  return results;
}

export async function uploadReleaseAssets(
  gh: GitHub,
  opts: { repo: string; tag: string; files: string[] },
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
  return uploadNamedAssets(gh, { repo: opts.repo, tag: opts.tag, assets });
}

/** An asset's bytes; undefined when the release has no asset of that name (a missing release is a refusal). */
export async function downloadReleaseAsset(
  gh: GitHub,
  opts: { repo: string; tag: string; name: string },
): Promise<Buffer | undefined> {
  const release = await releaseForUpload(gh, opts.repo, opts.tag);
  const asset = (await listAssets(gh, opts.repo, release.id)).find((a) => a.name === opts.name);
  if (!asset) return undefined;
  try {
    // The raw body: Octokit would otherwise parse an asset served as application/json
    // (latest.json as this toolkit uploads it) into an object.
    const { data } = await gh.rest.repos.getReleaseAsset({
      ...splitRepo(opts.repo),
      asset_id: asset.id,
      headers: { accept: "application/octet-stream" },
      request: { parseSuccessResponseBody: false },
    });
    return Buffer.from(await new Response(data as unknown as ReadableStream).arrayBuffer());
  } catch (e) {
    throw githubError(e, `download ${opts.name} from ${opts.tag}`, { repo: opts.repo, code: "github.release" });
  }
}
