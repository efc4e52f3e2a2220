/**
 * Pure analysis of parsed workflows: which steps create a release, which poll for
 * one, which secrets are read, which workflows each event of the cut starts.
 */
import type { ReleaseConfig } from "../core/config/load.ts";
import { describeEvent, startsOn, type CutEvent } from "./triggers.ts";
import { yamlStrings, type Step, type Workflow } from "./read.ts";

export interface StepRef {
  workflow: string;
  job: string;
  step: string;
  why: string;
}

/** Actions that create a release when none exists for the tag (and upload to it otherwise). */
const RELEASE_ACTIONS = [
  "softprops/action-gh-release",
  "ncipollo/release-action",
  "actions/create-release",
  "marvinpinto/action-automatic-releases",
  "elgohr/github-release-action",
  "jbolda/create-release",
];
/** Tools that cut the release themselves in CI: they create the tag and the release. */
const RELEASE_TOOLS = [
  "googleapis/release-please-action",
  "google-github-actions/release-please-action",
  "python-semantic-release/python-semantic-release",
  "relekang/python-semantic-release",
  "cycjimmy/semantic-release-action",
  "codfish/semantic-release-action",
];

const stepLabel = (s: Step, index: number) => s.name ?? s.id ?? s.uses ?? `step ${index + 1}`;

export type TokenKind = "github-token" | "personal";

/** Which token a value names: `secrets.GITHUB_TOKEN`/`github.token` or anything else (a PAT, an App token). */
export function tokenOf(...values: unknown[]): TokenKind | undefined {
  for (const v of values) {
    if (typeof v !== "string" || !v.includes("${{")) continue;
    return /\b(secrets\.GITHUB_TOKEN|github\.token)\b/.test(v) ? "github-token" : "personal";
  }
  return undefined;
}

const truthy = (v: unknown) => v === true || v === "true";
/** `draft: ${{ inputs.draft }}` may be either: a person decides, so it is not counted as published. */
const maybeDraft = (v: unknown) => truthy(v) || (typeof v === "string" && v.includes("${{"));

export interface ReleaseMaker {
  why: string;
  /** the release is left as a draft for a person to publish (no run is lost) */
  draft: boolean;
  token: TokenKind;
  /** it also creates the tag (release-please, semantic-release), so tag-push listeners are skipped too */
  createsTag: boolean;
  /** it publishes an existing draft (`gh release edit --draft=false`) */
  publishesDraft?: boolean;
}

/** Whether (and how) a step creates or publishes a GitHub release; `wordsOf` gives its parsed commands. */
export function releaseMaker(
  step: Step,
  env: Record<string, unknown>,
  commands: readonly string[][],
  startedOnlyByRelease: boolean,
): ReleaseMaker | undefined {
  const action = step.uses?.split("@")[0]?.toLowerCase();
  const envToken = () => tokenOf(step.env.GH_TOKEN, step.env.GITHUB_TOKEN, env.GH_TOKEN, env.GITHUB_TOKEN);
  if (action && RELEASE_TOOLS.includes(action)) {
    const token = tokenOf(step.with.token, step.with.github_token, step.with["github-token"]) ?? envToken();
    return { why: `uses ${action}`, draft: false, token: token ?? "github-token", createsTag: true };
  }
  // In a workflow that only a published release starts, the release exists: these actions upload to it.
  if (action && RELEASE_ACTIONS.includes(action) && !startedOnlyByRelease) {
    const token = tokenOf(step.with.token, step.with.repo_token, step.with["repo-token"]) ?? envToken();
    return {
      why: `uses ${action}`,
      draft: maybeDraft(step.with.draft),
      token: token ?? "github-token",
      createsTag: false,
    };
  }
  if (
    action === "tauri-apps/tauri-action" &&
    step.with.tagName !== undefined &&
    step.with.releaseId === undefined &&
    !startedOnlyByRelease
  ) {
    return {
      why: "uses tauri-apps/tauri-action with tagName (it creates the release)",
      draft: maybeDraft(step.with.releaseDraft),
      token: envToken() ?? "github-token",
      createsTag: false,
    };
  }
  for (const words of commands) {
    const i = words.indexOf("gh");
    if (i < 0 || words[i + 1] !== "release") continue;
    const verb = words[i + 2];
    const token = envToken() ?? "github-token";
    if (verb === "create" && !startedOnlyByRelease)
      return {
        why: "runs `gh release create`",
        draft: words.includes("--draft") || words.includes("-d"),
        token,
        createsTag: false,
      };
    if (verb === "edit" && (words.includes("--draft=false") || words.join(" ").includes("--draft false")))
      return {
        why: "runs `gh release edit --draft=false`",
        draft: false,
        token,
        createsTag: false,
        publishesDraft: true,
      };
  }
  for (const words of commands) {
    // POST …/releases through the API (gh api, curl): a release created by hand-made requests.
    const url = words.find((w) => /\/releases\/?$/.test(w));
    const post =
      words.some((w, j) => (w === "-X" || w === "--method" || w === "--request") && words[j + 1] === "POST") ||
      words.some((w) => /^-X?POST$|^--data|^-d$|^-[fF]$/.test(w));
    if (url && post && !startedOnlyByRelease && (words[0] === "curl" || (words[0] === "gh" && words[1] === "api")))
      return {
        why: `POSTs to the releases API with ${words[0] === "gh" ? "`gh api`" : "curl"}`,
        draft: words.some((w) => /"draft"\s*:\s*true|draft=true/.test(w)),
        token: envToken() ?? "github-token",
        createsTag: false,
      };
  }
  for (const words of commands) {
    const cmd = words.join(" ");
    if ((words[0] === "npx" && /semantic-release\b/.test(words[1] ?? "")) || /^semantic-release\b/.test(cmd))
      return { why: "runs semantic-release", draft: false, token: envToken() ?? "github-token", createsTag: true };
  }
  const script = typeof step.with.script === "string" ? step.with.script : "";
  if (/\bcreateRelease\s*\(/.test(script) && !startedOnlyByRelease)
    return {
      why: "calls createRelease in actions/github-script",
      draft: /\bdraft\s*:\s*true\b/.test(script),
      token: tokenOf(step.with["github-token"]) ?? "github-token",
      createsTag: false,
    };
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
 * The events a release cut causes: the branch push, the tag pushes, the dispatch of the
 * builds while the release is a draft, and the release published by the operator — a
 * draft published (what the cut does), or created published (what a hand-made release does).
 */
export function cutEvents(config: ReleaseConfig, tags: CutTags = cutTags(config.tagPrefix, "1.2.3")): CutEvent[] {
  const changedFiles = [...config.versionFiles.map((v) => v.path), config.changelog.path];
  return [
    { kind: "push-branch", branch: config.branch, changedFiles },
    { kind: "push-tag", tag: tags.stable },
    { kind: "push-tag", tag: tags.prerelease },
    { kind: "dispatch", tag: tags.stable, workflows: config.github.releaseWorkflows, actor: "operator" },
    { kind: "release", tag: tags.stable, prerelease: false, actor: "operator" },
    { kind: "release", tag: tags.stable, prerelease: false, actor: "operator", fromDraft: true },
    { kind: "release", tag: tags.prerelease, prerelease: true, actor: "operator" },
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
 * Zero-config, the release workflows are the ones the repository has that listen to
 * release events or to pushes of release tags.
 */
export const detectedReleaseWorkflows = (workflows: readonly Workflow[], tag: string) =>
  [...new Set([...releaseListeners(workflows), ...tagListeners(workflows, tag)])].sort();

/** Whether only release events start the workflow (then the release exists when it runs). */
export const startedOnlyByRelease = (w: Workflow) => {
  const events = Object.keys(w.triggers.events);
  return events.length > 0 && events.every((e) => e === "release" || e === "workflow_dispatch");
};
