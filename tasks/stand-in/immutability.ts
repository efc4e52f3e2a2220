/**
 * GitHub's immutable releases, as the stand-in plays them: the repository setting
 * (read, switched on and off), the stamp a release gets when it is published while the
 * setting is on, the refusals that follow (assets, tag, a burnt tag name, the flags
 * whose editability GitHub's pages disagree on), and the same rule for `git push`
 * to the bare origin, through a pre-receive hook the stand-in writes there.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  BURNT_TAG_REFUSAL,
  IMMUTABLE_ASSET_DELETE_REFUSAL,
  IMMUTABLE_UPLOAD_REFUSAL,
} from "../lib/core/platform/releases.ts";
import { errorReply, notFound, type Reply, type Route, type RouteContext } from "./http.ts";
import type { StandInRelease, StandInState } from "./state.ts";

/** Whether the release's assets and tag are locked (published while the setting was on). */
export const locked = (r: StandInRelease): boolean => !r.draft && r.immutable;

export const uploadRefused = (): Reply =>
  errorReply(IMMUTABLE_UPLOAD_REFUSAL.value.status, IMMUTABLE_UPLOAD_REFUSAL.value.message);

export const deleteRefused = (): Reply =>
  errorReply(IMMUTABLE_ASSET_DELETE_REFUSAL.value.status, IMMUTABLE_ASSET_DELETE_REFUSAL.value.message);

/** A new release for a tag name an immutable release used: GitHub's validation error. */
export function burntTagRefused(): Reply {
  const { field, message } = BURNT_TAG_REFUSAL.value;
  return errorReply(422, "Validation Failed", {
    errors: [
      { resource: "Release", code: "custom", field, message },
      { resource: "Release", code: "custom", message: "Published releases must have a valid tag" },
    ],
  });
}

/** A change of the pre-release flag or of "latest" on an immutable release, when the stand-in plays them locked. */
export const flagRefused = (what: string): Reply => errorReply(422, `Cannot change ${what} of an immutable release.`);

const LOCKED_FILE = "stand-in-locked-tags";
const BURNT_FILE = "stand-in-burnt-tags";

/** The pre-receive hook: a locked tag cannot move or be deleted, a burnt name cannot be created again. */
const HOOK = `#!/bin/sh
# Written by the GitHub stand-in: what GitHub enforces for the tags of immutable releases.
zero=0000000000000000000000000000000000000000
status=0
while read -r old new ref; do
  case "$ref" in refs/tags/*) tag=\${ref#refs/tags/} ;; *) continue ;; esac
  if [ "$old" != "$zero" ] && grep -qxF -- "$tag" ${LOCKED_FILE} 2>/dev/null; then
    echo "error: cannot update or delete $tag: a published immutable release uses it" >&2
    status=1
  elif [ "$old" = "$zero" ] && grep -qxF -- "$tag" ${BURNT_FILE} 2>/dev/null; then
    echo "error: cannot create $tag: the name was used by an immutable release" >&2
    status=1
  fi
done
exit $status
`;

function listFile(gitDir: string, file: string): string[] {
  const path = join(gitDir, file);
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean) : [];
}

/** Keep the origin's lists in step with the stand-in's releases (no-op without a git directory). */
export function syncTagRules(state: StandInState, gitDir: string | undefined): void {
  if (!gitDir || !existsSync(gitDir)) return;
  const lockedTags = state.releases.filter(locked).map((r) => r.tag_name);
  if (!lockedTags.length && !state.burntTags.size && !listFile(gitDir, BURNT_FILE).length) return;
  mkdirSync(join(gitDir, "hooks"), { recursive: true });
  writeFileSync(join(gitDir, "hooks", "pre-receive"), HOOK, { mode: 0o755 });
  writeFileSync(join(gitDir, LOCKED_FILE), lockedTags.map((t) => `${t}\n`).join(""));
  writeFileSync(join(gitDir, BURNT_FILE), [...state.burntTags].map((t) => `${t}\n`).join(""));
}

/** Stamp a release that has just been published: immutable when the setting is on, and its tag burnt. */
export function stampPublished(ctx: RouteContext, r: StandInRelease): void {
  if (!ctx.state.immutableReleases.enabled) return;
  r.immutable = true;
  ctx.state.burntTags.add(r.tag_name);
}

const S = "/repos/:owner/:repo/immutable-releases";

export const immutabilityRoutes: Route[] = [
  {
    method: "GET",
    path: S,
    access: "admin",
    handle: (ctx) =>
      ctx.state.immutableReleases.enabled
        ? {
            status: 200,
            body: { enabled: true, enforced_by_owner: ctx.state.immutableReleases.enforcedByOwner },
          }
        : notFound(),
  },
  {
    method: "PUT",
    path: S,
    access: "admin",
    handle: (ctx) => {
      ctx.state.immutableReleases.enabled = true;
      return { status: 204 };
    },
  },
  {
    method: "DELETE",
    path: S,
    access: "admin",
    handle: (ctx) => {
      if (ctx.state.immutableReleases.enforcedByOwner)
        return errorReply(409, "Immutable releases are enforced by the organization");
      // Releases already published stay immutable: switching off unfreezes nothing.
      ctx.state.immutableReleases.enabled = false;
      return { status: 204 };
    },
  },
];

/** DELETE .../git/refs/tags/X: refused while a published immutable release uses the tag. */
export const refRoutes: Route[] = [
  {
    method: "DELETE",
    path: "/repos/:owner/:repo/git/refs/*ref",
    access: "write",
    handle: (ctx) => {
      const ref = ctx.params.ref ?? "";
      const tag = ref.startsWith("tags/") ? ref.slice("tags/".length) : undefined;
      if (tag && ctx.state.releases.some((r) => r.tag_name === tag && locked(r)))
        return errorReply(422, `Cannot delete ${tag}: it is the tag of an immutable release.`);
      if (!ctx.resolveCommit(ref.replace(/^(tags|heads)\//, ""))) return errorReply(422, "Reference does not exist");
      if (ctx.gitDir) execFileSync("git", ["update-ref", "-d", `refs/${ref}`], { cwd: ctx.gitDir, stdio: "ignore" });
      ctx.state.refs.delete(ref.replace(/^(tags|heads)\//, ""));
      return { status: 204 };
    },
  },
];
