/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command
 * line) and prints their tables. Targets are printed next to the numbers; a missed
 * target makes the exit code 1 so it is noticed, but no test depends on timing.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface BenchOutcome {
  name: string;
  ok: boolean;
}

const dir = import.meta.dirname;
const args = process.argv.slice(2);
const all = readdirSync(dir).filter((f) => f.endsWith(".bench.ts"));
// Arguments that name a benchmark choose it; the rest (paths, flags) are passed to the chosen ones.
const wanted = args.filter((a) => all.some((f) => f.includes(a)));
const files = all.filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w))).sort();
let failed = 0;
for (const f of files) {
  console.log(`\n## ${f.replace(".bench.ts", "")}\n`);
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default: (argv: string[]) => Promise<boolean> };
  const ok = await mod.default(args.filter((a) => !wanted.includes(a)));
  if (!ok) failed++;
}
console.log(failed ? `\n${failed} benchmark(s) missed their target` : "\nall benchmarks met their targets");
process.exitCode = failed ? 1 : 0;
