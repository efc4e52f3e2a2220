/**
 * How a repository releases, as the doctor simulates it: the toolkit's cut when the
 * toolkit is adopted (its config or its generated workflows), else the repository's own
 * release tool as it behaves (release-tools.ts), else a person who makes releases by
 * hand. Each step that creates or publishes a release is a maker, with the runs it
 * makes GitHub skip, judged on the release lines the tool creates tags on.
 */
import type { CheckContext } from "../core/checks/types.ts";
import { memoFact } from "../core/checks/facts.ts";
import { startedOnlyByRelease } from "./analysis.ts";
import { isGenerated } from "./header.ts";
import { workflowsOf, type Workflow } from "./read.ts";
import { exampleTag, learnReleaseLines, listensToTags, toolTagPrefixes, type ReleaseLine } from "./release-lines.ts";
import { dispatchedWorkflows, releaseMaker, type ToolUse } from "./release-tools.ts";
import { stepCommandsOf, type StepCommands } from "./step-commands.ts";
import { startsOn } from "./triggers.ts";

export interface Maker {
  at: StepCommands;
  use: ToolUse;
  why: string;
  /** left as a draft for a person to publish (no run is lost; the person publishes a draft) */
  draft?: boolean;
  /** workflows GitHub will not start for this release */
  lost: string[];
  note?: string;
}

/** Whether the toolkit runs this repository's cut: its config, or a workflow it generated. */
export const toolkitAdopted = (ctx: CheckContext, ws: readonly Workflow[]) =>
  ctx.config.source !== "default" || ws.some((w) => isGenerated(w.text));

const starts = (w: Workflow, fromDraft: boolean) =>
  !w.error && startsOn(w.triggers, { kind: "release", tag: "", prerelease: false, actor: "operator", fromDraft });

/**
 * Each step that creates or publishes a release in CI, and the runs it loses. `tagsOf`
 * gives the tags a tag-creating tool makes (its release lines); `tag` stands for the
 * others. Listeners the same workflow dispatches (`gh workflow run X`) are not lost.
 */
export function findMakers(
  ws: readonly Workflow[],
  steps: readonly StepCommands[],
  tag: string,
  tagsOf: (tool: string) => string[] = () => [tag],
): Maker[] {
  const out: Maker[] = [];
  for (const sc of steps) {
    const env = { ...sc.workflow.env, ...sc.job.env };
    const words = sc.commands.map((c) => c.words);
    const use = releaseMaker(sc.step, {
      env,
      commands: words,
      startedOnlyByRelease: startedOnlyByRelease(sc.workflow),
    });
    if (!use) continue;
    const base = { at: sc, use, why: use.why };
    if (use.draft !== false) {
      out.push({ ...base, lost: [], draft: true, note: "leaves a draft for a person to publish" });
      continue;
    }
    if (use.token === "personal") {
      out.push({ ...base, lost: [], note: "with a token other than GITHUB_TOKEN, whose events start workflows" });
      continue;
    }
    const dispatched = new Set(
      steps
        .filter((o) => o.workflow === sc.workflow)
        .flatMap((o) =>
          dispatchedWorkflows(
            o.step,
            o.commands.map((c) => c.words),
          ),
        ),
    );
    const others = ws.filter((w) => w.file !== sc.workflow.file && !w.error);
    const fromDraft = Boolean(use.publishesDraft);
    const tags = use.createsTag ? tagsOf(use.tool) : [];
    const lost = others
      .filter(
        (w) =>
          starts(w, fromDraft) ||
          (listensToTags(w) && tags.some((t) => startsOn(w.triggers, { kind: "push-tag", tag: t }))),
      )
      .map((w) => w.file)
      .filter((f) => !dispatched.has(f));
    const note = dispatched.size ? `the workflow dispatches ${[...dispatched].join(", ")} itself` : undefined;
    out.push({ ...base, lost: [...new Set(lost)].sort(), ...(note ? { note } : {}) });
  }
  return out;
}

export interface ReleaseFlow {
  adopted: boolean;
  makers: Maker[];
  lines: ReleaseLine[];
  /** the tools that cut releases in CI (release-please, semantic-release...) */
  tools: string[];
}

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    "workflows.flow"?: Promise<ReleaseFlow>;
  }
}

/** The repository's release flow, once per doctor run; `tag` is the cut's (or the main line's) tag. */
export const releaseFlowOf = (ctx: CheckContext, tag: string): Promise<ReleaseFlow> =>
  memoFact(ctx, "workflows.flow", async () => {
    const ws = await workflowsOf(ctx);
    const steps = await stepCommandsOf(ctx);
    const first = findMakers(ws, steps, tag);
    const tools = [...new Set(first.filter((m) => m.use.createsTag).map((m) => m.use.tool))];
    const prefixes = toolTagPrefixes(ctx.root, tools);
    const lines = learnReleaseLines(ctx.facts["workflows.repoTags"] ?? [], ws, prefixes);
    const byTool = new Map(tools.map((t) => [t, toolTagPrefixes(ctx.root, [t]).map((p) => exampleTag(p))]));
    const makers = findMakers(ws, steps, tag, (tool) => byTool.get(tool) ?? [tag]);
    return { adopted: toolkitAdopted(ctx, ws), makers, lines, tools };
  });
