/**
 * What GitHub does with releases, drafts, tags and the events they emit: the facts the
 * draft-first cut, the build workflows, the stand-in and the doctor rely on. Each one
 * says where it was read; where GitHub's own pages disagree, the value says so and the
 * code is written to be safe under either reading.
 */
import { fact, type PlatformFact } from "./fact.ts";

const CHECKED = "2026-12-07";
const IMMUTABLE_DOC = "https://docs.github.com/en/code-security/concepts/supply-chain-security/immutable-releases";
const EVENTS_DOC = "https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows";
const REST_RELEASES = "https://docs.github.com/en/rest/releases/releases";

/** Immutable releases (repository or organisation setting) are generally available from this day. */
export const IMMUTABLE_RELEASES_SINCE = fact(
  "2025-10-28",
  "GitHub changelog 2025-10-28, immutable releases generally available (public preview 2025-08-26)",
  CHECKED,
);

/** What an upload to a published immutable release answers: HTTP 422 with this message. */
export const IMMUTABLE_UPLOAD_REFUSAL = fact(
  { status: 422, message: "Cannot upload assets to an immutable release." },
  "softprops/action-gh-release#653, svenstaro/upload-release-action#159 (error text as GitHub returned it)",
  CHECKED,
);

/** Deleting (or replacing, which deletes first) an asset of a published immutable release is refused too. */
export const IMMUTABLE_ASSET_DELETE_REFUSAL = fact(
  { status: 422, message: "Cannot delete assets from an immutable release." },
  `${IMMUTABLE_DOC} ("Release assets cannot be modified or deleted"); the wording of the message is modelled on the upload refusal`,
  CHECKED,
);

/**
 * A published immutable release's tag cannot be moved or deleted; a tag name once used
 * by an immutable release is refused for any new release, even after the release is deleted.
 */
export const BURNT_TAG_REFUSAL = fact(
  { status: 422, field: "tag_name", message: "tag_name was used by an immutable release" },
  `${IMMUTABLE_DOC}; github-community-projects/ospo-reusable-workflows#83 (the validation error GitHub returned)`,
  CHECKED,
);

/** What can still change on a published immutable release: title and notes, for certain. */
export const IMMUTABLE_EDITABLE = fact(
  {
    certain: ["name", "body"] as const,
    // The docs page says the pre-release flag and "latest" may still change; the
    // release page's banner says "Only release title and notes can be modified".
    // The cut sets both before publishing and never changes the pre-release flag
    // afterwards; the rollback treats a refusal of "make latest" as an answer.
    unclear: ["prerelease", "make_latest"] as const,
  },
  `${IMMUTABLE_DOC} (GHES 3.21 text: pre-release and latest may change) vs the banner on every immutable release page; php/pie#410 read them as locked`,
  CHECKED,
);

/** GitHub's documented way to publish an immutable release: a draft, every asset, then publish. */
export const DRAFT_FIRST = fact(
  "create the release as a draft, attach every asset, then publish it",
  "https://docs.github.com/en/repositories/releasing-projects-on-github/managing-releases-in-a-repository (tip on immutable releases)",
  CHECKED,
);

/** A draft emits no event that starts a workflow; publishing it emits `published` (and `released`/`prereleased`), not `created`. */
export const DRAFTS_START_NO_WORKFLOW = fact(
  true,
  `${EVENTS_DOC}#release ("Workflows are not triggered for the created, edited, or deleted activity types for draft releases"); community discussion 26954`,
  CHECKED,
);

/** `GET /repos/{owner}/{repo}/releases/tags/{tag}` returns published releases only: a draft is found by listing. */
export const BY_TAG_LOOKUP_HIDES_DRAFTS = fact(
  true,
  `${REST_RELEASES}#get-a-release-by-tag-name ("Get a published release with the specified tag")`,
  CHECKED,
);

/** Events made with a workflow's GITHUB_TOKEN start no workflow, except workflow_dispatch and repository_dispatch. */
export const GITHUB_TOKEN_EVENTS_START_NOTHING = fact(
  { except: ["workflow_dispatch", "repository_dispatch"] as const },
  "https://docs.github.com/en/actions/concepts/security/github_token (using the GITHUB_TOKEN in a workflow)",
  CHECKED,
);

/** The repository's setting: 200 `{enabled, enforced_by_owner}` when on, 404 when off; admin read access needed. */
export const IMMUTABLE_SETTING_ENDPOINT = fact(
  "GET /repos/{owner}/{repo}/immutable-releases",
  "@octokit/openapi api.github.com description (repos/check-immutable-releases)",
  CHECKED,
);

/** Each release says whether it is immutable (`release.immutable`); disabling the setting does not unfreeze it. */
export const RELEASE_IMMUTABLE_FIELD = fact(
  "immutable",
  "@octokit/openapi api.github.com description (schema release); libredb/libredb-studio#154 (switching off does not unfreeze)",
  CHECKED,
);

/** Each asset carries GitHub's digest of its bytes, `sha256:<hex>` (null for old assets). */
export const ASSET_DIGEST = fact(
  { field: "digest", algorithm: "sha256", prefix: "sha256:" },
  "@octokit/openapi api.github.com description (schema release-asset)",
  CHECKED,
);

/** `gh release verify TAG` checks the release attestation GitHub signs for an immutable release. */
export const RELEASE_ATTESTATION_VERIFY = fact(
  ["gh", "release", "verify"] as const,
  "https://cli.github.com/manual/gh_release_verify",
  CHECKED,
);

/** `workflow_dispatch` runs the workflow file at `ref` (a branch or a tag); the token needs Actions write (classic: repo). */
export const WORKFLOW_DISPATCH = fact(
  "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
  "@octokit/openapi api.github.com description (actions/create-workflow-dispatch)",
  CHECKED,
);

/** Every fact of this file, for the platform index (one list the freshness check reads). */
export const releaseFacts: readonly PlatformFact<unknown>[] = [
  IMMUTABLE_RELEASES_SINCE,
  IMMUTABLE_UPLOAD_REFUSAL,
  IMMUTABLE_ASSET_DELETE_REFUSAL,
  BURNT_TAG_REFUSAL,
  IMMUTABLE_EDITABLE,
  DRAFT_FIRST,
  DRAFTS_START_NO_WORKFLOW,
  BY_TAG_LOOKUP_HIDES_DRAFTS,
  GITHUB_TOKEN_EVENTS_START_NOTHING,
  IMMUTABLE_SETTING_ENDPOINT,
  RELEASE_IMMUTABLE_FIELD,
  ASSET_DIGEST,
  RELEASE_ATTESTATION_VERIFY,
  WORKFLOW_DISPATCH,
];
