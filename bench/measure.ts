/**
 * Timing commands side by side: the command and its floor or peer run alternately, one
 * warm-up each first (tsx's transform cache), so machine load hits both alike; each
 * side's median is reported. Every bench returns its rows, and `bench/run.ts` prints
 * them together at the end.
 */
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = join(import.meta.dirname, "..");
export const TSX = join(ROOT, "node_modules", ".bin", "tsx");
/** Deno from its npm package: every entry also runs as `deno run -A ENTRY` (DESIGN's conventions). */
export const DENO_RUN = [join(ROOT, "node_modules", ".bin", "deno"), "run", "-A", "--quiet"];

/** One row of the summary: a measurement next to its floor or peer, and the target. */
export interface BenchRow {
  what: string;
  ms: number;
  /** what it is compared with, e.g. `tsx -e 0` */
  against: string;
  againstMs: number;
  /** e.g. "≤ 1.2×" */
  target: string;
  ok: boolean;
  /** a row for scale (what a floor or another way of running costs), with no target of its own */
  forScale?: boolean;
}

export interface BenchResult {
  ok: boolean;
  rows: BenchRow[];
}

export interface Command {
  argv: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** exit codes that count as a successful run (default: 0) */
  codes?: number[];
}

/** Wall time of one run in ms; a run that exits with an unexpected code is an error. */
export function timeOnce(cmd: Command): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd.argv[0]!, cmd.argv.slice(1), {
    cwd: cmd.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: "1", ...cmd.env },
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!(cmd.codes ?? [0]).includes(r.status ?? -1))
    throw new Error(`${cmd.argv.join(" ")} exited ${r.status}: ${(r.stderr ?? "").slice(-2000)}`);
  return ms;
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median wall time of each command, measured alternately `runs` times after one warm-up each. */
export function sideBySide(commands: readonly Command[], runs: number): number[] {
  for (const c of commands) timeOnce(c);
  const all = commands.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) commands.forEach((c, j) => all[j]!.push(timeOnce(c)));
  return all.map(median);
}

/** A ratio row: `ms / againstMs` must be at most `max`. */
export function ratioRow(what: string, ms: number, against: string, againstMs: number, max: number): BenchRow {
  return { what, ms, against, againstMs, target: `≤ ${max}×`, ok: ms / againstMs <= max };
}

export function printRows(rows: readonly BenchRow[]): void {
  console.log("| what | ours | floor / peer, same run | ratio | target | |");
  console.log("| --- | ---: | --- | ---: | --- | --- |");
  for (const r of rows)
    console.log(
      `| ${r.what} | ${(r.ms / 1000).toFixed(2)} s | ${r.against}: ${(r.againstMs / 1000).toFixed(2)} s | ${(r.ms / r.againstMs).toFixed(2)}× | ${r.target} | ${r.forScale ? "for scale" : r.ok ? "met" : "MISSED"} |`,
    );
}

/** The arguments that are folders: the real repositories a bench was given (resolved). */
export function repositoriesIn(argv: readonly string[]): string[] {
  return argv
    .filter((a) => {
      try {
        return statSync(a).isDirectory();
      } catch {
        return false;
      }
    })
    .map((a) => resolve(a));
}
