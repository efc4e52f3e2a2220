/**
 * Reading `.github/workflows/*.yml|yaml` — generated and hand-written alike — into
 * plain data: triggers, jobs and steps. A file that does not parse is kept with its
 * error, so the checks can report it instead of ignoring it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckContext } from "../core/checks/types.ts";
import { memoFact } from "../core/checks/facts.ts";
import { parseTriggers, startsOn, type Triggers } from "./triggers.ts";
import { yaml } from "./yaml.ts";

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  /** `shell:` of the step (bash when unset on Linux and macOS runners) */
  shell?: string;
  with: Record<string, unknown>;
  env: Record<string, unknown>;
  workingDirectory?: string;
}

export interface Job {
  id: string;
  /** the job's own `env:` (the workflow's is on Workflow) */
  env: Record<string, unknown>;
  /** `runs-on` as written (a label, a list, or an expression) */
  runsOn?: string;
  /** the deployment environment the job runs in (its secrets are readable) */
  environment?: string;
  /** a reusable workflow called by the job */
  uses?: string;
  steps: Step[];
}

export interface Workflow {
  /** file name, e.g. build-binaries.yml */
  file: string;
  /** path relative to the repository root */
  path: string;
  name: string;
  text: string;
  /** the parsed document (comments are gone: they never count) */
  doc: unknown;
  triggers: Triggers;
  /** `workflow_dispatch` / `workflow_call` inputs: name → declared type (`string` when unset) */
  inputs: Record<string, { type: string }>;
  env: Record<string, unknown>;
  jobs: Job[];
  /** set when the file is not valid YAML or not a mapping */
  error?: string;
}

export const WORKFLOWS_DIR = ".github/workflows";

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function parseStep(raw: unknown, defaultWd: string | undefined): Step {
  const s = record(raw);
  const step: Step = { with: record(s.with), env: record(s.env) };
  const name = str(s.name);
  if (name !== undefined) step.name = name;
  const id = str(s.id);
  if (id !== undefined) step.id = id;
  const uses = str(s.uses);
  if (uses !== undefined) step.uses = uses;
  const run = str(s.run);
  if (run !== undefined) step.run = run;
  const shell = str(s.shell);
  if (shell !== undefined) step.shell = shell;
  const wd = str(s["working-directory"]) ?? defaultWd;
  if (wd !== undefined) step.workingDirectory = wd;
  return step;
}

function parseJob(id: string, raw: unknown, workflowWd: string | undefined): Job {
  const j = record(raw);
  const env = j.environment;
  const environment = typeof env === "string" ? env : str(record(env).name);
  const wd = str(record(record(j.defaults).run)["working-directory"]) ?? workflowWd;
  const job: Job = {
    id,
    env: record(j.env),
    steps: Array.isArray(j.steps) ? j.steps.map((s) => parseStep(s, wd)) : [],
  };
  const runsOn = j["runs-on"];
  if (runsOn !== undefined) job.runsOn = Array.isArray(runsOn) ? runsOn.join(",") : String(runsOn);
  if (environment !== undefined) job.environment = environment;
  const uses = str(j.uses);
  if (uses !== undefined) job.uses = uses;
  return job;
}

/** The inputs a run can be given by hand or by a caller, with their declared type. */
function parseInputs(on: unknown): Record<string, { type: string }> {
  const out: Record<string, { type: string }> = {};
  for (const event of ["workflow_dispatch", "workflow_call"])
    for (const [name, raw] of Object.entries(record(record(record(on)[event]).inputs)))
      out[name] = { type: str(record(raw).type) ?? "string" };
  return out;
}

/** The YAML parser, loaded on the first workflow file (see yaml.ts). */
const parseYaml = (text: string): unknown => yaml().parse(text);

/** Parse one workflow file's text (pure). */
export function parseWorkflow(file: string, text: string): Workflow {
  const base: Workflow = {
    file,
    path: `${WORKFLOWS_DIR}/${file}`,
    name: file,
    text,
    doc: undefined,
    triggers: { events: {} },
    inputs: {},
    env: {},
    jobs: [],
  };
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return { ...base, error: (e as Error).message.split("\n")[0] ?? "invalid YAML" };
  }
  const w = record(doc);
  if (!("on" in w)) return { ...base, error: "it has no `on:` key" };
  const wd = str(record(record(w.defaults).run)["working-directory"]);
  return {
    ...base,
    doc,
    name: str(w.name) ?? file,
    triggers: parseTriggers(w.on),
    inputs: parseInputs(w.on),
    env: record(w.env),
    jobs: Object.entries(record(w.jobs)).map(([id, j]) => parseJob(id, j, wd)),
  };
}

/** Read every workflow of a repository, sorted by file name; none when the folder is absent. */
export function readWorkflows(root: string): Workflow[] {
  const dir = join(root, WORKFLOWS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch {
    return [];
  }
  return names.map((n) => parseWorkflow(n, readFileSync(join(dir, n), "utf8")));
}

/**
 * Whether a workflow's text starts a run when the operator publishes a release: the one
 * rule the fan-out watch, the GitHub stand-in and the contract checks share.
 */
export function startsOnPublishedRelease(text: string, prerelease = false, fromDraft = false): boolean {
  const w = parseWorkflow("workflow.yml", text);
  return !w.error && startsOn(w.triggers, { kind: "release", tag: "", prerelease, actor: "operator", fromDraft });
}

/** Every string value of a parsed YAML document (keys excluded), depth first. */
export function yamlStrings(doc: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(doc);
  return out;
}

/** The name GitHub shows for a workflow: its `name:`, else its path. */
export function workflowDisplayName(text: string, file: string): string {
  const w = parseWorkflow(file, text);
  return !w.error && w.name !== file ? w.name : `${WORKFLOWS_DIR}/${file}`;
}

/** The repository's workflows, read once per doctor run. */
export const workflowsOf = (ctx: CheckContext): Promise<Workflow[]> =>
  memoFact(ctx, "workflows", () => readWorkflows(ctx.root));

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    workflows?: Promise<Workflow[]>;
  }
}
