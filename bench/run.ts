/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command
 * line) and prints their tables, then one summary: each row of the start-up table next
 * to its floor or peer, measured side by side in the same run. A missed target makes
 * the exit code 1 so it is noticed, but no test depends on timing.
 *
 * Arguments that name a bench choose it; the others (paths of real repositories, flags)
 * go to the chosen benches: `npm run bench -- doctor ../my-project`,
 * `npm run bench -- precision DIR...`, `npm run bench -- changelog-replay PATH --last 10`.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BenchResult, type BenchRow, printRows } from "./measure.ts";

const dir = import.meta.dirname;
const args = process.argv.slice(2);
const all = readdirSync(dir).filter((f) => f.endsWith(".bench.ts"));
// Arguments that name a benchmark choose it; the rest (paths, flags) are passed to the chosen ones.
const wanted = args.filter((a) => all.some((f) => f.includes(a)));
const files = all.filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w))).sort();
let failed = 0;
const rows: BenchRow[] = [];
for (const f of files) {
  console.log(`\n## ${f.replace(".bench.ts", "")}\n`);
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as {
    default: (argv: string[]) => Promise<boolean | BenchResult>;
  };
  const result = await mod.default(args.filter((a) => !wanted.includes(a)));
  const ok = typeof result === "boolean" ? result : result.ok;
  if (typeof result !== "boolean") rows.push(...result.rows);
  if (!ok) failed++;
}
if (rows.length) {
  console.log("\n## summary: each row next to its floor or peer, same run\n");
  printRows(rows);
}
console.log(failed ? `\n${failed} benchmark(s) missed their target` : "\nall benchmarks met their targets");
process.exitCode = failed ? 1 : 0;
