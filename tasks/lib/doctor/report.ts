/** Rendering the doctor's results: one JSON document, or short human lines. Pure. */
import type { CheckResult } from "../core/checks/types.ts";

export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
}

export function toReport(results: CheckResult[]): DoctorReport {
  return { ok: !results.some((r) => r.status === "fail"), checks: results };
}

const MARK: Record<CheckResult["status"], string> = { pass: "✓", warn: "!", fail: "✗", skip: "-" };

export function renderHuman(
  results: readonly CheckResult[],
  paint: { red(s: string): string; yellow(s: string): string; green(s: string): string; dim(s: string): string } = {
    red: String,
    yellow: String,
    green: String,
    dim: String,
  },
): string {
  const lines: string[] = [];
  for (const r of results) {
    const color =
      r.status === "fail"
        ? paint.red
        : r.status === "warn"
          ? paint.yellow
          : r.status === "pass"
            ? paint.green
            : paint.dim;
    const [first, ...rest] = r.message.split("\n");
    lines.push(`${color(MARK[r.status])} ${r.id.padEnd(30)} ${first}`);
    // Details (e.g. the fan-out table) only when they matter.
    if (r.status !== "pass" && r.status !== "skip") for (const l of rest) lines.push(`    ${l}`);
    if (r.fix && (r.status === "fail" || r.status === "warn")) lines.push(`    ${paint.yellow("fix:")} ${r.fix}`);
  }
  const count = (s: CheckResult["status"]) => results.filter((r) => r.status === s).length;
  lines.push(
    "",
    `${count("pass")} passed, ${count("warn")} warning(s), ${count("fail")} failed, ${count("skip")} skipped`,
  );
  return lines.join("\n");
}
