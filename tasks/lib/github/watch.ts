/**
 * The fan-out watch: after the release is published, wait (bounded) for one run per
 * release workflow — matched by workflow file, `event=release` and the tag's commit —
 * and report each as it appears. A workflow with no run when the wait ends is named
 * as a likely fan-out failure, with the first reason to check.
 */
import type { GitHub } from "./client.ts";
import { ACTIONS_BOT } from "./actions-token.ts";
import { httpFailure } from "./errors.ts";
import { splitRepo } from "./releases.ts";
import { startsOnPublishedRelease } from "../workflows/read.ts";

export interface WatchedRun {
  id: number;
  status: string;
  conclusion: string | null;
  html_url: string;
}

export interface WorkflowWatch {
  workflow: string;
  status: "started" | "missing";
  run?: WatchedRun;
  /** for a missing workflow: the first reason to check */
  reason?: string;
}

export interface WatchOptions {
  /** "owner/name" */
  repo: string;
  tag: string;
  /** the tag's commit */
  sha: string;
  /** workflow files, e.g. publish-pypi.yml */
  workflows: string[];
  timeoutMs: number;
  pollMs: number;
  /** the workflow files' text as committed (lets a missing run be explained without the API) */
  workflowSources?: Record<string, string>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onUpdate?: (w: WorkflowWatch) => void;
}

/** What is known about a workflow that did not start, gathered after the wait. */
export interface MissingFacts {
  workflow: string;
  releaseAuthor?: string | null;
  /** the committed workflow text, when the caller has it */
  source?: string;
  /** the workflow file is unknown to GitHub (not on the default branch) */
  notFound?: boolean;
  /** "active", "disabled_manually", "disabled_inactivity", ... */
  state?: string;
  actionsEnabled?: boolean;
}

/** The first reason to check, most likely first. Pure. */
export function diagnoseMissing(f: MissingFacts): string {
  if (f.releaseAuthor === ACTIONS_BOT)
    return "the release was created with the workflow's GITHUB_TOKEN, whose events start no workflow: publish it again with a personal or GitHub App token (see docs/RELEASE.md)";
  if (f.source !== undefined && !startsOnPublishedRelease(f.source))
    return `its \`on:\` does not include \`release\` with type \`published\`: add \`release: { types: [published] }\` to .github/workflows/${f.workflow}`;
  if (f.notFound) return `GitHub does not know .github/workflows/${f.workflow}: is it committed on the default branch?`;
  if (f.state && f.state !== "active")
    return `the workflow is ${f.state.replace(/_/g, " ")}: enable it with \`gh workflow enable ${f.workflow}\``;
  if (f.actionsEnabled === false) return "GitHub Actions is disabled for the repository (Settings → Actions → General)";
  return "check first that the release was not created with GITHUB_TOKEN, that its `on:` includes `release: published`, that the workflow is enabled and that Actions is enabled for the repository; GitHub may also just be slow";
}

/**
 * The newest run of a workflow that an event started on the tag's commit (the one GitHub
 * names after the tag first); null when there is none yet. GitHub's errors are the caller's.
 */
export async function newestRun(
  gh: GitHub,
  o: { repo: string; workflow: string; event: "release" | "workflow_dispatch"; sha: string; tag: string },
): Promise<WatchedRun | null> {
  const { data } = await gh.rest.actions.listWorkflowRuns({
    ...splitRepo(o.repo),
    workflow_id: o.workflow,
    event: o.event,
    head_sha: o.sha,
    per_page: 20,
  });
  const run = data.workflow_runs.find((r) => r.head_branch === o.tag) ?? data.workflow_runs[0];
  return run
    ? { id: run.id, status: run.status ?? "queued", conclusion: run.conclusion ?? null, html_url: run.html_url }
    : null;
}

async function findRun(gh: GitHub, o: WatchOptions, workflow: string): Promise<WatchedRun | "not-found" | null> {
  try {
    return await newestRun(gh, { repo: o.repo, workflow, event: "release", sha: o.sha, tag: o.tag });
  } catch (e) {
    if (httpFailure(e).status === 404) return "not-found";
    return null; // a passing API hiccup: poll again
  }
}

async function gatherMissingFacts(
  gh: GitHub,
  o: WatchOptions,
  workflow: string,
  notFound: boolean,
): Promise<MissingFacts> {
  const r = splitRepo(o.repo);
  const facts: MissingFacts = {
    workflow,
    notFound,
    ...(o.workflowSources?.[workflow] !== undefined ? { source: o.workflowSources[workflow] } : {}),
  };
  const attempts: Promise<void>[] = [
    gh.rest.repos
      .getReleaseByTag({ ...r, tag: o.tag })
      .then((d) => void (facts.releaseAuthor = d.data.author?.login ?? null)),
    notFound
      ? Promise.resolve()
      : gh.rest.actions.getWorkflow({ ...r, workflow_id: workflow }).then((d) => void (facts.state = d.data.state)),
    gh.rest.actions.getGithubActionsPermissionsRepository(r).then((d) => void (facts.actionsEnabled = d.data.enabled)),
  ];
  // Each fact is optional: a token without admin cannot read the Actions settings.
  await Promise.allSettled(attempts);
  return facts;
}

export async function watchFanOut(gh: GitHub, o: WatchOptions): Promise<WorkflowWatch[]> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const deadline = now() + o.timeoutMs;
  const found = new Map<string, WatchedRun>();
  const notFound = new Set<string>();
  for (;;) {
    const pending = o.workflows.filter((w) => !found.has(w) && !notFound.has(w));
    const results = await Promise.all(pending.map(async (w) => [w, await findRun(gh, o, w)] as const));
    for (const [w, run] of results) {
      if (run === "not-found") notFound.add(w);
      else if (run) {
        found.set(w, run);
        o.onUpdate?.({ workflow: w, status: "started", run });
      }
    }
    if (o.workflows.every((w) => found.has(w) || notFound.has(w)) || now() >= deadline) break;
    await sleep(Math.min(o.pollMs, Math.max(0, deadline - now())));
  }
  const report: WorkflowWatch[] = [];
  for (const w of o.workflows) {
    const run = found.get(w);
    if (run) {
      report.push({ workflow: w, status: "started", run });
      continue;
    }
    const missing: WorkflowWatch = {
      workflow: w,
      status: "missing",
      reason: diagnoseMissing(await gatherMissingFacts(gh, o, w, notFound.has(w))),
    };
    o.onUpdate?.(missing);
    report.push(missing);
  }
  return report;
}

/** One line per workflow, for the terminal. */
export function formatWatch(w: WorkflowWatch): string {
  if (w.status === "started" && w.run)
    return `${w.workflow}: ${w.run.status}${w.run.conclusion ? ` (${w.run.conclusion})` : ""} ${w.run.html_url}`;
  return `${w.workflow}: NOT STARTED — likely fan-out failure; ${w.reason ?? ""}`;
}
