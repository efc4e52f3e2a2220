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
import { dispatchedWorkflows, publishers, releaseMaker, toolSites, type ToolUse } from "./release-tools.ts";
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
  /**
   * workflows that lose their release-event run but start anyway on the branch push that
   * starts the maker's own workflow (the merge of a release PR), with that push's branch
   */
  runsAnyway: { file: string; branch: string }[];
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
    const base = { at: sc, use, why: use.why, runsAnyway: [] };
    if (use.draft !== false) {
      out.push({ ...base, lost: [], draft: true, note: "leaves a draft for a person to publish" });
      continue;
    }
    if (use.token === "personal") {
      out.push({ ...base, lost: [], note: "with a token other than GITHUB_TOKEN, whose events start workflows" });
      continue;
    }
    out.push({ ...base, ...lossesOf(sc, use, ws, steps, tagsOf) });
  }
  return out;
}

/** The listeners a release made with GITHUB_TOKEN loses, those that run anyway, and those its workflow dispatches itself. */
function lossesOf(
  sc: StepCommands,
  use: ToolUse,
  ws: readonly Workflow[],
  steps: readonly StepCommands[],
  tagsOf: (tool: string) => string[],
): Pick<Maker, "lost" | "runsAnyway" | "note"> {
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
  const others = ws.filter((w) => w.file !== sc.workflow.file && !w.error && !dispatched.has(w.file));
  const fromDraft = Boolean(use.publishesDraft);
  const tags = use.createsTag ? tagsOf(use.tool) : [];
  const listeners = others.filter(
    (w) =>
      starts(w, fromDraft) ||
      (listensToTags(w) && tags.some((t) => startsOn(w.triggers, { kind: "push-tag", tag: t }))),
  );
  const branches = pushBranches(sc.workflow);
  const runsAnyway = listeners.flatMap((w) => {
    const branch = branches.find((b) => startsOn(w.triggers, { kind: "push-branch", branch: b, changedFiles: [] }));
    return branch && !onlyForRelease(w) ? [{ file: w.file, branch }] : [];
  });
  const itself = publishedItself(sc.workflow, listeners, steps);
  const lost = listeners
    .map((w) => w.file)
    .filter((f) => !runsAnyway.some((r) => r.file === f) && !itself.files.includes(f));
  const notes = [
    ...(dispatched.size ? [`the workflow dispatches ${[...dispatched].join(", ")} itself`] : []),
    ...(itself.files.length
      ? [`the workflow publishes to ${itself.registries.join(", ")} itself, as ${itself.files.join(", ")} would`]
      : []),
  ];
  return { lost: [...new Set(lost)].sort(), runsAnyway, ...(notes.length ? { note: notes.join("; ") } : {}) };
}

/**
 * Listeners whose every package publisher the maker's own workflow also runs (a release
 * workflow that publishes everything, then makes the release): their run is not lost, it
 * would publish the same packages twice.
 */
function publishedItself(
  maker: Workflow,
  listeners: readonly Workflow[],
  steps: readonly StepCommands[],
): { files: string[]; registries: string[] } {
  const registriesOf = (w: Workflow) =>
    new Set(
      publishers(toolSites(steps.filter((s) => s.workflow === w)))
        .map((s) => s.use.registry!)
        .filter((r) => r !== "testpypi"),
    );
  const own = registriesOf(maker);
  const files = listeners
    .filter((w) => {
      const theirs = [...registriesOf(w)];
      return theirs.length > 0 && theirs.every((r) => own.has(r));
    })
    .map((w) => w.file);
  return { files: [...new Set(files)].sort(), registries: [...own].sort() };
}

/** The branches whose push starts a workflow, as written (patterns left out: the merged branch is not known). */
function pushBranches(w: Workflow): string[] {
  return (w.triggers.events.push?.branches ?? []).filter((b) => !/[*?[!]/.test(b));
}

const RELEASE_ONLY =
  /github\.event_name\s*==\s*['"]release['"]|github\.event\.release\b|startsWith\(\s*github\.ref\s*,\s*['"]refs\/tags\//;

/** Whether every job of a workflow runs only on a release or a tag (its push run does none of the release's work). */
function onlyForRelease(w: Workflow): boolean {
  const jobs = Object.values((w.doc as { jobs?: Record<string, { if?: unknown }> })?.jobs ?? {});
  return jobs.length > 0 && jobs.every((j) => RELEASE_ONLY.test(String(j?.if ?? "")));
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
