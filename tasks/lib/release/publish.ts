/**
 * The publishing steps, after `tag`: `push` (branch and tag in one atomic push),
 * `github-release` (create or update the release with the operator's token) and
 * `watch` (the fan-out). Each tells from origin and GitHub whether it is done — no
 * local state file — so a rerun after a crash resumes. A failure here never rolls
 * back the local commit and tag.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ReleaseError } from "../core/errors.ts";
import * as git from "./git.ts";
import { findReleaseByTag, publishRelease, releaseFields, type PublishReleaseInput } from "../github/releases.ts";
import { formatWatch, watchFanOut } from "../github/watch.ts";
import { c, log } from "../core/log.ts";
import { isPrerelease } from "./version.ts";
import { originContains, pushAtomic, readOriginRefs } from "./origin.ts";
import { branchMovedFix, pushFailedFix, releaseFailedFix, tagElsewhereFix } from "./recover.ts";
import type { PublishSession } from "./session.ts";
import type { Step, StepContext } from "./step-types.ts";

function session(ctx: StepContext): PublishSession {
  if (!ctx.publish) throw new Error("bug: a publishing step ran without a publish session");
  return ctx.publish;
}

/** The local tag: its own object (what origin's tag must be) and its commit (what origin's branch must contain). */
const localTags = new WeakMap<StepContext, { object: string; commit: string }>();

async function releaseTag(ctx: StepContext): Promise<{ object: string; commit: string }> {
  // The publishing steps run after the tag step: within one run the tag no longer moves.
  const known = localTags.get(ctx);
  if (known) return known;
  const tag = await git.localTag(ctx.root, ctx.plan.tag);
  if (!tag)
    throw new ReleaseError(
      "release.tag-missing",
      `Cannot publish ${ctx.plan.tag}: the tag does not exist locally`,
      "Rerun `tsx release.ts --yes`: the tag step creates it.",
    );
  localTags.set(ctx, tag);
  return tag;
}

const releaseCommit = async (ctx: StepContext) => (await releaseTag(ctx)).commit;

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

/** `{name}`, `{version}` and `{tag}` in config.releaseTitle. */
export function releaseTitle(template: string, values: { name: string; version: string; tag: string }): string {
  return template.replace(/\{(name|version|tag)\}/g, (_, k: keyof typeof values) => values[k]);
}

export function releaseInput(ctx: StepContext, commit: string): PublishReleaseInput {
  const { plan, config } = ctx;
  return {
    repo: session(ctx).repo,
    tag: plan.tag,
    title: releaseTitle(config.releaseTitle, { name: config.name, version: plan.target, tag: plan.tag }),
    notes: plan.releaseNotes ?? "",
    prerelease: isPrerelease(plan.target),
    targetCommitish: commit,
  };
}

const normalize = (s: string | null) => (s ?? "").replace(/\r\n/g, "\n").trim();

const githubRelease: Step = {
  id: "github-release",
  title: "publish the GitHub Release",
  async isDone(ctx) {
    const s = session(ctx);
    const input = releaseInput(ctx, await releaseCommit(ctx));
    const found = await findReleaseByTag(s.gh, s.repo, input.tag);
    const fields = releaseFields(input);
    const upToDate =
      found !== null &&
      !found.draft &&
      found.prerelease === fields.prerelease &&
      found.name === fields.name &&
      normalize(found.body) === normalize(fields.body);
    if (upToDate) s.release = { id: found.id, html_url: found.html_url, outcome: "up to date" };
    return upToDate;
  },
  async run(ctx) {
    const s = session(ctx);
    try {
      const r = await publishRelease(s.gh, releaseInput(ctx, await releaseCommit(ctx)));
      s.release = { id: r.id, html_url: r.html_url, outcome: r.created ? "created" : "updated" };
      log(`  ${r.created ? "created" : "updated"} ${r.html_url}`);
    } catch (e) {
      if (e instanceof ReleaseError)
        throw new ReleaseError(e.code, e.message, `${e.fix ?? ""} ${releaseFailedFix(ctx.plan.tag)}`.trim());
      throw e;
    }
  },
};

function workflowSources(root: string, files: string[]): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const f of files) {
    const path = join(root, ".github", "workflows", f);
    if (existsSync(path)) sources[f] = readFileSync(path, "utf8");
  }
  return sources;
}

const watch: Step = {
  id: "watch",
  title: "watch the release workflows start",
  // Watching only reads; repeating it is harmless, so it is done only when not wanted.
  async isDone(ctx) {
    const s = session(ctx);
    return !s.watch || ctx.config.github.releaseWorkflows.length === 0;
  },
  async run(ctx) {
    const s = session(ctx);
    const { github } = ctx.config;
    const seen = new Set<string>();
    s.fanOut = await watchFanOut(s.gh, {
      repo: s.repo,
      tag: ctx.plan.tag,
      sha: await releaseCommit(ctx),
      workflows: github.releaseWorkflows,
      timeoutMs: github.watchSeconds * 1000,
      pollMs: github.pollSeconds * 1000,
      workflowSources: workflowSources(ctx.root, github.releaseWorkflows),
      onUpdate: (w) => {
        if (seen.has(w.workflow)) return;
        seen.add(w.workflow);
        log(`  ${w.status === "started" ? c.green("started") : c.yellow("warning:")} ${formatWatch(w)}`);
      },
    });
  },
};

export function publishSteps(): Step[] {
  return [push, githubRelease, watch];
}
