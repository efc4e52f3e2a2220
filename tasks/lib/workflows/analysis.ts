/**
 * Pure analysis of parsed workflows: which steps poll and for what, which secrets are
 * read, which workflows each event of the cut starts. (Which steps create a release is
 * the release tools catalog's: release-tools.ts.)
 */
import type { ReleaseConfig } from "../core/config/load.ts";
import { describeEvent, startsOn, type CutEvent } from "./triggers.ts";
import { yamlStrings, type Step, type Workflow } from "./read.ts";

/** What a polling loop in a step looks up: the release itself, or other runs (builds to finish). */
export interface Poll {
  /** it looks the release up (`gh release view`, `/releases/tags/`, `getReleaseByTag`) */
  release: boolean;
  /** it looks up workflow runs or checks (`gh run`, `/actions/runs`, `listWorkflowRuns`, `gh pr checks`) */
  runs: boolean;
}

/** The loop a step runs and what it polls, or undefined when it has no polling loop. */
export function pollOf(step: Step): Poll | undefined {
  const text = step.run ?? (typeof step.with.script === "string" ? step.with.script : "");
  const loop =
    /\b(for|while|until)\b[\s\S]*\b(sleep|setTimeout)\b|\b(sleep|setTimeout)\b[\s\S]*\b(done|while|until)\b/.test(text);
  if (!loop) return undefined;
  return {
    release: /\bgh\s+release\s+view\b|\/releases\/tags\/|\bgetReleaseByTag\b|\bgh\s+api\b[^\n]*\/releases/.test(text),
    runs: /\bgh\s+(run|pr\s+checks)\b|\/actions\/runs|\/check-runs|\blistWorkflowRuns|\bgetWorkflowRun\b|\blistForRef\b/.test(
      text,
    ),
  };
}

/** Why a step waits for a release to appear (a loop that looks up the release, not other runs), or undefined. */
export function pollsForRelease(step: Step): string | undefined {
  const poll = pollOf(step);
  return poll?.release && !poll.runs ? "loops until the release exists" : undefined;
}

/** Secret names a workflow reads (`secrets.NAME`, `secrets['NAME']`) in its YAML values (never its comments), without GITHUB_TOKEN. */
export function secretsRead(w: Workflow): string[] {
  const names = new Set<string>();
  for (const text of yamlStrings(w.doc))
    for (const m of text.matchAll(
      /\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])/g,
    )) {
      const name = m[1] ?? m[2]!;
      if (name !== "GITHUB_TOKEN" && name !== "inherit") names.add(name);
    }
  return [...names].sort();
}

/** The tag the fan-out is simulated for, and its pre-release. */
export interface CutTags {
  stable: string;
  prerelease: string;
}

/** The cut's tags for a version (`0.20.6` → `v0.20.6` and `v0.20.6-rc.1`; a pre-release target keeps its base). */
export function cutTags(prefix: string, version: string): CutTags {
  const base = version.split("-")[0]!;
  const pre = version.includes("-") ? version : `${base}-rc.1`;
  return { stable: prefix + base, prerelease: prefix + pre };
}

/**
 * The events the toolkit's cut causes (`tsx release.ts --yes`, draft first): one atomic
 * push of the branch and the tag, a `workflow_dispatch` at the tag of each build (a
 * release workflow without a `release` trigger) while the release is a draft, then the
 * draft published with the operator's token, which emits `published` and
 * `released`/`prereleased` but never `created`. A pre-release cut does the same with
 * its tag. The cut never creates a release published at once.
 */
export function cutEvents(config: ReleaseConfig, tags: CutTags = cutTags(config.tagPrefix, "1.2.3")): CutEvent[] {
  const changedFiles = [...config.versionFiles.map((v) => v.path), config.changelog.path];
  const workflows = config.github.releaseWorkflows;
  return [
    { kind: "push-branch", branch: config.branch, changedFiles },
    { kind: "push-tag", tag: tags.stable, actor: "operator" },
    { kind: "push-tag", tag: tags.prerelease, actor: "operator" },
    { kind: "dispatch", tag: tags.stable, workflows, actor: "operator" },
    { kind: "dispatch", tag: tags.prerelease, workflows, actor: "operator" },
    { kind: "release", tag: tags.stable, prerelease: false, actor: "operator", fromDraft: true },
    { kind: "release", tag: tags.prerelease, prerelease: true, actor: "operator", fromDraft: true },
  ];
}

/**
 * How a repository that has not adopted the toolkit makes its releases public: a release
 * tool that leaves a draft a person publishes, a tool that creates the release published
 * (with whatever token: whether its events start runs is `workflow.ci-creates-release`'s
 * question), or a person by hand, who may publish at once or save a draft first.
 */
export type OwnFlow = "draft" | "published" | "by-hand";

/** The events of a repository's own flow: the tag pushes, then the release made public the way that flow does it. */
export function ownFlowEvents(flow: OwnFlow, tags: CutTags): CutEvent[] {
  const actor = flow === "published" ? "tool" : "person";
  const release = (tag: string, prerelease: boolean, fromDraft: boolean): CutEvent => ({
    kind: "release",
    tag,
    prerelease,
    actor,
    ...(fromDraft ? { fromDraft } : {}),
  });
  const variants = flow === "by-hand" ? [false, true] : [flow === "draft"];
  return [
    { kind: "push-tag", tag: tags.stable },
    { kind: "push-tag", tag: tags.prerelease },
    ...variants.map((d) => release(tags.stable, false, d)),
    ...variants.map((d) => release(tags.prerelease, true, d)),
  ];
}

export interface FanOut {
  event: CutEvent;
  label: string;
  workflows: string[];
}

/** Which workflows start on each event (pure). */
export function simulateFanOut(workflows: readonly Workflow[], events: readonly CutEvent[]): FanOut[] {
  return events.map((event) => ({
    event,
    label: describeEvent(event),
    workflows: workflows
      .filter((w) => !w.error && startsOn(w.triggers, event))
      .filter((w) => event.kind !== "dispatch" || event.workflows.includes(w.file))
      .map((w) => w.file),
  }));
}

/** Workflows that listen for a published release (the ones a CI-created release silently skips). */
export const releaseListeners = (workflows: readonly Workflow[]) =>
  workflows.filter((w) => !w.error && w.triggers.events.release).map((w) => w.file);

/** Workflows started by the push of a release tag (a tag filter that matches `tag`). */
export const tagListeners = (workflows: readonly Workflow[], tag: string) =>
  workflows
    .filter((w) => {
      const f = w.triggers.events.push;
      return !w.error && f && (f.tags || f["tags-ignore"]) && startsOn(w.triggers, { kind: "push-tag", tag });
    })
    .map((w) => w.file);

/**
 * Whether only release events start the workflow (then the release exists when it runs);
 * `workflow_dispatch` beside them reruns it for a release. Dispatched alone, nothing says a
 * release exists: a release action there makes one.
 */
export const startedOnlyByRelease = (w: Workflow) => {
  const events = Object.keys(w.triggers.events);
  return events.includes("release") && events.every((e) => e === "release" || e === "workflow_dispatch");
};
