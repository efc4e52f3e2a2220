/**
 * The doctor over a repository holding every broken case at once (workflows, docs,
 * signing, updater key), offline. Target: < 3 s wall time for the whole entry,
 * process start included, on a 2-core machine. Material is made before timing.
 */
import { performance } from "node:perf_hooks";
import { runChecks } from "../tasks/lib/core/checks/run.ts";
import { doctorChecks } from "../tasks/lib/doctor/registry.ts";
import { loadConfig } from "../tasks/lib/core/config/load.ts";
import { P12_FACT } from "../tasks/lib/signing/p12-inspect.ts";
import { cleanupBroken, makeBrokenRepo } from "../test/doctor/broken-repo.ts";
import { runEntry } from "../test/helpers/run-entry.ts";

const TARGET_MS = 3000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function (): Promise<boolean> {
  const repo = makeBrokenRepo();
  try {
    const env = { CI: undefined, GITHUB_TOKEN: undefined, GH_TOKEN: undefined, ...repo.env };
    const entry: number[] = [];
    let failed = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = runEntry("tasks/doctor.ts", ["--json", "--offline", "--repo", repo.dir, "--p12", repo.p12], { env });
      entry.push(performance.now() - t0);
      failed = (JSON.parse(r.stdout) as { checks: { status: string }[] }).checks.filter(
        (c) => c.status === "fail",
      ).length;
    }
    const inProcess: number[] = [];
    const config = await loadConfig(repo.dir, { env });
    let count = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const results = await runChecks(doctorChecks(), {
        root: repo.dir,
        config,
        env,
        now: new Date(),
        offline: true,
        facts: { [P12_FACT]: repo.p12 },
      });
      inProcess.push(performance.now() - t0);
      count = results.length;
    }
    const e = median(entry);
    console.log("| measure | median of 3 | target |");
    console.log("| --- | --- | --- |");
    console.log(
      `| \`tsx tasks/doctor.ts --json --offline\` (process start included) | ${(e / 1000).toFixed(2)} s | < ${TARGET_MS / 1000} s |`,
    );
    console.log(`| the ${count} checks in process | ${(median(inProcess) / 1000).toFixed(2)} s | |`);
    console.log(`\n${failed} checks failed on the broken repository, as they should.`);
    return e < TARGET_MS && failed >= 12;
  } finally {
    cleanupBroken(repo);
  }
}
