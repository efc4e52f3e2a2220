/**
 * The GitHub Release, made with the operator's token, draft first: the draft carries
 * the title, the notes and the pre-release flag while the builds attach every asset;
 * publishing it (`draft: false`, with "latest" for a stable version) is one call,
 * which emits the `published` event the other workflows listen for. Idempotent: a
 * release that already exists for the tag is reused, never duplicated, and a
 * published one is never turned back into a draft or recreated (on an immutable
 * repository its tag could never be used again).
 */
import { BURNT_TAG_REFUSAL } from "../core/platform/releases.ts";
import { ReleaseError } from "../core/errors.ts";
import type { GitHub } from "./client.ts";
import { githubError, httpFailure, isNotFound } from "./errors.ts";

export interface ReleaseRef {
  id: number;
  html_url: string;
  upload_url: string;
  tag_name: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  /** published while the repository's immutable-releases setting was on (assets and tag locked) */
  immutable: boolean;
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

export interface DraftOutcome {
  release: ReleaseRef;
  /** what this call did: made the draft, brought an existing draft up to date, or nothing */
  outcome: "created" | "updated" | "up to date";
}

export function splitRepo(repo: string): { owner: string; repo: string } {
  const [owner, name, ...rest] = repo.split("/");
  if (!owner || !name || rest.length) throw new Error(`bug: repository "${repo}" is not owner/name`);
  return { owner, repo: name };
}

type RawRelease = {
  id: number;
  html_url: string;
  upload_url: string;
  tag_name: string;
  name: string | null;
  body?: string | null;
  draft: boolean;
  prerelease: boolean;
  immutable?: boolean;
  author?: { login: string } | null;
};

export function toRef(d: RawRelease): ReleaseRef {
  return {
    id: d.id,
    html_url: d.html_url,
    upload_url: d.upload_url,
    tag_name: d.tag_name,
    name: d.name,
    body: d.body ?? null,
    draft: d.draft,
    prerelease: d.prerelease,
    immutable: d.immutable === true,
    author: d.author?.login ?? null,
  };
}

/**
 * The release for a tag, drafts included: the by-tag lookup finds a published one,
 * and only a listing shows a draft (the by-tag lookup does not see drafts).
 */
export async function findReleaseByTag(gh: GitHub, repo: string, tag: string): Promise<ReleaseRef | null> {
  const r = splitRepo(repo);
  try {
    return toRef((await gh.rest.repos.getReleaseByTag({ ...r, tag })).data);
  } catch (e) {
    if (!isNotFound(e)) throw githubError(e, `read the release for ${tag}`, { repo, code: "github.release" });
  }
  try {
    // Drafts are listed first (newest first); one page covers any draft a cut leaves.
    const recent = await gh.rest.repos.listReleases({ ...r, per_page: 100 });
    const draft = recent.data.find((d) => d.tag_name === tag);
    return draft ? toRef(draft) : null;
  } catch (e) {
    throw githubError(e, `list the releases of ${repo}`, { repo, code: "github.release" });
  }
}

/** The release by id, fresh (after a publish, to read `immutable` and the assets' digests). */
export async function readRelease(gh: GitHub, repo: string, id: number): Promise<ReleaseRef> {
  try {
    return toRef((await gh.rest.repos.getRelease({ ...splitRepo(repo), release_id: id })).data);
  } catch (e) {
    throw githubError(e, `read the release ${id}`, { repo, code: "github.release" });
  }
}

const normalize = (s: string | null) => (s ?? "").replace(/\r\n/g, "\n").trim();

/** Whether the release already says what the input says (title, notes, pre-release flag). */
export function releaseMatches(found: ReleaseRef, input: PublishReleaseInput): boolean {
  return (
    found.name === input.title &&
    normalize(found.body) === normalize(input.notes) &&
    found.prerelease === input.prerelease
  );
}

/** "make latest" for a publication: a pre-release never becomes latest (the updater and install docs follow it). */
export const makeLatest = (prerelease: boolean): "true" | "false" => (prerelease ? "false" : "true");

/** A create refused because an immutable release once used the tag name: the version is burnt. */
function burntTag(e: unknown): boolean {
  const f = e as { status?: number; response?: { data?: { errors?: { message?: string }[] } } };
  return (
    f?.status === 422 &&
    (f.response?.data?.errors ?? []).some((x) => x.message?.includes(BURNT_TAG_REFUSAL.value.message))
  );
}

export function burntTagError(tag: string, repo: string): ReleaseError {
  return new ReleaseError(
    "release.tag-burnt",
    `Cannot create the release ${tag}: GitHub refuses the tag name, an immutable release of ${repo} used it before (a tag name once used by an immutable release can never be used again)`,
    "Cut the next patch version: `tsx release.ts --yes --bump patch` (the CHANGELOG section and tag of this version stay as history).",
  );
}

async function createDraft(gh: GitHub, input: PublishReleaseInput): Promise<ReleaseRef> {
  const d = await gh.rest.repos.createRelease({
    ...splitRepo(input.repo),
    tag_name: input.tag,
    ...(input.targetCommitish ? { target_commitish: input.targetCommitish } : {}),
    name: input.title,
    body: input.notes,
    draft: true,
    prerelease: input.prerelease,
  });
  return toRef(d.data);
}

/**
 * The draft for the tag: created, or an existing draft brought up to date. A release
 * already published is returned as it is (never edited back into a draft).
 */
export async function ensureDraft(gh: GitHub, input: PublishReleaseInput): Promise<DraftOutcome> {
  const existing = await findReleaseByTag(gh, input.repo, input.tag);
  if (existing && (!existing.draft || releaseMatches(existing, input)))
    return { release: existing, outcome: "up to date" };
  if (existing) return { release: await updateDraft(gh, input, existing.id), outcome: "updated" };
  try {
    return { release: await createDraft(gh, input), outcome: "created" };
  } catch (e) {
    if (burntTag(e)) throw burntTagError(input.tag, input.repo);
    // A retried create that landed, or another run between our look-up and our create.
    if (httpFailure(e).status === 422) {
      const raced = await findReleaseByTag(gh, input.repo, input.tag);
      if (raced) return ensureDraft(gh, input);
    }
    throw githubError(e, `create the draft release for ${input.tag}`, { repo: input.repo, code: "github.release" });
  }
}

async function updateDraft(gh: GitHub, input: PublishReleaseInput, id: number): Promise<ReleaseRef> {
  try {
    const { data } = await gh.rest.repos.updateRelease({
      ...splitRepo(input.repo),
      release_id: id,
      name: input.title,
      body: input.notes,
      prerelease: input.prerelease,
      draft: true,
    });
    return toRef(data);
  } catch (e) {
    throw githubError(e, `update the draft release for ${input.tag}`, { repo: input.repo, code: "github.release" });
  }
}

/**
 * Title and notes of a published release, the two things GitHub lets change on an
 * immutable one; the pre-release flag is never touched after publication.
 */
export async function editNotes(gh: GitHub, input: PublishReleaseInput, id: number): Promise<ReleaseRef> {
  try {
    const { data } = await gh.rest.repos.updateRelease({
      ...splitRepo(input.repo),
      release_id: id,
      name: input.title,
      body: input.notes,
    });
    return toRef(data);
  } catch (e) {
    throw githubError(e, `update the notes of ${input.tag}`, { repo: input.repo, code: "github.release" });
  }
}

/** Publish the draft: one call, which emits `published` (and makes a stable version latest). */
export async function publishDraft(gh: GitHub, repo: string, draft: ReleaseRef): Promise<ReleaseRef> {
  try {
    const { data } = await gh.rest.repos.updateRelease({
      ...splitRepo(repo),
      release_id: draft.id,
      draft: false,
      make_latest: makeLatest(draft.prerelease),
    });
    return toRef(data);
  } catch (e) {
    throw githubError(e, `publish the draft release ${draft.tag_name}`, { repo, code: "github.release" });
  }
}

/** Draft, then publish: what the cut does when nothing has to be attached in between. */
export async function publishRelease(
  gh: GitHub,
  input: PublishReleaseInput,
): Promise<{ id: number; html_url: string; created: boolean }> {
  const { release, outcome } = await ensureDraft(gh, input);
  if (!release.draft) {
    const same = releaseMatches(release, input);
    const edited = same ? release : await editNotes(gh, input, release.id);
    return { id: edited.id, html_url: edited.html_url, created: false };
  }
  const published = await publishDraft(gh, input.repo, release);
  return { id: published.id, html_url: published.html_url, created: outcome === "created" };
}
