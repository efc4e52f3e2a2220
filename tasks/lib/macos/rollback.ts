/**
 * Rolling the updater back: the Tauri updater reads latest.json from the latest
 * release, so putting an earlier version's manifest there makes installed apps stop
 * being offered a bad update (they only move to a version newer than their own).
 */
import type { GitHub } from "../github/client.ts";
import { githubError } from "../github/errors.ts";
import { findReleaseByTag, splitRepo } from "../github/releases.ts";
import { ReleaseError } from "../core/errors.ts";
import { isValid } from "../release/version.ts";
import { downloadReleaseAsset, uploadNamedAssets } from "./release-assets.ts";
import { renderLatestJson, validateLatestJson } from "../updater/manifest.ts";

export const MANIFEST = "latest.json";

export interface RollbackResult {
  /** the release whose manifest was restored */
  from: string;
  /** the latest release it was put on */
  to: string;
  version: string;
}

function parseManifest(bytes: Buffer, tag: string): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    throw new ReleaseError(
      "updater.latest-json",
      `Cannot roll back to ${tag}: its latest.json is not JSON (${(e as Error).message})`,
      "Pick another earlier version whose release has a valid latest.json.",
    );
  }
}

export async function rollbackUpdaterTo(
  gh: GitHub,
  opts: { repo: string; version: string; tagPrefix: string },
): Promise<RollbackResult> {
  const version = opts.version.replace(/^v(?=\d)/, "");
  if (!isValid(version))
    throw new ReleaseError(
      "updater.rollback",
      `Cannot roll back the updater: "${opts.version}" is not a version`,
      "Pass the earlier version, e.g. `rollback-updater 1.3.2`.",
    );
  const tag = `${opts.tagPrefix}${version}`;
  // Looked up first, so a version that was never released is a rollback refusal, not an upload error.
  if (!(await findReleaseByTag(gh, opts.repo, tag)))
    throw new ReleaseError(
      "updater.rollback",
      `Cannot roll back the updater to ${version}: ${opts.repo} has no release ${tag}; latest.json was not changed`,
      "Pick a version that was released (`gh release list`), with the tag prefix of release.config.ts.",
    );
  const bytes = await downloadReleaseAsset(gh, { repo: opts.repo, tag, name: MANIFEST });
  if (!bytes)
    throw new ReleaseError(
      "updater.rollback",
      `Cannot roll back to ${tag}: that release has no ${MANIFEST}`,
      "Pick an earlier version whose macOS build published a latest.json.",
    );
  const doc = validateLatestJson(parseManifest(bytes, tag));
  if (doc.version.replace(/^v/, "") !== version) {
    throw new ReleaseError(
      "updater.rollback",
      `Cannot roll back to ${tag}: its latest.json announces version ${doc.version}`,
      "Fix that release's latest.json first; restoring it would offer the wrong version.",
    );
  }
  let latest: string;
  try {
    latest = (await gh.rest.repos.getLatestRelease(splitRepo(opts.repo))).data.tag_name;
  } catch (e) {
    throw githubError(e, "find the latest release", { repo: opts.repo, code: "github.release" });
  }
  await uploadNamedAssets(gh, {
    repo: opts.repo,
    tag: latest,
    assets: [{ name: MANIFEST, data: Buffer.from(renderLatestJson(doc)) }],
  });
  return { from: tag, to: latest, version };
}

export async function rollbackUpdater(
  gh: GitHub,
  opts: { repo: string; version: string; tagPrefix: string },
): Promise<void> {
  await rollbackUpdaterTo(gh, opts);
}
