/**
 * The GitHub stand-in for a test: started on 127.0.0.1 with the fixture workflows,
 * a real Octokit client pointed at it (small retry delay), closed when `fn` ends.
 */
import { createGitHub, type GitHub } from "../../tasks/lib/github/client.ts";
import { startStandIn, type StandIn, type StandInOptions } from "../../tasks/stand-in/index.ts";
import { ALL_WORKFLOWS } from "../github/fixtures.ts";

export async function withStandIn(
  fn: (s: StandIn, gh: GitHub) => Promise<void>,
  opts: StandInOptions = {},
): Promise<void> {
  const s = await startStandIn({ workflows: ALL_WORKFLOWS, ...opts });
  try {
    await fn(s, createGitHub({ token: s.token, baseUrl: s.url, retries: 2, retryAfterMs: 5 }));
  } finally {
    await s.close();
  }
}

/**
 * A release on the stand-in with these assets, uploaded as the build legs upload them:
 * into the draft, which is then published (`draft: true` keeps it a draft, for the
 * code that uploads into it). Its id.
 */
export async function releaseWithAssets(
  gh: GitHub,
  tag: string,
  assets: Record<string, Buffer | string> = {},
  body?: string,
  opts: { draft?: boolean } = {},
): Promise<number> {
  const repo = { owner: "acme", repo: "atlas" };
  const { data } = await gh.rest.repos.createRelease({
    ...repo,
    tag_name: tag,
    name: tag,
    draft: true,
    ...(body === undefined ? {} : { body }),
  });
  for (const [name, bytes] of Object.entries(assets))
    await gh.request({
      method: "POST",
      url: data.upload_url,
      name,
      data: Buffer.from(bytes),
      headers: { "content-type": "application/octet-stream" },
    });
  if (!opts.draft) await gh.rest.repos.updateRelease({ ...repo, release_id: data.id, draft: false });
  return data.id;
}

/** Publish the tag's draft, as the cut does once every asset is there (its assets become public downloads). */
export async function publishDraftOf(gh: GitHub, tag: string): Promise<void> {
  const { data } = await gh.rest.repos.listReleases({ owner: "acme", repo: "atlas" });
  const draft = data.find((r) => r.tag_name === tag && r.draft);
  if (!draft) throw new Error(`no draft ${tag}`);
  await gh.rest.repos.updateRelease({ owner: "acme", repo: "atlas", release_id: draft.id, draft: false });
}
