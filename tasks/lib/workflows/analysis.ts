/**
 * Pure analysis of parsed workflows: which steps create a release, which poll for
 * one, which secrets are read, which workflows each event of the cut starts.
 */
import type { ReleaseConfig } from "../core/config/load.ts";
import { describeEvent, startsOn, type CutEvent } from "./triggers.ts";
import type { Step, Workflow } from "./read.ts";

export interface StepRef {
  workflow: string;
  job: string;
  step: string;
  why: string;
}

const RELEASE_ACTIONS = [
  "softprops/action-gh-release",
  "ncipollo/release-action",
  "actions/create-release",
  "marvinpinto/action-automatic-releases",
  "elgohr/github-release-action",
];

const stepLabel = (s: Step, index: number) => s.name ?? s.uses ?? `step ${index + 1}`;

/** Why a step creates a GitHub release, or undefined when it does not. */
export function createsRelease(step: Step): string | undefined {
  const action = step.uses?.split("@")[0]?.toLowerCase();
  if (action && RELEASE_ACTIONS.includes(action)) return `uses ${action}`;
  const run = step.run ?? "";
  if (/\bgh\s+release\s+create\b/.test(run)) return "runs `gh release create`";
  if (/\bgh\s+api\b[^\n]*\/releases(?:["'\s]|$)[^\n]*(-X\s*POST|--method\s+POST|\s-[fF]\s)/m.test(run))
    return "POSTs to the releases API with `gh api`";
  if (
    /\bcurl\b[^\n]*(-X\s*POST|--request\s+POST|\s-d\s|--data)[^\n]*\/releases(?:["'\s]|$)/m.test(run) ||
    /\bcurl\b[^\n]*\/releases["'\s][^\n]*(-X\s*POST|-d\s|--data)/m.test(run)
  )
    return "POSTs to the releases API with curl";
  const script = typeof step.with.script === "string" ? step.with.script : "";
  if (/\bcreateRelease\s*\(/.test(script)) return "calls createRelease in actions/github-script";
  return undefined;
}

/** Why a step waits for a release to appear, or undefined. */
export function pollsForRelease(step: Step): string | undefined {
  const text = step.run ?? (typeof step.with.script === "string" ? step.with.script : "");
  const loop =
    /\b(for|while|until)\b[\s\S]*\b(sleep|setTimeout)\b|\b(sleep|setTimeout)\b[\s\S]*\b(done|while|until)\b/.test(text);
  const looksUp = /\bgh\s+release\s+view\b|\/releases\/tags\/|\bgetReleaseByTag\b|\bgh\s+api\b[^\n]*\/releases/.test(
    text,
  );
  return loop && looksUp ? "loops until the release exists" : undefined;
}

export function findSteps(workflows: readonly Workflow[], test: (s: Step) => string | undefined): StepRef[] {
  const found: StepRef[] = [];
  for (const w of workflows)
    for (const job of w.jobs)
      job.steps.forEach((s, i) => {
        const why = test(s);
        if (why) found.push({ workflow: w.file, job: job.id, step: stepLabel(s, i), why });
      });
  return found;
}

/** Secret names a workflow reads (`secrets.NAME`, `secrets['NAME']`), without GITHUB_TOKEN. */
export function secretsRead(w: Workflow): string[] {
  const names = new Set<string>();
  for (const m of w.text.matchAll(
    /\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])/g,
  )) {
    const name = m[1] ?? m[2]!;
    if (name !== "GITHUB_TOKEN" && name !== "inherit") names.add(name);
  }
  return [...names].sort();
}

/** The events a release cut causes, with representative versions (stable and pre-release). */
export function cutEvents(config: ReleaseConfig, versions = { stable: "1.2.3", prerelease: "1.3.0-rc.1" }): CutEvent[] {
  const changedFiles = [...config.versionFiles.map((v) => v.path), config.changelog.path];
  const stable = config.tagPrefix + versions.stable;
  const pre = config.tagPrefix + versions.prerelease;
  return [
    { kind: "push-branch", branch: config.branch, changedFiles },
    { kind: "push-tag", tag: stable },
    { kind: "push-tag", tag: pre },
    { kind: "release", tag: stable, prerelease: false, actor: "operator" },
    { kind: "release", tag: pre, prerelease: true, actor: "operator" },
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
    workflows: workflows.filter((w) => !w.error && startsOn(w.triggers, event)).map((w) => w.file),
  }));
}

/** Workflows that listen for a published release (the ones a CI-created release silently skips). */
export const releaseListeners = (workflows: readonly Workflow[]) =>
  workflows.filter((w) => !w.error && w.triggers.events.release).map((w) => w.file);
