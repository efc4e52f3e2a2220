/**
 * What GitHub does when a release is published: every active workflow whose `on:`
 * includes `release: published` gets a run on the tag's commit — unless the release
 * was published with the workflow's own GITHUB_TOKEN (events it causes start no
 * workflow) or Actions is disabled for the repository. A draft starts nothing. A
 * `workflow_dispatch` starts the one workflow it names, whoever sends it (the
 * documented exception to the GITHUB_TOKEN rule).
 */
import { createHash } from "node:crypto";
import type { RouteContext } from "./http.ts";
import { nextId, type StandInRelease, type StandInRun, type StandInWorkflow } from "./state.ts";
import { startsOnPublishedRelease } from "../lib/workflows/read.ts";

const SHA = /^[0-9a-f]{40}$/i;

/** The commit the release's tag points at, modelled simply (see README of the stand-in). */
export function releaseCommit(ctx: RouteContext, r: StandInRelease): string {
  return (
    ctx.resolveCommit(r.tag_name) ??
    (SHA.test(r.target_commitish) ? r.target_commitish.toLowerCase() : undefined) ??
    ctx.resolveCommit(r.target_commitish) ??
    // No repository to ask: a stable stand-in sha derived from the tag.
    createHash("sha1").update(`tag:${r.tag_name}`).digest("hex")
  );
}

/** `fromDraft`: an existing draft was published (it emits no `created`, see triggers.ts). */
export function startRunsForPublishedRelease(ctx: RouteContext, r: StandInRelease, fromDraft = false): StandInRun[] {
  if (ctx.token?.actions || !ctx.state.actionsEnabled) return [];
  const sha = releaseCommit(ctx, r);
  const started: StandInRun[] = [];
  for (const wf of ctx.state.workflows) {
    if (wf.state !== "active" || !startsOnPublishedRelease(wf.yaml, r.prerelease, fromDraft)) continue;
    started.push(newRun(ctx, wf, { event: "release", sha, ref: r.tag_name }));
  }
  return started;
}

/** Record a run and hand it to the runner. */
export function newRun(
  ctx: RouteContext,
  wf: StandInWorkflow,
  o: { event: string; sha: string; ref: string; inputs?: Record<string, string> },
): StandInRun {
  const now = ctx.now();
  const run: StandInRun = {
    id: nextId(ctx.state),
    workflow_id: wf.id,
    workflow: wf.file,
    name: wf.name,
    event: o.event,
    actor: ctx.tokenName ?? "unknown",
    ...(o.inputs ? { inputs: o.inputs } : {}),
    status: "queued",
    conclusion: null,
    head_sha: o.sha,
    head_branch: o.ref,
    run_number: ctx.state.runs.filter((x) => x.workflow_id === wf.id).length + 1,
    created_at: now,
    updated_at: now,
  };
  ctx.state.runs.push(run);
  ctx.runCreated(run);
  return run;
}
