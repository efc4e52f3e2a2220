/**
 * `workflows.requirePins`: a privileged job (a write scope, an environment, or a
 * secret in reach) may only use actions pinned to a full commit SHA, because a tag
 * or a branch can be moved under the workflow. Pure: reads the built Workflow.
 */
import { isFullSha } from "./actions.ts";
import type { Job, Workflow } from "./types.ts";

export interface UnpinnedUse {
  job: string;
  action: string;
  ref: string;
}

/** Whether a job can write, deploy, or read a secret (github.token included). */
export function isPrivileged(job: Job): boolean {
  const perms = job.permissions === "read-all" ? {} : job.permissions;
  if (Object.values(perms).includes("write") || job.environment) return true;
  const values = job.steps.flatMap((s) => [
    ...Object.values(s.env ?? {}),
    ...("with" in s ? Object.values(s.with ?? {}) : []),
  ]);
  return values.some((v) => typeof v === "string" && /\$\{\{[^}]*\b(secrets\.|github\.token)/.test(v));
}

export function unpinnedInPrivilegedJobs(wf: Workflow): UnpinnedUse[] {
  const out: UnpinnedUse[] = [];
  for (const [id, job] of Object.entries(wf.jobs)) {
    if (!isPrivileged(job)) continue;
    for (const s of job.steps)
      if ("uses" in s && !isFullSha(s.uses.ref)) out.push({ job: id, action: s.uses.action, ref: s.uses.ref });
  }
  return out;
}
