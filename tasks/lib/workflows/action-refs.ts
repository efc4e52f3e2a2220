/**
 * The actions a workflow uses, read from its parsed document and its text: each
 * `uses:` as action and ref, the version a full-commit pin names in its comment
 * (`@<sha> # v4.2.2`: the comment is the only place the version is written), and
 * whether the job it runs in holds a write scope or a secret. Pure.
 */
import { isFullSha } from "../../../templates/actions.ts";
import { yamlStrings } from "./read.ts";
import { rec } from "../core/records.ts";

export interface ActionUse {
  /** owner/repo (a sub-path of an action in a subfolder is dropped: the runtime is the repository's) */
  action: string;
  /** as written: `v4`, `main`, a 40-hex commit */
  ref: string;
  /** the step's index in its job, or undefined for a reusable workflow the job calls */
  step: number | undefined;
}

/** `owner/repo[/path]@ref`; undefined for a local action (`./x`) or a container (`docker://`). */
export function parseUses(uses: string): { action: string; ref: string } | undefined {
  const m = /^([\w.-]+)\/([\w.-]+)(?:\/[^@]*)?@(\S+)$/.exec(uses.trim());
  return m ? { action: `${m[1]}/${m[2]}`.toLowerCase(), ref: m[3]! } : undefined;
}

/** Every remote action a job uses, its steps' and the reusable workflow it calls. */
export function jobActions(job: unknown): ActionUse[] {
  const j = rec(job);
  const out: ActionUse[] = [];
  const called = typeof j.uses === "string" ? parseUses(j.uses) : undefined;
  if (called) out.push({ ...called, step: undefined });
  const steps = Array.isArray(j.steps) ? j.steps : [];
  steps.forEach((s, i) => {
    const u = rec(s).uses;
    const parsed = typeof u === "string" ? parseUses(u) : undefined;
    if (parsed) out.push({ ...parsed, step: i });
  });
  return out;
}

/**
 * The version a use names: the ref itself (`v4`, `v4.2.2`, `4.2`) or, for a full
 * commit, the version in the comment after it on its line of the workflow text.
 */
export function versionOf(use: ActionUse, text: string): string | undefined {
  if (/^v?\d+(\.\d+)*$/.test(use.ref)) return use.ref.startsWith("v") ? use.ref : `v${use.ref}`;
  if (!isFullSha(use.ref)) return undefined;
  for (const line of text.split("\n")) {
    const i = line.indexOf(`@${use.ref}`);
    if (i < 0 || !line.slice(0, i).toLowerCase().includes(use.action)) continue;
    const comment = /#\s*(v?\d+(?:\.\d+)*)\b/.exec(line.slice(i));
    if (comment) return comment[1]!.startsWith("v") ? comment[1] : `v${comment[1]}`;
  }
  return undefined;
}

/**
 * What makes a job privileged: a write scope (its own, or the workflow's when it sets
 * none), or a secret it can read — in its own YAML or in the workflow's `env:`, which
 * every job inherits. Any step of a job can reach every secret the job was given (they
 * are in the runner's memory), whichever step names it. GITHUB_TOKEN is not such a
 * privilege: every job holds it whether a step names it or not, with the scopes its
 * `permissions:` (or, without one, a repository setting the doctor cannot read) give.
 * Nor is an `environment:` by itself: its secrets reach the job only where it names them.
 */
export function privilegeOf(job: unknown, workflowPermissions: unknown, workflowEnv: unknown = {}): string | undefined {
  const j = rec(job);
  const perms = "permissions" in j ? j.permissions : workflowPermissions;
  if (perms === "write-all") return "permissions: write-all";
  const writes = Object.entries(rec(perms))
    .filter(([, v]) => v === "write")
    .map(([k]) => `${k}: write`);
  if (writes.length) return writes.join(", ");
  const secret = (values: string[]) =>
    values
      .flatMap((s) => [...s.matchAll(/\$\{\{[^}]*?\bsecrets\s*\.\s*([\w-]+)/g)].map((m) => m[1]!))
      .find((name) => name.toUpperCase() !== "GITHUB_TOKEN");
  // A reusable workflow called with every secret of its caller.
  if (j.secrets === "inherit") return "secrets: inherit";
  const own = secret(yamlStrings(j));
  if (own) return `reads secrets.${own}`;
  const inherited = secret(yamlStrings(workflowEnv));
  return inherited ? `reads secrets.${inherited} (the workflow's env)` : undefined;
}
