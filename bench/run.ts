/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command
 * line) and prints their tables, then one summary: each row of the start-up table next
 * to its floor or peer, measured side by side in the same run. A missed target makes
 * the exit code 1 so it is noticed, but no test depends on timing.
 *
 * Arguments that are folders are real repositories for the benches that read them:
 * `npm run bench -- doctor ../my-project`, `npm run bench -- precision DIR...`.
 */
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type BenchResult, type BenchRow, printRows } from "./measure.ts";

const dir = import.meta.dirname;
const isDir = (a: string) => {
  try {
    return statSync(a).isDirectory();
  } catch {
    return false;
  }
};
const repos = process.argv
  .slice(2)
  .filter(isDir)
  .map((r) => resolve(r));
const wanted = process.argv.slice(2).filter((a) => !isDir(a));
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
let failed = 0;
const rows: BenchRow[] = [];
for (const f of files) {
  console.log(`\n## ${f.replace(".bench.ts", "")}\n`);
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as {
    default: (repos: string[]) => Promise<boolean | BenchResult>;
  };
  const result = await mod.default(repos);
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
