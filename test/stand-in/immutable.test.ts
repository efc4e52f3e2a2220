/**
 * The stand-in behaves like GitHub where immutable releases, drafts and dispatches are
 * concerned: the setting, the stamp at publication, the 422s (upload, asset delete,
 * tag delete, a burnt tag name) with GitHub's messages, the same rules for `git push`
 * to the origin, drafts invisible by tag and starting nothing, the workflow token's
 * events starting nothing except a dispatch, asset digests — every answer faithful to
 * GitHub's OpenAPI description.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { createGitHub, type GitHub } from "../../tasks/lib/github/client.ts";
import { IMMUTABLE_UPLOAD_REFUSAL } from "../../tasks/lib/core/platform/releases.ts";
import { startStandIn, type StandIn } from "../../tasks/stand-in/index.ts";
import { gitdir } from "../helpers/gitdir.ts";
import { validateResponse } from "../helpers/openapi.ts";

const repo = { owner: "acme", repo: "atlas" };
const WORKFLOWS = [
  { file: "publish-pypi.yml", yaml: "on:\n  release:\n    types: [published]\njobs: {}\n" },
  {
    file: "build.yml",
    yaml: "on:\n  workflow_dispatch:\n    inputs:\n      tag:\n        required: true\n        type: string\njobs: {}\n",
  },
];

async function failure(
  p: Promise<unknown>,
): Promise<{ status: number; data: { message?: string; errors?: unknown[] } }> {
  try {
    await p;
  } catch (e) {
    const err = e as { status: number; response?: { data?: { message?: string; errors?: unknown[] } } };
    return { status: err.status, data: err.response?.data ?? {} };
  }
  throw new Error("expected GitHub to refuse");
}

/** A stand-in over a repository whose bare origin has the tags v1.0.0 and v1.1.0. */
async function setup(t: { after(fn: () => unknown): void }, immutable = true) {
  const r = gitdir({ files: { "a.txt": "1" }, origin: true });
  t.after(r.cleanup);
  for (const tag of ["v1.0.0", "v1.1.0"]) {
    r.git("tag", tag);
    r.git("push", "-q", "origin", "main", tag);
  }
  const s = await startStandIn({ workflows: WORKFLOWS, gitDir: r.origin!, immutable });
  t.after(() => s.close());
  const gh = createGitHub({ token: s.token, baseUrl: s.url, retries: 0 });
  const actions = createGitHub({ token: s.actionsToken, baseUrl: s.url, retries: 0 });
  return { r, s, gh, actions };
}

async function draftWith(gh: GitHub, tag: string, assets: Record<string, string>) {
  const { data } = await gh.rest.repos.createRelease({ ...repo, tag_name: tag, draft: true });
  for (const [name, body] of Object.entries(assets))
    await gh.request({
      method: "POST",
      url: data.upload_url,
      name,
      data: Buffer.from(body),
      headers: { "content-type": "text/plain" },
    });
  return data;
}

const publish = (gh: GitHub, id: number) => gh.rest.repos.updateRelease({ ...repo, release_id: id, draft: false });

test("the setting: read (404 when off), switched on and off; answers match GitHub's description", async (t) => {
  const { s, gh } = await setup(t, false);
  const check = () => gh.request("GET /repos/{owner}/{repo}/immutable-releases", repo);
  assert.equal((await failure(check())).status, 404);
  assert.equal((await gh.request("PUT /repos/{owner}/{repo}/immutable-releases", repo)).status, 204);
  const on = await check();
  assert.deepEqual(on.data, { enabled: true, enforced_by_owner: false });
  assert.deepEqual(validateResponse("GET", "/repos/{owner}/{repo}/immutable-releases", 200, on.data), []);
  const reader = createGitHub({ token: s.readOnlyToken, baseUrl: s.url, retries: 0 });
  assert.equal((await failure(reader.request("GET /repos/{owner}/{repo}/immutable-releases", repo))).status, 403);
});

test("published while on: immutable, assets locked with GitHub's 422, digests are the bytes' sha256, switching off unfreezes nothing", async (t) => {
  const { s, gh } = await setup(t);
  const draft = await draftWith(gh, "v1.1.0", { "app.tar.gz": "bytes" });
  const { data: rel } = await publish(gh, draft.id);
  assert.equal(rel.immutable, true);
  assert.deepEqual(validateResponse("PATCH", "/repos/{owner}/{repo}/releases/{release_id}", 200, rel), []);
  const asset = rel.assets[0]!;
  assert.equal(asset.digest, `sha256:${createHash("sha256").update("bytes").digest("hex")}`);
  const up = await failure(
    gh.request({
      method: "POST",
      url: rel.upload_url,
      name: "late.zip",
      data: Buffer.from("x"),
      headers: { "content-type": "application/zip" },
    }),
  );
  assert.deepEqual([up.status, up.data.message], [422, IMMUTABLE_UPLOAD_REFUSAL.value.message]);
  const del = await failure(gh.rest.repos.deleteReleaseAsset({ ...repo, asset_id: asset.id }));
  assert.equal(del.status, 422);
  assert.match(del.data.message ?? "", /immutable release/);
  // Title and notes still change; the pre-release flag and "latest" as the stricter reading has it.
  assert.equal((await gh.rest.repos.updateRelease({ ...repo, release_id: rel.id, body: "edited" })).status, 200);
  assert.equal(
    (await failure(gh.rest.repos.updateRelease({ ...repo, release_id: rel.id, prerelease: true }))).status,
    422,
  );
  assert.equal((await failure(gh.rest.repos.updateRelease({ ...repo, release_id: rel.id, draft: true }))).status, 422);
  await gh.request("DELETE /repos/{owner}/{repo}/immutable-releases", repo);
  const after = await failure(
    gh.request({
      method: "POST",
      url: rel.upload_url,
      name: "late.zip",
      data: Buffer.from("x"),
      headers: { "content-type": "application/zip" },
    }),
  );
  assert.equal(after.status, 422, "switching the setting off does not unfreeze a published immutable release");
  assert.equal(s.state.releases[0]!.assets.length, 1);
  // A draft made after switching off is published mutable.
  const later = await draftWith(gh, "v1.0.0", {});
  assert.equal((await publish(gh, later.id)).data.immutable, false);
});

test("the tag of an immutable release: no delete (REST or git push), no move; its name is burnt for any new release", async (t) => {
  const { r, gh } = await setup(t);
  const { id } = await draftWith(gh, "v1.1.0", {});
  await publish(gh, id);
  const refused = await failure(gh.rest.git.deleteRef({ ...repo, ref: "tags/v1.1.0" }));
  assert.equal(refused.status, 422);
  const push = (args: string[]) => spawnSync("git", ["push", "origin", ...args], { cwd: r.dir, encoding: "utf8" });
  const del = push([":refs/tags/v1.1.0"]);
  assert.notEqual(del.status, 0);
  assert.match(del.stderr, /cannot update or delete v1\.1\.0: a published immutable release uses it/);
  r.git("tag", "-f", "v1.1.0", "HEAD");
  r.git("commit", "-q", "--allow-empty", "-m", "moved");
  r.git("tag", "-f", "v1.1.0", "HEAD");
  assert.notEqual(push(["--force", "refs/tags/v1.1.0"]).status, 0, "the tag cannot move");
  // Once the release is deleted the tag may go, but the name can never serve again.
  await gh.rest.repos.deleteRelease({ ...repo, release_id: id });
  assert.equal(push([":refs/tags/v1.1.0"]).status, 0);
  const again = push(["refs/tags/v1.1.0"]);
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /cannot create v1\.1\.0: the name was used by an immutable release/);
  const recreate = await failure(gh.rest.repos.createRelease({ ...repo, tag_name: "v1.1.0" }));
  assert.equal(recreate.status, 422);
  assert.match(JSON.stringify(recreate.data.errors), /tag_name was used by an immutable release/);
});

test("a draft is invisible to the by-tag lookup and starts nothing; its publication starts the `published` listeners", async (t) => {
  const { s, gh } = await setup(t);
  const draft = await draftWith(gh, "v1.1.0", {});
  assert.equal((await failure(gh.rest.repos.getReleaseByTag({ ...repo, tag: "v1.1.0" }))).status, 404);
  assert.equal((await gh.rest.repos.listReleases(repo)).data[0]!.id, draft.id);
  assert.equal(s.state.runs.length, 0);
  await publish(gh, draft.id);
  assert.deepEqual(
    s.state.runs.map((x) => `${x.workflow}:${x.event}`),
    ["publish-pypi.yml:release"],
  );
});

test("the workflow token: its publication starts nothing, its dispatch does (GitHub's exception); dispatches are checked like GitHub's", async (t) => {
  const { s, actions, gh } = await setup(t, false);
  const draft = await draftWith(gh, "v1.1.0", {});
  await publish(actions, draft.id);
  assert.equal(s.state.runs.length, 0, "published with GITHUB_TOKEN: no run");
  const dispatched = await actions.rest.actions.createWorkflowDispatch({
    ...repo,
    workflow_id: "build.yml",
    ref: "v1.1.0",
    inputs: { tag: "v1.1.0" },
  });
  assert.equal(dispatched.status, 204);
  assert.deepEqual(
    s.state.runs.map((x) => `${x.workflow}:${x.event}:${x.head_branch}:${x.actor}`),
    ["build.yml:workflow_dispatch:v1.1.0:actions"],
  );
  const details = await gh.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
    ...repo,
    workflow_id: "build.yml",
    ref: "v1.0.0",
    inputs: { tag: "v1.0.0" },
    return_run_details: true,
  });
  assert.deepEqual(
    validateResponse("POST", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", 200, details.data),
    [],
  );
  const no = (p: Promise<unknown>) => failure(p).then((f) => `${f.status} ${f.data.message}`);
  const d = (o: object) =>
    gh.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: "build.yml", ref: "v1.0.0", ...o });
  assert.equal(await no(d({})), "422 Required input 'tag' not provided");
  assert.equal(await no(d({ ref: "v9.9.9", inputs: { tag: "v9" } })), "422 No ref found for: v9.9.9");
  assert.equal(
    await no(gh.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: "publish-pypi.yml", ref: "v1.0.0" })),
    "422 Workflow does not have 'workflow_dispatch' trigger",
  );
  assert.equal(s.state.runs.length, 2);
});

test("a runner plays each run: in progress, then completed with its conclusion; idle() waits for it", async (t) => {
  const { s, gh } = await setup(t, false);
  const seen: string[] = [];
  s.setRunner(async (run) => {
    seen.push(run.status);
    return run.workflow === "build.yml" ? "failure" : "success";
  });
  await gh.rest.actions.createWorkflowDispatch({
    ...repo,
    workflow_id: "build.yml",
    ref: "v1.0.0",
    inputs: { tag: "v1.0.0" },
  });
  await (s as StandIn).idle();
  assert.deepEqual(seen, ["in_progress"]);
  assert.deepEqual([s.state.runs[0]!.status, s.state.runs[0]!.conclusion], ["completed", "failure"]);
});
