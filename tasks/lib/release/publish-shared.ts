/**
 * What the publishing steps share: the session, the release tag as made locally (its
 * object and commit), and the release as the cut wants it (title, notes, pre-release).
 */
import { ReleaseError } from "../core/errors.ts";
import type { PublishReleaseInput } from "../github/releases.ts";
import * as git from "./git.ts";
import type { PublishSession } from "./session.ts";
import type { StepContext } from "./step-types.ts";
import { isPrerelease } from "./version.ts";

export function session(ctx: StepContext): PublishSession {
  if (!ctx.publish) throw new Error("bug: a publishing step ran without a publish session");
  return ctx.publish;
}

/** The local tag: its own object (what origin's tag must be) and its commit (what origin's branch must contain). */
const localTags = new WeakMap<StepContext, { object: string; commit: string }>();

export async function releaseTag(ctx: StepContext): Promise<{ object: string; commit: string }> {
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

export const releaseCommit = async (ctx: StepContext) => (await releaseTag(ctx)).commit;

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
