/**
 * Rolling the updater back, without touching any asset: Tauri's updater reads
 * `latest.json` from the release GitHub marks as the latest one
 * (`/releases/latest/download/latest.json`), so marking the earlier release as latest
 * makes every installed app and every new install see the earlier version again.
 * Nothing is uploaded (a published immutable release refuses any new asset), nothing
 * is deleted (its tag would be burnt).
 *
 * What that does and does not do: the updater only ever moves an app to a version
 * newer than its own, so apps older than the bad version stop being offered it, and
 * apps that already installed it stay there until a newer version is published: the
 * fix that reaches them is the next patch release (revert, then `tsx release.ts --yes`).
 * Whether GitHub lets "latest" move on an immutable release is documented both ways;
 * a refusal is reported as such, with that same next-patch fix.
 */
import type { GitHub } from "../github/client.ts";
import { githubError, httpFailure, isNotFound } from "../github/errors.ts";
import { findReleaseByTag, splitRepo } from "../github/releases.ts";
import { ReleaseError } from "../core/errors.ts";
import { isValid } from "../release/version.ts";
import { downloadReleaseAsset } from "../github/release-assets.ts";
import { MANIFEST_NAME, validateLatestJson } from "../updater/manifest.ts";

export interface RollbackResult {
  /** the release now marked latest */
  to: string;
  /** the release that was latest before (null when none was) */
  from: string | null;
  version: string;
  /** false when it already was the latest release (nothing changed) */
  changed: boolean;
}

const NEXT_PATCH =
  "To move the apps that already installed the bad version, revert the change and cut the next patch version (`tsx release.ts --yes --bump patch`): the updater only offers versions newer than the installed one.";

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

/** The earlier release, published and serving a latest.json that announces its own version. */
async function earlierRelease(gh: GitHub, repo: string, version: string, tag: string) {
  const found = await findReleaseByTag(gh, repo, tag);
  if (!found || found.draft)
    throw new ReleaseError(
      "updater.rollback",
      `Cannot roll back the updater to ${version}: ${repo} has no ${found ? "published " : ""}release ${tag}; nothing was changed`,
      "Pick a version that was released (`gh release list`), with the tag prefix of release.config.ts.",
    );
  if (found.prerelease)
    throw new ReleaseError(
      "updater.rollback",
      `Cannot roll back to ${tag}: it is a pre-release, which GitHub never serves as the latest release`,
      "Pick an earlier stable version.",
    );
  const bytes = await downloadReleaseAsset(gh, { repo, tag, name: MANIFEST_NAME });
  if (!bytes)
    throw new ReleaseError(
      "updater.rollback",
      `Cannot roll back to ${tag}: that release has no ${MANIFEST_NAME}`,
      "Pick an earlier version whose build published a latest.json.",
    );
  const doc = validateLatestJson(parseManifest(bytes, tag));
  if (doc.version.replace(/^v/, "") !== version)
    throw new ReleaseError(
      "updater.rollback",
      `Cannot roll back to ${tag}: its latest.json announces version ${doc.version}`,
      "Pick another version: serving this manifest would offer the wrong version.",
    );
  return found;
}

async function latestTag(gh: GitHub, repo: string): Promise<string | null> {
  try {
    return (await gh.rest.repos.getLatestRelease(splitRepo(repo))).data.tag_name;
  } catch (e) {
    if (isNotFound(e)) return null;
    throw githubError(e, "find the latest release", { repo, code: "github.release" });
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
  const release = await earlierRelease(gh, opts.repo, version, tag);
  const from = await latestTag(gh, opts.repo);
  if (from === tag) return { to: tag, from, version, changed: false };
  try {
    await gh.rest.repos.updateRelease({ ...splitRepo(opts.repo), release_id: release.id, make_latest: "true" });
  } catch (e) {
    const f = httpFailure(e);
    if (f.status === 422)
      throw new ReleaseError(
        "updater.rollback",
        `Cannot roll back the updater to ${tag}: GitHub refuses to mark it as the latest release (${f.message})${release.immutable ? "; it is immutable, and GitHub's pages disagree on whether an immutable release's \"latest\" may change" : ""}. ${from ?? "No release"} stays latest.`,
        NEXT_PATCH,
      );
    throw githubError(e, `mark ${tag} as the latest release`, { repo: opts.repo, code: "updater.rollback" });
  }
  return { to: tag, from, version, changed: true };
}

/** What to tell the operator after a rollback (the next patch is the only way forward for apps on the bad version). */
export function rollbackAdvice(r: RollbackResult): string {
  if (!r.changed) return `${r.to} already is the latest release: installs and updates get ${r.version}.`;
  return `${r.to} is now the latest release (was ${r.from ?? "none"}): new installs and apps older than ${r.from ?? "it"} get ${r.version}. ${NEXT_PATCH}`;
}

export async function rollbackUpdater(
  gh: GitHub,
  opts: { repo: string; version: string; tagPrefix: string },
): Promise<RollbackResult> {
  return rollbackUpdaterTo(gh, opts);
}
