/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command
 * line) and prints their tables. Targets are printed next to the numbers; a missed
 * target makes the exit code 1 so it is noticed, but no test depends on timing.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface BenchOutcome {
  name: string;
  ok: boolean;
}

const dir = import.meta.dirname;
// Arguments that are folders are repositories for the benches that read them (precision); the rest name benches.
const isDir = (a: string) => {
  try {
    return statSync(a).isDirectory();
  } catch {
    return false;
  }
};
const repos = process.argv.slice(2).filter(isDir);
const wanted = process.argv.slice(2).filter((a) => !isDir(a));
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n## ${f.replace(".bench.ts", "")}\n`);
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default: (repos: string[]) => Promise<boolean> };
  const ok = await mod.default(repos);
  if (!ok) failed++;
}
console.log(failed ? `\n${failed} benchmark(s) missed their target` : "\nall benchmarks met their targets");
process.exitCode = failed ? 1 : 0;
