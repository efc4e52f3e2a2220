/**
 * The GitHub Release, made with the operator's token: published (never a draft,
 * which emits no `published` event), latest for a stable version, flagged for a
 * pre-release. Idempotent: a release that already exists for the tag is updated,
 * so rerunning the cut never makes a second one.
 */
import type { GitHub } from "./client.ts";
import { githubError, httpFailure, isNotFound } from "./errors.ts";

export interface ReleaseRef {
  id: number;
  html_url: string;
  tag_name: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  /** login of whoever published it (`github-actions[bot]` for the workflow token) */
  author: string | null;
}

export interface PublishReleaseInput {
  /** "owner/name" */
  repo: string;
  tag: string;
  title: string;
  notes: string;
  prerelease: boolean;
  /** the release commit; GitHub only uses it when the tag does not exist yet */
  targetCommitish?: string;
}

export interface PublishedRelease {
  id: number;
  html_url: string;
  /** false when a release for the tag existed and was updated */
  created: boolean;
}

export function splitRepo(repo: string): { owner: string; repo: string } {
  const [owner, name, ...rest] = repo.split("/");
  if (!owner || !name || rest.length) throw new Error(`bug: repository "${repo}" is not owner/name`);
  return { owner, repo: name };
}

function toRef(d: {
  id: number;
  html_url: string;
  tag_name: string;
  name: string | null;
  body?: string | null;
  draft: boolean;
  prerelease: boolean;
  author?: { login: string } | null;
}): ReleaseRef {
  return {
    id: d.id,
    html_url: d.html_url,
    tag_name: d.tag_name,
    name: d.name,
    body: d.body ?? null,
    draft: d.draft,
    prerelease: d.prerelease,
    author: d.author?.login ?? null,
  };
}

/** The release for a tag, drafts included (GitHub's by-tag lookup does not see drafts). */
export async function findReleaseByTag(gh: GitHub, repo: string, tag: string): Promise<ReleaseRef | null> {
  const r = splitRepo(repo);
  try {
    return toRef((await gh.rest.repos.getReleaseByTag({ ...r, tag })).data);
  } catch (e) {
    if (!isNotFound(e)) throw githubError(e, `read the release for ${tag}`, { repo, code: "github.release" });
  }
  try {
    const recent = await gh.rest.repos.listReleases({ ...r, per_page: 100 });
    const draft = recent.data.find((d) => d.tag_name === tag);
    return draft ? toRef(draft) : null;
  } catch (e) {
    throw githubError(e, `list the releases of ${repo}`, { repo, code: "github.release" });
  }
}

/** What to send: every field explicit, so an update makes the release exactly what a create would. */
export function releaseFields(input: PublishReleaseInput) {
  return {
    name: input.title,
    body: input.notes,
    draft: false,
    prerelease: input.prerelease,
    // A pre-release must never become "latest": the updater and install docs follow it.
    make_latest: (input.prerelease ? "false" : "true") as "true" | "false",
  };
}

export async function publishRelease(gh: GitHub, input: PublishReleaseInput): Promise<PublishedRelease> {
  const r = splitRepo(input.repo);
  const fields = releaseFields(input);
  const update = async (existing: ReleaseRef): Promise<PublishedRelease> => {
    try {
      const d = (await gh.rest.repos.updateRelease({ ...r, release_id: existing.id, ...fields })).data;
      return { id: d.id, html_url: d.html_url, created: false };
    } catch (e) {
      throw githubError(e, `update the release for ${input.tag}`, { repo: input.repo, code: "github.release" });
    }
  };
  const existing = await findReleaseByTag(gh, input.repo, input.tag);
  if (existing) return update(existing);
  try {
    const d = (
      await gh.rest.repos.createRelease({
        ...r,
        tag_name: input.tag,
        ...(input.targetCommitish ? { target_commitish: input.targetCommitish } : {}),
        ...fields,
      })
    ).data;
    return { id: d.id, html_url: d.html_url, created: true };
  } catch (e) {
    // Another run made it between our look-up and our create (or a retried create landed): update it.
    if (httpFailure(e).status === 422) {
      const raced = await findReleaseByTag(gh, input.repo, input.tag);
      if (raced) return update(raced);
    }
    throw githubError(e, `create the release for ${input.tag}`, { repo: input.repo, code: "github.release" });
  }
}
