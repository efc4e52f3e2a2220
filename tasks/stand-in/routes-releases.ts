/**
 * Releases and their assets: list, by tag, by id, latest, create, update, delete;
 * asset upload through the `upload_url`, listing, download and delete. Publishing a
 * release starts the workflows that listen for it (see `fan-out.ts`).
 */
import { errorReply, notFound, paginate, validationFailed, type Route, type RouteContext } from "./http.ts";
import { startRunsForPublishedRelease } from "./fan-out.ts";
import {
  burntTagRefused,
  deleteRefused,
  flagRefused,
  locked,
  stampPublished,
  syncTagRules,
  uploadRefused,
} from "./immutability.ts";
import { assetJson, releaseJson } from "./shapes.ts";
import { nextId, type StandInRelease } from "./state.ts";

const AUTHOR = "release-operator";

/** The author is whoever published it: `github-actions[bot]` for the workflow token, as on GitHub. */
function show(ctx: RouteContext, r: StandInRelease) {
  return releaseJson(ctx.urls, ctx.state.repo, r, r.author);
}

function byId(ctx: RouteContext): StandInRelease | undefined {
  return ctx.state.releases.find((r) => r.id === Number(ctx.params.id));
}

/** Drafts are only visible to tokens that may write. */
function visible(ctx: RouteContext, r: StandInRelease): boolean {
  return !r.draft || Boolean(ctx.token?.push);
}

function applyLatest(ctx: RouteContext, r: StandInRelease, makeLatest: unknown): void {
  if (r.draft || r.prerelease) return;
  if (makeLatest === undefined || makeLatest === "true" || makeLatest === "legacy") ctx.state.latestReleaseId = r.id;
}

function publishIfNew(ctx: RouteContext, r: StandInRelease, wasPublished: boolean, fromDraft = false): void {
  if (r.draft || wasPublished) return;
  r.published_at = ctx.now();
  stampPublished(ctx, r);
  syncTagRules(ctx.state, ctx.gitDir);
  startRunsForPublishedRelease(ctx, r, fromDraft);
}

function uploadAsset(ctx: RouteContext): ReturnType<Route["handle"]> {
  const r = byId(ctx);
  if (!r) return notFound();
  if (locked(r)) return uploadRefused();
  const name = ctx.query.get("name");
  if (!name) return validationFailed("ReleaseAsset", "name", "missing_field");
  if (r.assets.some((a) => a.name === name)) return validationFailed("ReleaseAsset", "name", "already_exists");
  const now = ctx.now();
  const asset = {
    id: nextId(ctx.state),
    name,
    label: ctx.query.get("label"),
    content_type: String(ctx.headers["content-type"] ?? "application/octet-stream"),
    data: ctx.body,
    created_at: now,
    updated_at: now,
  };
  r.assets.push(asset);
  return { status: 201, body: assetJson(ctx.urls, ctx.state.repo, r, asset, AUTHOR) };
}

function findAsset(ctx: RouteContext) {
  for (const r of ctx.state.releases) {
    const a = r.assets.find((x) => x.id === Number(ctx.params.asset));
    if (a) return { r, a };
  }
  return undefined;
}

function download(ctx: RouteContext, r: StandInRelease | undefined) {
  const a = r?.draft ? undefined : r?.assets.find((x) => x.name === ctx.params.name);
  if (!a) return errorReply(404, "Not Found");
  return { status: 200, raw: a.data, contentType: a.content_type };
}

/**
 * What an immutable release refuses in a PATCH: its tag, going back to draft, and
 * (when the stand-in plays GitHub's unclear rule strictly) its pre-release flag and "latest".
 */
function lockedChange(ctx: RouteContext, r: StandInRelease, b: Record<string, unknown>) {
  if (!locked(r)) return undefined;
  if ((typeof b.tag_name === "string" && b.tag_name !== r.tag_name) || b.draft === true)
    return errorReply(422, "Cannot change the tag of an immutable release.");
  if (!ctx.state.immutableReleases.flagsEditable) {
    if (typeof b.prerelease === "boolean" && b.prerelease !== r.prerelease) return flagRefused("the pre-release flag");
    if (b.make_latest !== undefined) return flagRefused("the latest release");
  }
  return undefined;
}

const R = "/repos/:owner/:repo/releases";

export const releaseRoutes: Route[] = [
  {
    method: "GET",
    path: R,
    access: "read",
    handle: (ctx) => ({
      status: 200,
      body: paginate(
        [...ctx.state.releases].reverse().filter((r) => visible(ctx, r)),
        ctx.query,
      ).map((r) => show(ctx, r)),
    }),
  },
  {
    method: "GET",
    path: `${R}/latest`,
    access: "read",
    handle: (ctx) => {
      const r = ctx.state.releases.find((x) => x.id === ctx.state.latestReleaseId);
      return r ? { status: 200, body: show(ctx, r) } : notFound();
    },
  },
  {
    method: "GET",
    path: `${R}/tags/*tag`,
    access: "read",
    handle: (ctx) => {
      const r = ctx.state.releases.find((x) => x.tag_name === ctx.params.tag && !x.draft);
      return r ? { status: 200, body: show(ctx, r) } : notFound();
    },
  },
  {
    method: "POST",
    path: R,
    access: "write",
    handle: (ctx) => {
      const b = ctx.json();
      const tag = typeof b.tag_name === "string" ? b.tag_name.trim() : "";
      if (!tag) return validationFailed("Release", "tag_name", "missing_field");
      if (ctx.state.releases.some((r) => r.tag_name === tag && !r.draft))
        return validationFailed("Release", "tag_name", "already_exists");
      if (ctx.state.burntTags.has(tag)) return burntTagRefused();
      const r: StandInRelease = {
        id: nextId(ctx.state),
        tag_name: tag,
        target_commitish:
          typeof b.target_commitish === "string" && b.target_commitish ? b.target_commitish : ctx.state.defaultBranch,
        name: typeof b.name === "string" ? b.name : null,
        body: typeof b.body === "string" ? b.body : null,
        draft: b.draft === true,
        prerelease: b.prerelease === true,
        created_at: ctx.now(),
        published_at: null,
        created_by: ctx.tokenName ?? "unknown",
        author: ctx.token?.login ?? AUTHOR,
        immutable: false,
        assets: [],
      };
      ctx.state.releases.push(r);
      applyLatest(ctx, r, b.make_latest);
      publishIfNew(ctx, r, false);
      return { status: 201, body: show(ctx, r) };
    },
  },
  {
    method: "GET",
    path: `${R}/assets/:asset`,
    access: "read",
    handle: (ctx) => {
      const found = findAsset(ctx);
      if (!found) return notFound();
      if (String(ctx.headers.accept ?? "").includes("application/octet-stream"))
        return { status: 200, raw: found.a.data, contentType: found.a.content_type };
      return { status: 200, body: assetJson(ctx.urls, ctx.state.repo, found.r, found.a, AUTHOR) };
    },
  },
  {
    method: "DELETE",
    path: `${R}/assets/:asset`,
    access: "write",
    handle: (ctx) => {
      const found = findAsset(ctx);
      if (!found) return notFound();
      if (locked(found.r)) return deleteRefused();
      found.r.assets = found.r.assets.filter((a) => a !== found.a);
      return { status: 204 };
    },
  },
  {
    method: "GET",
    path: `${R}/:id`,
    access: "read",
    handle: (ctx) => {
      const r = byId(ctx);
      return r && visible(ctx, r) ? { status: 200, body: show(ctx, r) } : notFound();
    },
  },
  {
    method: "PATCH",
    path: `${R}/:id`,
    access: "write",
    handle: (ctx) => {
      const r = byId(ctx);
      if (!r) return notFound();
      const b = ctx.json();
      const wasPublished = !r.draft;
      const refusal = lockedChange(ctx, r, b);
      if (refusal) return refusal;
      if (typeof b.tag_name === "string" && b.tag_name) r.tag_name = b.tag_name;
      if (typeof b.target_commitish === "string" && b.target_commitish) r.target_commitish = b.target_commitish;
      if (typeof b.name === "string") r.name = b.name;
      if (typeof b.body === "string") r.body = b.body;
      if (typeof b.draft === "boolean") r.draft = b.draft;
      if (typeof b.prerelease === "boolean") r.prerelease = b.prerelease;
      if (r.prerelease && ctx.state.latestReleaseId === r.id) ctx.state.latestReleaseId = null;
      if (b.make_latest === "false" && ctx.state.latestReleaseId === r.id) ctx.state.latestReleaseId = null;
      else if (b.make_latest !== undefined || !wasPublished) applyLatest(ctx, r, b.make_latest);
      if (!r.draft && !wasPublished) {
        r.created_by = ctx.tokenName ?? "unknown";
        r.author = ctx.token?.login ?? AUTHOR;
      }
      publishIfNew(ctx, r, wasPublished, true);
      return { status: 200, body: show(ctx, r) };
    },
  },
  {
    method: "DELETE",
    path: `${R}/:id`,
    access: "write",
    handle: (ctx) => {
      const r = byId(ctx);
      if (!r) return notFound();
      ctx.state.releases = ctx.state.releases.filter((x) => x !== r);
      if (ctx.state.latestReleaseId === r.id) ctx.state.latestReleaseId = null;
      // Its tag may now be deleted, but its name stays burnt (see immutability.ts).
      syncTagRules(ctx.state, ctx.gitDir);
      return { status: 204 };
    },
  },
  {
    method: "GET",
    path: `${R}/:id/assets`,
    access: "read",
    handle: (ctx) => {
      const r = byId(ctx);
      if (!r || !visible(ctx, r)) return notFound();
      return {
        status: 200,
        body: paginate(r.assets, ctx.query).map((a) => assetJson(ctx.urls, ctx.state.repo, r, a, AUTHOR)),
      };
    },
  },
  // Uploads: through the upload_url this server hands out, or the API path itself.
  { method: "POST", path: `/uploads${R}/:id/assets`, access: "write", handle: uploadAsset },
  { method: "POST", path: `${R}/:id/assets`, access: "write", handle: uploadAsset },
  // Browser downloads (public, no token), as a Tauri updater fetches latest.json.
  {
    method: "GET",
    path: "/:owner/:repo/releases/download/:tag/:name",
    access: "public",
    handle: (ctx) =>
      download(
        ctx,
        ctx.state.releases.find((r) => r.tag_name === ctx.params.tag),
      ),
  },
  {
    method: "GET",
    path: "/:owner/:repo/releases/latest/download/:name",
    access: "public",
    handle: (ctx) =>
      download(
        ctx,
        ctx.state.releases.find((r) => r.id === ctx.state.latestReleaseId),
      ),
  },
];
