/**
 * Values read from the job that publishes to PyPI, not from whichever workflow mentions
 * Python first: the Python it sets up (itself or through the repository's own composite
 * actions), with `${{ matrix.X }}` and `${{ env.X }}` resolved
 * against the job (a matrix of several versions, or any other expression, becomes a
 * question: an expression is never copied into the config). Which job publishes to PyPI
 * (not TestPyPI) is the release-tools catalog's answer, read by `release-automation.ts`.
 * Pure.
 */
import { rec, type Rec } from "../core/records.ts";

const str = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
const steps = (job: Rec): Rec[] => (Array.isArray(job.steps) ? job.steps.map(rec) : []);

export interface PublishJob {
  doc: Rec;
  id: string;
  where: string;
}

const EXPR = /^\$\{\{\s*(matrix|env)\.([\w-]+)\s*\}\}$/;

/** A `python-version` value with its expression resolved against the job, or why it cannot be. */
function resolve(raw: string, job: Rec, doc: Rec): { value?: string; question?: string } {
  if (!raw.includes("${{")) return { value: raw };
  const m = EXPR.exec(raw.trim());
  if (m?.[1] === "env") {
    const v = str(rec(job.env)[m[2]!]) ?? str(rec(doc.env)[m[2]!]);
    return v && !v.includes("${{") ? { value: v } : { question: `${raw} is not set in the job or the workflow` };
  }
  if (m?.[1] === "matrix") {
    const matrix = rec(rec(job.strategy).matrix);
    const direct = matrix[m[2]!];
    const included = Array.isArray(matrix.include) ? matrix.include.map((r) => rec(r)[m[2]!]) : [];
    const values = [...(Array.isArray(direct) ? direct : direct === undefined ? [] : [direct]), ...included]
      .map(str)
      .filter((v): v is string => v !== undefined);
    const distinct = [...new Set(values)];
    if (distinct.length === 1) return { value: distinct[0]! };
    return {
      question: distinct.length
        ? `the job runs on Python ${distinct.join(", ")} (${raw}): which one builds the release?`
        : `${raw} has no value in the job's matrix`,
    };
  }
  return { question: `${raw} is an expression the toolkit does not evaluate` };
}

/** The repository's own actions (`uses: ./.github/actions/setup`), parsed, by the path a step names. */
export type LocalActions = (uses: string) => Rec | undefined;

const INPUT = /^\$\{\{\s*inputs\.([\w-]+)\s*\}\}$/;

/**
 * The `python-version` a composite action's steps set up (its nested local actions
 * included), with `${{ inputs.X }}` read from the calling step's `with` or the input's default.
 */
function actionPython(step: Rec, actions: LocalActions, depth = 0): { raw: string; where: string } | undefined {
  const uses = str(step.uses);
  const action = uses?.startsWith("./") && depth < 4 ? actions(uses) : undefined;
  if (!action) return undefined;
  for (const inner of steps(rec(action.runs))) {
    const found = setupPython(inner, actions, depth + 1);
    if (!found) continue;
    const input = INPUT.exec(found.raw.trim())?.[1];
    const given =
      input === undefined ? found.raw : (str(rec(step.with)[input]) ?? str(rec(rec(action.inputs)[input]).default));
    return given ? { raw: given, where: found.where ?? uses! } : undefined;
  }
  return undefined;
}

/** The `python-version` one step sets up, itself or through a local composite action. */
function setupPython(s: Rec, actions: LocalActions, depth = 0): { raw: string; where?: string } | undefined {
  const v = str(rec(s.with)["python-version"]);
  if (v) return { raw: v };
  return actionPython(s, actions, depth);
}

/** The first `python-version` a job's setup steps give (and where, when a local action sets it up). */
function jobPython(job: Rec, actions: LocalActions): { raw: string; where?: string } | undefined {
  for (const s of steps(job)) {
    const found = setupPython(s, actions);
    if (found) return found;
  }
  return undefined;
}

/**
 * The Python version of the publishing job, else of the jobs it needs, else of its
 * workflow, else of the first workflow that sets one up.
 */
export function publishPython(
  publish: PublishJob | undefined,
  docs: { doc: Rec; path: string }[],
  actions: LocalActions = () => undefined,
): { pythonVersion?: { value: string; source: string }; pythonVersionQuestion?: string } {
  const candidates: { job: Rec; doc: Rec; where: string }[] = [];
  if (publish) {
    const jobs = rec(publish.doc.jobs);
    const order = [publish.id];
    for (let i = 0; i < order.length; i++) {
      const needs = rec(jobs[order[i]!]).needs;
      for (const n of Array.isArray(needs) ? needs : [needs])
        if (typeof n === "string" && !order.includes(n)) order.push(n);
    }
    for (const id of [...order, ...Object.keys(jobs).filter((j) => !order.includes(j))])
      candidates.push({ job: rec(jobs[id]), doc: publish.doc, where: `${publish.where.split(" (")[0]} (job ${id})` });
  }
  for (const { doc, path } of docs)
    for (const [id, job] of Object.entries(rec(doc.jobs)))
      candidates.push({ job: rec(job), doc, where: `${path} (job ${id})` });
  for (const c of candidates) {
    const found = jobPython(c.job, actions);
    if (!found) continue;
    const where = found.where ? `${c.where}, through ${found.where}` : c.where;
    const r = resolve(found.raw, c.job, c.doc);
    if (r.value) return { pythonVersion: { value: r.value, source: where } };
    return { pythonVersionQuestion: `${where}: ${r.question}` };
  }
  return {};
}
