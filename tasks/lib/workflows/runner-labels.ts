/**
 * Which runner labels a job can run on, read from a parsed workflow: `runs-on` as a
 * label, a list or a group's labels; `${{ matrix.X }}` through the job's matrix
 * expanded the way GitHub expands it (the product of its lists, `exclude`, then
 * `include` entries merged into the combinations they fit or added as their own);
 * the string values any other expression may give (not the words it compares with). Pure.
 */
import { expandedLiterals } from "./expressions.ts";
import { rec, type Rec } from "../core/records.ts";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The combinations of a `strategy.matrix` (none when the matrix is an expression or empty). */
export function matrixRows(matrix: unknown): Rec[] {
  const m = rec(matrix);
  const keys = Object.keys(m).filter((k) => k !== "include" && k !== "exclude" && Array.isArray(m[k]));
  let rows: Rec[] = keys.length ? [{}] : [];
  for (const k of keys) rows = rows.flatMap((r) => (m[k] as unknown[]).map((v) => ({ ...r, [k]: v })));
  const excluded = (r: Rec) =>
    Array.isArray(m.exclude) && m.exclude.some((e) => Object.entries(rec(e)).every(([k, v]) => same(r[k], v)));
  rows = rows.filter((r) => !excluded(r));
  const original = rows.map((r) => ({ ...r }));
  for (const entry of Array.isArray(m.include) ? m.include.map(rec) : []) {
    // An entry joins each combination whose original values it does not contradict; else it is one of its own.
    const fits = original.map((o) => Object.entries(entry).every(([k, v]) => !keys.includes(k) || same(o[k], v)));
    if (fits.some(Boolean)) rows = rows.map((r, i) => (fits[i] ? { ...r, ...entry } : r));
    else rows.push({ ...entry });
  }
  return rows;
}

/** The value at `a.b.c` of a matrix combination. */
const at = (row: unknown, path: string[]): unknown => path.reduce<unknown>((v, k) => rec(v)[k], row);

export interface LabelUse {
  label: string;
  /** how the job names it: `runs-on`, or the matrix key it comes from */
  via: string;
}

const MATRIX_REF = /^\$\{\{\s*matrix\.([\w-]+(?:\.[\w-]+)*)\s*\}\}$/;

function fromExpression(text: string, matrix: unknown): LabelUse[] {
  const ref = MATRIX_REF.exec(text.trim());
  if (ref) {
    const path = ref[1]!.split(".");
    return matrixRows(matrix)
      .map((row) => at(row, path))
      .filter((v): v is string => typeof v === "string" && !v.includes("${{"))
      .map((label) => ({ label, via: `matrix.${ref[1]}` }));
  }
  // `${{ cond && 'macos-14' || 'ubuntu-latest' }}`: the values it may give are labels; a
  // word it compares with (`matrix.os == 'ubuntu-20.04'`) is not one.
  return expandedLiterals(text)
    .filter((l) => /^[\w.-]+$/.test(l))
    .map((label) => ({ label, via: "runs-on expression" }));
}

/** Every label a job may run on, once each; a self-hosted job names none GitHub hosts. */
export function jobLabels(job: unknown): LabelUse[] {
  const j = rec(job);
  const runsOn = j["runs-on"];
  const listed = Array.isArray(runsOn) ? runsOn : runsOn && typeof runsOn === "object" ? rec(runsOn).labels : [runsOn];
  const words = (Array.isArray(listed) ? listed : [listed]).filter((v): v is string => typeof v === "string");
  if (words.some((w) => w.trim() === "self-hosted")) return [];
  const uses = words.flatMap((w) =>
    w.includes("${{") ? fromExpression(w, rec(j.strategy).matrix) : [{ label: w.trim(), via: "runs-on" }],
  );
  return uses.filter((u, i) => uses.findIndex((x) => x.label === u.label) === i);
}
