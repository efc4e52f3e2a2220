/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command
 * line) and prints their tables, then one summary: each row of the start-up table next
 * to its floor or peer, measured side by side in the same run. A missed target makes
 * the exit code 1 so it is noticed, but no test depends on timing.
 *
 * Benches that can read a real repository take its path: `npm run bench -- doctor --repo PATH`.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type BenchResult, type BenchRow, printRows } from "./measure.ts";

const { values, positionals: wanted } = parseArgs({
  options: { repo: { type: "string" } },
  allowPositionals: true,
});
const opts = values.repo ? { repo: resolve(values.repo) } : {};
const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
let failed = 0;
const rows: BenchRow[] = [];
for (const f of files) {
  console.log(`\n## ${f.replace(".bench.ts", "")}\n`);
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as {
    default: (o: typeof opts) => Promise<boolean | BenchResult>;
  };
  const result = await mod.default(opts);
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
