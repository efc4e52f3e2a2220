/**
 * Between the draft and its publication: `builds` dispatches each build workflow at
 * the release tag with the operator's token (a draft starts no workflow), and
 * `assets` waits until every build finished well and the draft holds every asset the
 * generated workflows promise. With --no-watch the cut stops there (a later `--yes`
 * resumes: it finds the draft, says what is missing, waits or publishes). A release
 * found already published and incomplete is never repaired by deleting anything: the
 * cut stops and says to cut the next patch version.
 */
import { ReleaseError } from "../core/errors.ts";
import { c, log } from "../core/log.ts";
import {
  buildVerdict,
  formatProgress,
  readBuildProgress,
  waitForBuilds,
  type BuildProgress,
} from "../github/build-watch.ts";
import { dispatchBuild, latestBuildRun, runFailed } from "../github/dispatch.ts";
import { expectedAssets } from "../github/expected-assets.ts";
import { findReleaseByTag, type ReleaseRef } from "../github/releases.ts";
import { releaseCommit, session } from "./publish-shared.ts";
import type { Step, StepContext } from "./step-types.ts";

async function theRelease(ctx: StepContext): Promise<ReleaseRef> {
  const s = session(ctx);
  const found = await findReleaseByTag(s.gh, s.repo, ctx.plan.tag);
  if (!found) throw new Error(`bug: no release ${ctx.plan.tag} after the draft step`);
  return found;
}

async function progressOf(ctx: StepContext, release: ReleaseRef): Promise<BuildProgress> {
  const s = session(ctx);
  const dispatched = s.roles.dispatched.map((d) => d.workflow);
  const progress = await readBuildProgress(s.gh, query(ctx, release, dispatched, await releaseCommit(ctx)));
  s.builds = progress;
  return progress;
}

function query(ctx: StepContext, release: ReleaseRef, workflows: string[], sha: string) {
  const s = session(ctx);
  return {
    repo: s.repo,
    tag: ctx.plan.tag,
    sha,
    releaseId: release.id,
    workflows,
    requirements: expectedAssets(ctx.config, ctx.plan.tag, workflows),
  };
}

const builds: Step = {
  id: "builds",
  title: "start the builds against the draft (workflow_dispatch, the operator's token)",
  // Done when every build has a run that did not fail, or when nothing more can be attached (published).
  async isDone(ctx) {
    const s = session(ctx);
    if (!s.roles.dispatched.length) return true;
    const release = await theRelease(ctx);
    if (!release.draft) return true;
    const sha = await releaseCommit(ctx);
    for (const d of s.roles.dispatched) {
      const run = await latestBuildRun(s.gh, { repo: s.repo, workflow: d.workflow, sha, tag: ctx.plan.tag });
      if (!run || runFailed(run)) return false;
    }
    return true;
  },
  async run(ctx) {
    const s = session(ctx);
    const sha = await releaseCommit(ctx);
    for (const d of s.roles.dispatched) {
      const run = await latestBuildRun(s.gh, { repo: s.repo, workflow: d.workflow, sha, tag: ctx.plan.tag });
      if (run && !runFailed(run)) continue;
      await dispatchBuild(s.gh, { repo: s.repo, workflow: d.workflow, tag: ctx.plan.tag, tagInput: d.tagInput });
      log(`  started ${d.workflow} at ${ctx.plan.tag}${run ? ` (its run ${run.html_url} had failed)` : ""}`);
    }
  },
};

function publishedIncomplete(release: ReleaseRef, missing: string[], repo: string): ReleaseError {
  const what = `Cannot finish ${release.tag_name}: the release is already published${release.immutable ? " and immutable" : ""} but lacks ${missing.join("; ")}`;
  if (release.immutable)
    return new ReleaseError(
      "release.published-incomplete",
      `${what} (GitHub accepts no new asset on it, and its tag can never be moved or reused)`,
      "Cut the next patch version: `tsx release.ts --yes --bump patch`; its draft receives every asset before it is published. Nothing about this release is deleted (its title and notes can still be edited to point at the next one).",
    );
  return new ReleaseError(
    "release.published-incomplete",
    `${what} (the cut attaches assets to drafts only)`,
    `Cut the next patch version (\`tsx release.ts --yes --bump patch\`), or, since ${repo} does not enforce immutable releases, attach the missing files by hand (\`gh release upload ${release.tag_name} FILE\`).`,
  );
}

const pendingFix =
  "Rerun `tsx release.ts --yes` later: it finds the draft, says what is still missing, waits again, and publishes once everything is there (nothing done is repeated).";

const assets: Step = {
  id: "assets",
  title: "wait for the builds to attach every asset to the draft",
  async isDone(ctx) {
    if (!session(ctx).roles.dispatched.length) return true;
    return buildVerdict(await progressOf(ctx, await theRelease(ctx))).kind === "complete";
  },
  async run(ctx) {
    const s = session(ctx);
    const release = await theRelease(ctx);
    const progress = s.builds ?? (await progressOf(ctx, release));
    const first = buildVerdict(progress);
    const missing = progress.assets.filter((a) => !a.found).map((a) => a.what);
    if (!release.draft) throw publishedIncomplete(release, missing, s.repo);
    log(`  ${formatProgress(progress, first)}`);
    if (!s.watch && first.kind === "waiting") {
      s.waiting = { missing: first.missing, running: first.running, notStarted: first.notStarted };
      return "pause";
    }
    return waitOut(ctx, release);
  },
};

async function waitOut(ctx: StepContext, release: ReleaseRef): Promise<void> {
  const s = session(ctx);
  const { github } = ctx.config;
  let last = "";
  const dispatched = s.roles.dispatched.map((d) => d.workflow);
  const { progress, verdict } = await waitForBuilds(s.gh, query(ctx, release, dispatched, await releaseCommit(ctx)), {
    timeoutMs: github.buildMinutes * 60_000,
    pollMs: github.buildPollSeconds * 1000,
    onUpdate: (p, v) => {
      const line = formatProgress(p, v);
      if (line !== last) log(`  ${c.dim("…")} ${line}`);
      last = line;
    },
  });
  s.builds = progress;
  if (verdict.kind === "complete") return;
  if (verdict.kind === "failed")
    throw new ReleaseError(
      "release.build-failed",
      `Cannot publish ${ctx.plan.tag}: ${verdict.runs.map((r) => `${r.workflow} ended ${r.run?.conclusion} (${r.run?.html_url})`).join("; ")}; the release stays a draft`,
      `Read the failed run, fix the cause, then rerun \`tsx release.ts --yes\`: it starts the failed build again and publishes once the draft is complete. (Or rerun the failed jobs on GitHub and then \`tsx release.ts --yes\`.)`,
    );
  s.waiting = { missing: verdict.missing, running: verdict.running, notStarted: verdict.notStarted };
  throw new ReleaseError(
    "release.assets-pending",
    `Cannot publish ${ctx.plan.tag} yet: after ${github.buildMinutes} min the draft still lacks ${verdict.missing.join("; ") || "nothing"}${verdict.running.length ? `; still running: ${verdict.running.join(", ")}` : ""}${verdict.notStarted.length ? `; no run of ${verdict.notStarted.join(", ")}` : ""}`,
    pendingFix,
  );
}

export function buildSteps(): Step[] {
  return [builds, assets];
}
