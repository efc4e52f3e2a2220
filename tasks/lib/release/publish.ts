/**
 * The publishing steps, after `tag`: `push` (branch and tag in one atomic push),
 * `draft` (the release as a draft, with the operator's token), `builds` and `assets`
 * (builds.ts: dispatch the build workflows, wait until the draft holds every promised
 * asset), `publish` (one call with the operator's token, so `release: published`
 * fans out), then `verify` and `watch` (after-publish.ts). Each tells from origin and
 * GitHub whether it is done — no local state file — so a rerun after a crash resumes.
 * A failure here never rolls back the local commit and tag, and nothing here ever
 * deletes a release or a tag (on an immutable repository that would burn the version).
 */
import { boundary } from "../core/boundary.ts";
import { ReleaseError } from "../core/errors.ts";
import { log } from "../core/log.ts";
import {
  editNotes,
  ensureDraft,
  findReleaseByTag,
  publishDraft,
  releaseMatches,
  type ReleaseRef,
} from "../github/releases.ts";
import { afterPublishSteps } from "./after-publish.ts";
import { buildSteps } from "./builds.ts";
import * as git from "./git.ts";
import { originContains, pushAtomic, readOriginRefs } from "./origin.ts";
import { releaseCommit, releaseInput, releaseTag, session } from "./publish-shared.ts";
import { branchMovedFix, pushFailedFix, releaseFailedFix, tagElsewhereFix } from "./recover.ts";
import type { PublishSession } from "./session.ts";
import type { Step, StepContext } from "./step-types.ts";

interface PushFacts {
  commit: string;
  branchDone: boolean;
  tagDone: boolean;
}

async function pushFacts(ctx: StepContext): Promise<PushFacts> {
  const { branch } = ctx.config;
  const { commit, object: localTag } = await releaseTag(ctx);
  const origin = await readOriginRefs(ctx.root, branch, ctx.plan.tag);
  if (origin.tag && origin.tag !== localTag) {
    throw new ReleaseError(
      "release.tag-elsewhere",
      `Cannot push ${ctx.plan.tag}: origin already has a different ${ctx.plan.tag} (${origin.tag.slice(0, 12)}, here ${localTag?.slice(0, 12)})`,
      tagElsewhereFix(ctx.plan.tag),
    );
  }
  const branchDone = origin.branch !== undefined && (await originContains(ctx.root, branch, origin.branch, commit));
  return { commit, branchDone, tagDone: origin.tag !== undefined };
}

/** What isDone learnt, reused by run right after it (nothing changes between the two): fewer git calls. */
const learnt = new WeakMap<StepContext, PushFacts>();

const push: Step = {
  id: "push",
  title: "push the branch and the tag (atomic)",
  async isDone(ctx) {
    const f = await pushFacts(ctx);
    learnt.set(ctx, f);
    return f.branchDone && f.tagDone;
  },
  async run(ctx) {
    const { branch } = ctx.config;
    const { tag } = ctx.plan;
    const f = learnt.get(ctx) ?? (await pushFacts(ctx));
    learnt.delete(ctx);
    // Push the release commit itself (not whatever the branch is now), and only what origin lacks.
    const refspecs = [
      ...(f.branchDone ? [] : [`${f.commit}:refs/heads/${branch}`]),
      `refs/tags/${tag}:refs/tags/${tag}`,
    ];
    const r = await pushAtomic(ctx.root, refspecs);
    if (r.exitCode === 0) return;
    const output = (r.stderr || r.stdout).trim().split("\n").slice(-10).join("\n");
    await git.fetchBranch(ctx.root, branch).catch(() => undefined);
    const ahead = await git.countMissing(ctx.root, `refs/remotes/origin/${branch}`);
    if (ahead && ahead > 0) {
      throw new ReleaseError(
        "release.push-rejected",
        `Cannot push ${branch} and ${tag}: origin's ${branch} has ${ahead} commit(s) the release commit does not contain (pushed meanwhile)\n${output}`,
        branchMovedFix(branch, tag, ctx.plan.target),
      );
    }
    throw new ReleaseError(
      "release.push-failed",
      `Cannot push ${branch} and ${tag}: git push exited ${r.exitCode}\n${output}`,
      pushFailedFix(branch, tag),
    );
  },
};

const draft: Step = {
  id: "draft",
  title: "create the draft GitHub Release",
  // Done when the tag's release exists and says what the cut says (a published one keeps its flag: only its notes may change).
  async isDone(ctx) {
    const s = session(ctx);
    const input = releaseInput(ctx, await releaseCommit(ctx));
    const found = await findReleaseByTag(s.gh, s.repo, input.tag);
    if (!found) return false;
    note(s, found, "up to date");
    return found.draft
      ? releaseMatches(found, input)
      : releaseMatches(found, { ...input, prerelease: found.prerelease });
  },
  async run(ctx) {
    const s = session(ctx);
    const input = releaseInput(ctx, await releaseCommit(ctx));
    try {
      const found = await findReleaseByTag(s.gh, s.repo, input.tag);
      if (found && !found.draft) {
        boundary(`GitHub: edit the notes of ${input.tag}`);
        note(s, await editNotes(s.gh, input, found.id), "updated");
        return;
      }
      boundary(`GitHub: ${found ? "update" : "create"} the draft ${input.tag}`);
      const r = await ensureDraft(s.gh, input);
      boundary(`GitHub: draft ${input.tag} ${r.outcome}`);
      note(s, r.release, r.outcome);
      log(`  ${r.outcome === "up to date" ? "found" : r.outcome} the draft ${r.release.html_url}`);
    } catch (e) {
      if (e instanceof ReleaseError && e.code !== "release.tag-burnt")
        throw new ReleaseError(e.code, e.message, `${e.fix ?? ""} ${releaseFailedFix(ctx.plan.tag)}`.trim());
      throw e;
    }
  },
};

function note(s: PublishSession, r: ReleaseRef, outcome: NonNullable<PublishSession["release"]>["outcome"]): void {
  s.release = { id: r.id, html_url: r.html_url, outcome, draft: r.draft, immutable: r.immutable };
}

const publish: Step = {
  id: "publish",
  title: "publish the release (the operator's token: `published` starts the release workflows)",
  async isDone(ctx) {
    const s = session(ctx);
    const found = await findReleaseByTag(s.gh, s.repo, ctx.plan.tag);
    return found !== null && !found.draft;
  },
  async run(ctx) {
    const s = session(ctx);
    const found = await findReleaseByTag(s.gh, s.repo, ctx.plan.tag);
    if (!found) throw new Error(`bug: no release ${ctx.plan.tag} to publish after the draft step`);
    boundary(`GitHub: publish ${ctx.plan.tag}`);
    const published = await publishDraft(s.gh, s.repo, found);
    boundary(`GitHub: published ${ctx.plan.tag}`);
    note(s, published, s.release?.outcome ?? "up to date");
    log(`  published ${published.html_url}${published.immutable ? " (immutable)" : ""}`);
  },
};

export function publishSteps(): Step[] {
  return [push, draft, ...buildSteps(), publish, ...afterPublishSteps()];
}
