/**
 * What `--replace` does to the old flow: the publishing steps it removes from the
 * maintainer's own files, with every other line left byte for byte (comments, quoting,
 * order). In a workflow that only releases (started by a release, a tag push or by hand)
 * a publishing job goes whole, with the jobs only it needed, when its other steps only
 * prepare (preparation.ts), and the file goes when no job is left; in any other workflow,
 * and in a job that also does something else (a docs deploy, a push to CocoaPods), only
 * the publishing steps go. A step that also runs a publisher the toolkit does not take
 * over, or a removal that leaves a reference to what it removed, is refused with both
 * named. A Makefile loses the publishing rule; a release script is deleted; a release
 * doc is the maintainer's to rewrite (listed, not edited). Pure, but for the parsers.
 */
import { posix } from "node:path";
import type { RefusalCode } from "../core/codes.ts";
import { parseWorkflow, type Workflow } from "../workflows/read.ts";
import { yaml } from "../workflows/yaml.ts";
import type { FoundTool, Site } from "./release-automation.ts";
import { needsOf } from "./release-automation.ts";
import { preparationSteps } from "./preparation.ts";
import { taskRules, taskRunner } from "./scripts.ts";

export interface OldFlowEdit {
  path: string;
  /** the new text; undefined: the file is deleted */
  want: string | undefined;
  /** what goes, in words: `job publish`, `step "Upload" of job build`, `make publish` */
  removes: string[];
}

export interface ReplaceProblem {
  /** `adopt.replace-stops-publishing`: it would stop a publisher the toolkit does not take over; `adopt.replace-dangling`: something still refers to what it removes */
  code: Extract<RefusalCode, "adopt.replace-stops-publishing" | "adopt.replace-dangling">;
  message: string;
}

export interface Replacement {
  edits: OldFlowEdit[];
  /** why a site cannot be removed by adoption (the maintainer edits it) */
  problems: ReplaceProblem[];
}

const dangling = (message: string): ReplaceProblem => ({ code: "adopt.replace-dangling", message });

type WorkflowSite = Extract<Site, { kind: "workflow" }>;

/** Only release events, tag pushes or a person start it: every job in it is part of the release. */
function releasesOnly(w: Workflow): boolean {
  return Object.entries(w.triggers.events).every(([event, f]) =>
    event === "push"
      ? Boolean(f.tags || f["tags-ignore"]) && !f.branches && !f["branches-ignore"]
      : RELEASE_EVENTS.has(event),
  );
}
const RELEASE_EVENTS = new Set(["release", "workflow_dispatch", "workflow_call", "workflow_run", "create"]);

/** Line spans (0-based, inclusive) to delete, with the comment lines right above each. */
function removeSpans(text: string, spans: [number, number][]): string {
  const lines = text.split("\n");
  const drop = new Set<number>();
  for (const [from, to] of spans) {
    const indent = /^\s*-?\s*/.exec(lines[from]!)![0].length;
    let start = from;
    while (start > 0 && /^\s*#/.test(lines[start - 1]!) && /^\s*/.exec(lines[start - 1]!)![0].length >= indent - 2)
      start--;
    for (let i = start; i <= to; i++) drop.add(i);
  }
  return lines.filter((_, i) => !drop.has(i)).join("\n");
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split("\n").length - 1;

type Node = { range?: [number, number, number] | null; items?: unknown[]; get?: (k: string, keep: boolean) => unknown };
type Pair = { key: { value?: unknown; range?: [number, number, number] | null }; value: Node | null };

/** The line span of each job (by id) and of each step (by `job#index`), for block-style YAML. */
function spansOf(text: string): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  const doc = yaml().parseDocument(text);
  const jobs = (doc.get("jobs", true) as Node | undefined)?.items as Pair[] | undefined;
  for (const pair of jobs ?? []) {
    const id = String(pair.key.value);
    const start = pair.key.range?.[0];
    const end = pair.value?.range?.[1];
    if (start === undefined || end === undefined) continue;
    out.set(id, [lineAt(text, start), lineAt(text, end - 1)]);
    const steps = pair.value?.get?.("steps", true) as Node | undefined;
    (steps?.items as Node[] | undefined)?.forEach((s, i) => {
      if (s.range) out.set(`${id}#${i}`, [lineAt(text, s.range[0]), lineAt(text, s.range[1] - 1)]);
    });
  }
  return out;
}

/** The jobs to remove: the publishing ones, then (in a release-only workflow) the jobs only removed jobs needed. */
function jobsToRemove(w: Workflow, publishing: Set<string>, removable: (job: string) => boolean): Set<string> {
  const gone = new Set(publishing);
  for (let changed = true; changed; ) {
    changed = false;
    for (const j of w.jobs) {
      if (gone.has(j.id) || !removable(j.id)) continue;
      const neededBy = w.jobs.filter((o) => needsOf(w, o.id).includes(j.id));
      if (neededBy.length && neededBy.every((o) => gone.has(o.id))) {
        gone.add(j.id);
        changed = true;
      }
    }
  }
  return gone;
}

/** What the rest of the workflow still reads from a removed job or step (`needs.X.outputs`, `steps.ID.outputs`, `jobs.X.outputs`). */
function danglingReference(w: Workflow, after: string, gone: Set<string>, steps: string[]): string | undefined {
  for (const job of gone) {
    if (new RegExp(`\\bneeds\\.${esc(job)}\\.`).test(after)) return `what is left reads needs.${job}, which publishes`;
    if (new RegExp(`\\bjobs\\.${esc(job)}\\.`).test(after))
      return `its workflow_call outputs read jobs.${job}, which publishes`;
  }
  for (const key of steps) {
    const [job, index] = key.split("#") as [string, string];
    const id = w.jobs.find((j) => j.id === job)?.steps[Number(index)]?.id;
    if (id && new RegExp(`\\bsteps\\.${esc(id)}\\.`).test(after))
      return `job ${job} still reads steps.${id}, the publishing step`;
  }
  return undefined;
}
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const stepKey = (t: { where: Site }) => (t.where.kind === "workflow" ? `${t.where.job}#${t.where.step}` : "");

/** A kept publisher, as a refusal names it. */
const keptLabel = (t: FoundTool) =>
  `${t.tool} (${t.registry ? `publishes to ${t.registry}` : t.role === "uploads" ? "attaches files to a release" : "makes a release"})`;

/** What goes from one workflow: whole jobs and single steps, decided from what else each job does. */
interface Removal {
  gone: Set<string>;
  steps: string[];
}

/**
 * Jobs go whole only in a release-only workflow, and only when every other step of the
 * job only prepares (and it calls no reusable workflow); otherwise only the publishing
 * steps go, and a job left with none goes.
 */
function planRemoval(w: Workflow, sites: WorkflowSite[], prep: Set<string>, kept: readonly FoundTool[]): Removal {
  const replaced = new Set(sites.map((s) => `${s.job}#${s.step}`));
  const keptAt = new Set(kept.map(stepKey));
  const removable = (id: string) => {
    const job = w.jobs.find((j) => j.id === id);
    const only = (i: number) => replaced.has(`${id}#${i}`) || (prep.has(`${id}#${i}`) && !keptAt.has(`${id}#${i}`));
    return job !== undefined && !job.uses && job.steps.every((_, i) => only(i));
  };
  const publishing = new Set(sites.map((s) => s.job).filter((j) => releasesOnly(w) && removable(j)));
  const gone = publishing.size ? jobsToRemove(w, publishing, removable) : new Set<string>();
  const steps = [...replaced].filter((k) => !gone.has(k.split("#")[0]!));
  // A job left without steps goes too.
  for (const j of w.jobs) if (j.steps.length && j.steps.every((_, i) => replaced.has(`${j.id}#${i}`))) gone.add(j.id);
  return { gone, steps: steps.filter((k) => !gone.has(k.split("#")[0]!)) };
}

async function editWorkflow(
  path: string,
  text: string,
  sites: WorkflowSite[],
  kept: readonly FoundTool[],
): Promise<{ edit?: OldFlowEdit; problem?: ReplaceProblem }> {
  const w = parseWorkflow(posix.basename(path), text);
  const keys = new Set(sites.map((s) => `${s.job}#${s.step}`));
  const shared = kept.find((k) => keys.has(stepKey(k)));
  if (shared) {
    const site = sites.find((s) => `${s.job}#${s.step}` === stepKey(shared))!;
    return {
      problem: {
        code: "adopt.replace-stops-publishing",
        message: `${path}: step ${site.stepName} of job ${site.job} also runs ${keptLabel(shared)}, which the toolkit does not take over; removing the step would stop that`,
      },
    };
  }
  const { gone, steps } = planRemoval(w, sites, await preparationSteps(w), kept);
  const blocked = w.jobs.find((j) => !gone.has(j.id) && needsOf(w, j.id).some((n) => gone.has(n)));
  if (blocked)
    return {
      problem: dangling(
        `${path}: job ${blocked.id} needs job ${needsOf(w, blocked.id).find((n) => gone.has(n))}, which publishes; remove or rewrite that dependency by hand`,
      ),
    };
  const spans = spansOf(text);
  const removed = [...gone, ...steps];
  const missing = removed.filter((k) => !spans.has(k));
  if (missing.length)
    return { problem: dangling(`${path}: ${missing.join(", ")} is not written in block style; remove it by hand`) };
  const removes = [
    ...[...gone].map((j) => `job ${j}`),
    ...steps.map((k) => {
      const s = sites.find((x) => `${x.job}#${x.step}` === k)!;
      return `step ${s.stepName} of job ${s.job}`;
    }),
  ];
  if (w.jobs.every((j) => gone.has(j.id))) return { edit: { path, want: undefined, removes: ["the whole workflow"] } };
  const want = removeSpans(
    text,
    removed.map((k) => spans.get(k)!),
  );
  const reference = danglingReference(w, want, gone, steps);
  if (!reference) return { edit: { path, want, removes } };
  // Name what stays beside it: the reason the job could not simply go.
  const job = reference.match(/^job (\S+) /)?.[1];
  const beside = kept.filter((k) => k.where.kind === "workflow" && k.where.job === job).map(keptLabel);
  const stays = beside.length
    ? `; the job also runs ${[...new Set(beside)].join(" and ")}, which ${beside.length > 1 ? "stay" : "stays"}, so only the publishing step can go`
    : "";
  return { problem: dangling(`${path}: ${reference}${stays}; remove or rewrite it by hand`) };
}

function editMakefile(path: string, text: string, rules: string[]): { edit?: OldFlowEdit; problem?: ReplaceProblem } {
  const all = taskRules(path, text);
  const run = taskRunner(path);
  const users = all.filter((r) => !rules.includes(r.target) && r.prerequisites.some((p) => rules.includes(p)));
  if (users.length)
    return {
      problem: dangling(
        `${path}: ${run} ${users[0]!.target} depends on ${run} ${users[0]!.prerequisites.find((p) => rules.includes(p))}, which publishes; remove it by hand`,
      ),
    };
  const spans = all.filter((r) => rules.includes(r.target)).map((r): [number, number] => [r.line - 1, r.end - 1]);
  return { edit: { path, want: removeSpans(text, spans), removes: rules.map((r) => `${run} ${r}`) } };
}

/**
 * The edits that remove the replaced tools from the maintainer's files; `kept` is every
 * other tool found (a step or job that also runs one of them is never removed with it).
 * Configured-only tools and release docs are not edited.
 */
export async function replacementEdits(
  replaced: readonly FoundTool[],
  files: Readonly<Record<string, string>>,
  kept: readonly FoundTool[] = [],
): Promise<Replacement> {
  const byPath = new Map<string, Site[]>();
  for (const t of replaced)
    if (t.where.kind !== "config" && t.where.kind !== "doc")
      byPath.set(t.where.path, [...(byPath.get(t.where.path) ?? []), t.where]);
  const edits: OldFlowEdit[] = [];
  const problems: ReplaceProblem[] = [];
  const stays = kept.filter((k) => !replaced.includes(k) && k.role !== "bumps");
  for (const [path, sites] of byPath) {
    const text = files[path];
    if (text === undefined) continue;
    const here = stays.filter((k) => k.where.kind === "workflow" && k.where.path === path);
    const r =
      sites[0]!.kind === "workflow"
        ? await editWorkflow(path, text, sites as WorkflowSite[], here)
        : sites[0]!.kind === "makefile"
          ? editMakefile(path, text, [...new Set(sites.map((s) => (s as Extract<Site, { kind: "makefile" }>).rule))])
          : { edit: { path, want: undefined, removes: ["the release script"] } };
    if (r.edit) edits.push(r.edit);
    if (r.problem) problems.push(r.problem);
  }
  return { edits, problems };
}
