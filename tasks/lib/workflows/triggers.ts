/**
 * The trigger model of a workflow's `on:` and the question "does this event start
 * it?". Events are the ones a release causes: the push of the branch and of the tag,
 * the `workflow_dispatch` the toolkit's cut sends to its builds while the release is a
 * draft, and the release made public — created published, or a draft published — by a
 * token whose events start workflows, or by GITHUB_TOKEN, whose events start nothing.
 */
import { passesFilters, valuePassing } from "./filter.ts";

export interface PushFilters {
  branches?: string[];
  "branches-ignore"?: string[];
  tags?: string[];
  "tags-ignore"?: string[];
  paths?: string[];
  "paths-ignore"?: string[];
}

export interface Triggers {
  /** event name → its filters (`{}` when the event has none) */
  events: Record<string, PushFilters & { types?: string[] }>;
}

/**
 * Who causes an event: the operator's token (the toolkit's cut), a person in GitHub's
 * web page, a release tool's own token (other than GITHUB_TOKEN), or GITHUB_TOKEN.
 * Only the last starts no workflow run (`workflow_dispatch` aside).
 */
export type Actor = "operator" | "person" | "tool" | "github-token";

export type CutEvent =
  | { kind: "push-branch"; branch: string; changedFiles: string[] }
  | { kind: "push-tag"; tag: string; actor?: Actor }
  | {
      kind: "release";
      tag: string;
      prerelease: boolean;
      actor: Actor;
      /** an existing draft is published (what the toolkit's cut does), rather than a release created published */
      fromDraft?: boolean;
    }
  /** the toolkit's `workflow_dispatch` of its builds at the tag, while the release is a draft */
  | { kind: "dispatch"; tag: string; workflows: readonly string[]; actor: Actor };

const list = (v: unknown): string[] | undefined =>
  typeof v === "string"
    ? [v]
    : Array.isArray(v)
      ? v.filter((x): x is string => typeof x === "string" || typeof x === "number").map(String)
      : undefined;

/** Normalize the three forms of `on:` (a name, a list of names, a mapping). */
export function parseTriggers(on: unknown): Triggers {
  const events: Triggers["events"] = {};
  if (typeof on === "string") events[on] = {};
  else if (Array.isArray(on)) {
    for (const e of on) if (typeof e === "string") events[e] = {};
  } else if (on && typeof on === "object") {
    for (const [name, raw] of Object.entries(on as Record<string, unknown>)) {
      const filters: PushFilters & { types?: string[] } = {};
      if (raw && typeof raw === "object") {
        const r = raw as Record<string, unknown>;
        for (const key of [
          "branches",
          "branches-ignore",
          "tags",
          "tags-ignore",
          "paths",
          "paths-ignore",
          "types",
        ] as const) {
          const v = list(r[key]);
          if (v) filters[key] = v;
        }
      }
      events[name] = filters;
    }
  }
  return { events };
}

/**
 * The activity types a release emits when it becomes public. A release created
 * already published emits `created` too; publishing a draft emits only `published`
 * and `released`/`prereleased` (its `created` fired, unseen, when the draft was made,
 * and drafts start no workflow).
 */
export function releaseTypes(prerelease: boolean, fromDraft = false): string[] {
  const kind = prerelease ? "prereleased" : "released";
  return fromDraft ? ["published", kind] : ["published", "created", kind];
}

const BY: Record<Actor, string> = {
  operator: "the operator's token",
  person: "a person",
  tool: "the release tool",
  "github-token": "GITHUB_TOKEN",
};

export function describeEvent(e: CutEvent): string {
  if (e.kind === "push-branch") return `push of ${e.branch}`;
  if (e.kind === "dispatch") return `workflow_dispatch at ${e.tag} (the draft's builds)`;
  if (e.kind === "push-tag") return `push of tag ${e.tag}`;
  const how = e.fromDraft ? "draft release" : "release";
  return `${how} ${e.tag} published${e.fromDraft ? "" : " at once"}${e.prerelease ? " (pre-release)" : ""} by ${BY[e.actor]}`;
}

/** Whether a workflow with these triggers starts on the event (pure). */
export function startsOn(t: Triggers, e: CutEvent): boolean {
  // The cut dispatches the release workflows that do not listen for the release (a dispatch by GITHUB_TOKEN starts runs too).
  if (e.kind === "dispatch") return Boolean(t.events.workflow_dispatch) && !t.events.release;
  if (e.kind === "release") {
    // GitHub creates no workflow run for events caused by GITHUB_TOKEN.
    if (e.actor === "github-token") return false;
    const f = t.events.release;
    if (!f) return false;
    return !f.types || f.types.some((type) => releaseTypes(e.prerelease, e.fromDraft).includes(type));
  }
  // A tag pushed with GITHUB_TOKEN (semantic-release, release-please) starts nothing either.
  if (e.kind === "push-tag" && e.actor === "github-token") return false;
  const f = t.events.push;
  if (!f) return false;
  const hasBranch = Boolean(f.branches || f["branches-ignore"]);
  const hasTag = Boolean(f.tags || f["tags-ignore"]);
  if (e.kind === "push-tag") {
    if (hasBranch && !hasTag) return false;
    // Path filters are not evaluated for tag pushes.
    return passesFilters(e.tag, f.tags, f["tags-ignore"]);
  }
  if (hasTag && !hasBranch) return false;
  if (!passesFilters(e.branch, f.branches, f["branches-ignore"])) return false;
  if (f.paths) return e.changedFiles.some((p) => passesFilters(p, f.paths, undefined));
  if (f["paths-ignore"]) return e.changedFiles.some((p) => passesFilters(p, undefined, f["paths-ignore"]));
  return true;
}

/**
 * A tag whose push starts the workflow, or undefined when none does. GitHub's rules: with
 * branch filters and no tag filter, no tag starts it; with a tag filter (`tags` or
 * `tags-ignore`), a tag must pass it (`tags-ignore: ['**']` keeps every tag out); with
 * neither, every tag does.
 */
export function tagStarting(t: Triggers): string | undefined {
  const f = t.events.push;
  if (!f) return undefined;
  const tag = valuePassing(f.tags, f["tags-ignore"]);
  return tag !== undefined && startsOn(t, { kind: "push-tag", tag }) ? tag : undefined;
}
