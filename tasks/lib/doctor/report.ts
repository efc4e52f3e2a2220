/**
 * Rendering the doctor's results: one JSON document (`{ ok, checks }`, unchanged), or
 * lines a person reads — failures and warnings first, each with its fix; then the
 * passes; the skips folded into one line per area (`--verbose` lists them); a
 * one-line summary. Pure.
 */
import type { CheckResult } from "../core/checks/types.ts";

export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
}

export function toReport(results: CheckResult[]): DoctorReport {
  return { ok: !results.some((r) => r.status === "fail"), checks: results };
}

const MARK: Record<CheckResult["status"], string> = { pass: "✓", warn: "!", fail: "✗", skip: "-" };

export interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
}

const PLAIN: Paint = { red: String, yellow: String, green: String, dim: String };

/** The area of a check id: `signing.p12-invalid` → `signing`. */
export const areaOf = (id: string) => id.split(".")[0]!;

export function renderHuman(
  results: readonly CheckResult[],
  paint: Paint = PLAIN,
  opts: { verbose?: boolean } = {},
): string {
  const lines: string[] = [];
  const color = (r: CheckResult) =>
    ({ fail: paint.red, warn: paint.yellow, pass: paint.green, skip: paint.dim })[r.status];
  const line = (r: CheckResult, details: boolean) => {
    const [first, ...rest] = r.message.split("\n");
    lines.push(`${color(r)(MARK[r.status])} ${r.id.padEnd(30)} ${first}`);
    // Details (e.g. the fan-out table) only when they matter, or when asked.
    if (details) for (const l of rest) lines.push(`    ${l}`);
    if (r.fix && (r.status === "fail" || r.status === "warn")) lines.push(`    ${paint.yellow("fix:")} ${r.fix}`);
  };
  const problems = [...results.filter((r) => r.status === "fail"), ...results.filter((r) => r.status === "warn")];
  for (const r of problems) line(r, true);
  if (problems.length) lines.push("");
  for (const r of results.filter((r) => r.status === "pass")) line(r, Boolean(opts.verbose));
  const skipped = results.filter((r) => r.status === "skip");
  if (opts.verbose) for (const r of skipped) line(r, true);
  else {
    const areas = new Map<string, CheckResult[]>();
    for (const r of skipped) areas.set(areaOf(r.id), [...(areas.get(areaOf(r.id)) ?? []), r]);
    for (const [area, rs] of areas) {
      const reason = rs.length === 1 ? rs[0]!.message.split("\n")[0] : `e.g. ${rs[0]!.message.split("\n")[0]}`;
      lines.push(paint.dim(`- ${`${area}.*`.padEnd(30)} ${rs.length} skipped (${reason}); --verbose lists them`));
    }
  }
  const count = (s: CheckResult["status"]) => results.filter((r) => r.status === s).length;
  lines.push(
    "",
    `${count("fail")} failed, ${count("warn")} warning(s), ${count("pass")} passed, ${count("skip")} skipped`,
  );
  return lines.join("\n");
}
