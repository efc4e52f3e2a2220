/**
 * The repository's immutable-releases setting, read with the operator's token, and
 * the rule every upload obeys: assets go into a draft, never into a published release.
 */
import { ReleaseError } from "../core/errors.ts";
import { IMMUTABLE_SETTING_ENDPOINT } from "../core/platform/releases.ts";
import type { GitHub } from "./client.ts";
import { httpFailure } from "./errors.ts";
import { splitRepo, type ReleaseRef } from "./releases.ts";

export interface ImmutableSetting {
  state: "on" | "off" | "unknown";
  /** switched on for the repository by its organisation (the repository cannot turn it off) */
  enforcedByOwner?: boolean;
  /** for "unknown": why it could not be read */
  why?: string;
}

/** Decide from the answer (pure): 200 is on, 404 is off only for a token that may read the setting. */
export function settingFrom(
  answer: { status: number; data?: { enabled?: boolean; enforced_by_owner?: boolean }; message?: string },
  admin: boolean | undefined,
): ImmutableSetting {
  if (answer.status === 200)
    return answer.data?.enabled === false
      ? { state: "off" }
      : { state: "on", enforcedByOwner: Boolean(answer.data?.enforced_by_owner) };
  if (answer.status === 404 && admin !== false) return { state: "off" };
  const why =
    answer.status === 404 || answer.status === 403
      ? "the token has no admin read access to the repository (the setting is visible to admins only)"
      : `GitHub answered ${answer.status || "nothing"}${answer.message ? ` (${answer.message})` : ""}`;
  return { state: "unknown", why };
}

/** Read the setting (`GET /repos/{owner}/{repo}/immutable-releases`); never throws. */
export async function readImmutableSetting(gh: GitHub, repo: string): Promise<ImmutableSetting> {
  const r = splitRepo(repo);
  let admin: boolean | undefined;
  try {
    admin = (await gh.rest.repos.get(r)).data.permissions?.admin;
  } catch {
    /* the answer below says what went wrong */
  }
  try {
    const { status, data } = await gh.request(IMMUTABLE_SETTING_ENDPOINT.value, r);
    return settingFrom({ status, data: data as { enabled?: boolean; enforced_by_owner?: boolean } }, admin);
  } catch (e) {
    const f = httpFailure(e);
    return settingFrom({ status: f.status ?? 0, message: f.message }, admin);
  }
}

/** Why an upload into this release must not happen (pure); undefined for a draft. */
export function uploadRefusal(release: ReleaseRef, repo: string): ReleaseError | undefined {
  if (release.draft) return undefined;
  if (release.immutable)
    return new ReleaseError(
      "release.immutable",
      `Cannot upload to ${release.tag_name}: the release is published and immutable, GitHub refuses any new, replaced or deleted asset (it would answer 422)`,
      `Nothing can be attached to ${release.tag_name} any more, and its tag can never be reused: cut the next patch version (\`tsx release.ts --yes --bump patch\`), whose draft receives the assets before it is published.`,
    );
  return new ReleaseError(
    "release.published",
    `Cannot upload to ${release.tag_name}: the release is already published (the contract attaches assets to the draft, before publication)`,
    `The release cut publishes the draft only once every asset is there. If ${release.tag_name} really lacks an asset and ${repo} does not enforce immutable releases, attach it by hand (\`gh release upload ${release.tag_name} FILE --repo ${repo}\`); otherwise cut the next patch version.`,
  );
}
