/**
 * Which release tool has made the release public by the time a step runs, so that an
 * upload in that step lands in a published release (refused where immutable releases
 * are on). Two cases are certain:
 *
 * - the same workflow creates the release published before the step: an earlier step
 *   of its job, or a job it needs (directly or not);
 * - release-please, with a token whose events start workflows, creates the release and
 *   its tag in one call, so a workflow the push of that tag starts finds it published.
 *
 * The rest says nothing: a tool that pushes its tag before it creates the release
 * (semantic-release) races the workflow its tag starts, and release-please configured
 * with `draft` leaves drafts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckContext } from "../core/checks/types.ts";
import { cutTagsOf } from "./contract-checks.ts";
import type { Workflow } from "./read.ts";
import { releaseFlowOf, type Maker } from "./release-flow.ts";
import { exampleTag, listensToTags, toolTagPrefixes } from "./release-lines.ts";
import type { StepCommands } from "./step-commands.ts";
import { startsOn } from "./triggers.ts";
import { rec } from "../core/records.ts";

/** The jobs a job waits for, directly or through others (`needs:`). */
export function upstreamJobs(w: Workflow, job: string): Set<string> {
  const jobs = rec(rec(w.doc).jobs);
  const needs = (id: string) => {
    const n = rec(jobs[id]).needs;
    return typeof n === "string" ? [n] : Array.isArray(n) ? n.filter((x): x is string => typeof x === "string") : [];
  };
  const seen = new Set<string>();
  const todo = needs(job);
  while (todo.length) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...needs(id));
  }
  return seen;
}

/** A step's `if:` as written (undefined when it always runs). */
function conditionOf(sc: StepCommands): unknown {
  const steps = rec(rec(rec(sc.workflow.doc).jobs)[sc.job.id]).steps;
  return Array.isArray(steps) ? rec(steps[sc.index]).if : undefined;
}

const createsPublished = (m: Maker) => m.use.createsRelease && m.use.draft === false && !m.use.draftsNotes;

/**
 * A step of the same workflow that ran before `sc` and created the release published, if
 * any: in a job `sc`'s job needs, or earlier in its own job under no condition other than
 * `sc`'s (steps gated by `matrix.os == …` run in different legs of a matrix).
 */
function earlierInWorkflow(sc: StepCommands, makers: readonly Maker[]): Maker | undefined {
  const before = upstreamJobs(sc.workflow, sc.job.id);
  const sameRun = (m: Maker) => {
    const cond = conditionOf(m.at);
    return cond === undefined || JSON.stringify(cond) === JSON.stringify(conditionOf(sc));
  };
  return makers.find(
    (m) =>
      createsPublished(m) &&
      m.at.workflow === sc.workflow &&
      (m.at.job.id === sc.job.id ? m.at.index < sc.index && sameRun(m) : before.has(m.at.job.id)),
  );
}

/** release-please's config asks for drafts (top level or any package): then it publishes nothing itself. */
export function releasePleaseDrafts(configText: string | undefined): boolean {
  if (!configText) return false;
  try {
    const cfg = rec(JSON.parse(configText));
    return cfg.draft === true || Object.values(rec(cfg.packages)).some((p) => rec(p).draft === true);
  } catch {
    return false;
  }
}

/**
 * The pure rule: for each step, how a release tool made the release public before it
 * runs (a clause: "release-please (release.yml) created it published …"), or undefined.
 * `tagsOf(tool)` gives example tags of the tool's release lines; `drafts(tool)` whether
 * its configuration leaves drafts.
 */
export function publishedBefore(
  makers: readonly Maker[],
  tagsOf: (tool: string) => string[],
  drafts: (tool: string) => boolean,
): (sc: StepCommands) => string | undefined {
  const together = makers.filter(
    (m) => createsPublished(m) && m.use.tool === "release-please" && m.use.token === "personal" && !drafts(m.use.tool),
  );
  return (sc) => {
    const earlier = earlierInWorkflow(sc, makers);
    if (earlier)
      return `${earlier.use.tool} (job ${earlier.at.job.id} of this workflow) created it published before this step`;
    if (!listensToTags(sc.workflow)) return undefined;
    const tagged = together.find(
      (m) =>
        m.at.workflow !== sc.workflow &&
        tagsOf(m.use.tool).some((tag) => startsOn(sc.workflow.triggers, { kind: "push-tag", tag })),
    );
    return tagged
      ? `${tagged.use.tool} (${tagged.at.workflow.file}) created it published together with the tag that starts this workflow`
      : undefined;
  };
}

/** The rule over the repository the doctor reads. */
export async function releaseToolCreators(ctx: CheckContext): Promise<(sc: StepCommands) => string | undefined> {
  const { makers } = await releaseFlowOf(ctx, cutTagsOf(ctx).stable);
  const read = (p: string) => {
    try {
      return readFileSync(join(ctx.root, p), "utf8");
    } catch {
      return undefined;
    }
  };
  return publishedBefore(
    makers,
    (tool) => toolTagPrefixes(ctx.root, [tool]).map((p) => exampleTag(p)),
    (tool) => tool === "release-please" && releasePleaseDrafts(read("release-please-config.json")),
  );
}
