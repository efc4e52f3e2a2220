/**
 * The GitHub Actions workflow syntax, as far as the templates use it. A misspelt key
 * or a wrong value type fails `npm run typecheck`; the generated files are then
 * checked by GitHub's own parser (`@actions/workflow-parser`) in the tests.
 */
import type { Expr } from "./expr.ts";

export type PermissionScope =
  | "actions"
  | "attestations"
  | "checks"
  | "contents"
  | "deployments"
  | "id-token"
  | "issues"
  | "packages"
  | "pages"
  | "pull-requests"
  | "security-events"
  | "statuses";
export type PermissionLevel = "read" | "write" | "none";
/** `{}` grants nothing; jobs widen what they need. */
export type Permissions = Partial<Record<PermissionScope, PermissionLevel>> | "read-all";

export interface DispatchInput {
  description: string;
  required?: boolean;
  type: "string" | "boolean" | "choice";
  default?: string | boolean;
}

export interface Triggers {
  push?: { branches?: string[]; tags?: string[] };
  pull_request?: { branches?: string[] };
  release?: { types: ("published" | "created" | "released" | "prereleased")[] };
  workflow_dispatch?: { inputs?: Record<string, DispatchInput> };
}

/** A string that may hold `${{ }}` expressions (never used for `run:`). */
export type Value = string | Expr;
export type Env = Record<string, Value>;

/** An action reference; the renderer turns `comment` into a YAML comment (`# v4.2.2`). */
export interface ActionRef {
  readonly action: string;
  readonly ref: string;
  readonly comment?: string;
}

interface StepBase {
  name: string;
  id?: string;
  if?: Expr | string;
  /** the job goes on when this step fails (a lookup that may find nothing) */
  "continue-on-error"?: boolean;
  env?: Env;
}

export interface UsesStep extends StepBase {
  uses: ActionRef;
  with?: Record<string, Value | number | boolean>;
}

export interface RunStep extends StepBase {
  shell?: "bash" | "pwsh" | "sh";
  "working-directory"?: string;
  /** shell text; values from contexts arrive through `env:`, never `${{ }}` here */
  run: string;
}

export type Step = UsesStep | RunStep;

export type MatrixRow = Record<string, string | number | boolean>;

export interface Job {
  name: Value;
  needs?: string | string[];
  if?: Expr | string;
  "runs-on": Value;
  environment?: string;
  /** GitHub cancels the job after this many minutes (its default is 360) */
  "timeout-minutes"?: number;
  permissions: Permissions;
  strategy?: { "fail-fast"?: boolean; "max-parallel"?: number; matrix: { include: MatrixRow[] } };
  env?: Env;
  steps: Step[];
}

export interface Workflow {
  name: string;
  on: Triggers;
  permissions: Permissions;
  concurrency?: { group: Value; "cancel-in-progress": boolean };
  env?: Env;
  jobs: Record<string, Job>;
}

/** Key order in the output, per level (the fixed order). */
export const WORKFLOW_KEYS = [
  "name",
  "on",
  "permissions",
  "concurrency",
  "env",
  "jobs",
] as const satisfies readonly (keyof Workflow)[];
export const JOB_KEYS = [
  "name",
  "needs",
  "if",
  "runs-on",
  "environment",
  "timeout-minutes",
  "permissions",
  "strategy",
  "env",
  "steps",
] as const satisfies readonly (keyof Job)[];
export const STEP_KEYS = [
  "name",
  "id",
  "if",
  "continue-on-error",
  "uses",
  "with",
  "env",
  "shell",
  "working-directory",
  "run",
] as const;

/** One template: the file it renders and the function that builds it from the context. */
export interface WorkflowTemplate<C> {
  /** workflow name, also the file name: `.github/workflows/<name>.yml` */
  name: string;
  /** the module, relative to the repository root (named in the generated header) */
  source: string;
  build(ctx: C): Workflow;
}
