/**
 * `gen-workflows --check` against the runtime's own start-up (`tsx -e 0`), measured
 * side by side (alternating runs, median of each). Target: at most 1.5x.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const RUNS = 9;
const TARGET = 1.5;

function time(args: string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(TSX, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  if (r.status !== 0) throw new Error(`tsx ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function (): Promise<boolean> {
  const baseline: number[] = [];
  const check: number[] = [];
  // One warm-up each (tsx's transform cache), then alternate so machine load hits both alike.
  time(["-e", "0"]);
  time(["tasks/gen-workflows.ts", "--check"]);
  for (let i = 0; i < RUNS; i++) {
    baseline.push(time(["-e", "0"]));
    check.push(time(["tasks/gen-workflows.ts", "--check"]));
  }
  const b = median(baseline);
  const c = median(check);
  const ratio = c / b;
  console.log("| command | median (ms) | runs |");
  console.log("| --- | ---: | ---: |");
  console.log(`| tsx -e 0 | ${b.toFixed(0)} | ${RUNS} |`);
  console.log(`| tsx tasks/gen-workflows.ts --check | ${c.toFixed(0)} | ${RUNS} |`);
  console.log(`\nratio ${ratio.toFixed(2)}x (target <= ${TARGET}x): ${ratio <= TARGET ? "met" : "MISSED"}`);
  return ratio <= TARGET;
}
