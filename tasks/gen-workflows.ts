/**
 * `tsx tasks/gen-workflows.ts [--check] [--repo DIR]`: render templates/ into
 * .github/workflows. `--check` writes nothing and exits 1 with a unified diff when a
 * generated file is missing, differs, or is generated but no longer produced.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseCli, runMain } from "./lib/core/cli.ts";
import { GEN_WORKFLOWS } from "./lib/core/entries.ts";
import { ReleaseError, UsageError } from "./lib/core/errors.ts";
import { c, log, out } from "./lib/core/log.ts";

/**
 * --repo DIR, else the nearest folder above cwd holding `.git` (the git top-level,
 * found without spawning git: start-up time is the budget here), else cwd itself.
 */
function resolveRoot(repo: string | undefined, cwd: string): string {
  if (repo !== undefined) {
    const root = resolve(cwd, repo);
    if (!existsSync(root)) throw new UsageError(`--repo ${repo}: no such directory`);
    return root;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  const args = parseCli(GEN_WORKFLOWS, argv);
  if (args.positionals.length) throw new UsageError(`unexpected argument: ${args.positionals[0]}`);
  const check = args.values.check === true;
  const repoArg = typeof args.values.repo === "string" ? args.values.repo : undefined;
  const root = resolveRoot(repoArg, cwd);
  // Imported after the flags are parsed, so `--help` loads no template and no library.
  const [{ formatDrift, hasDrift, summarize }, { generateWorkflows }] = await Promise.all([
    import("./lib/workflows/drift.ts"),
    import("./lib/workflows/generate.ts"),
  ]);
  const result = await generateWorkflows(root, { check, ...(repoArg ? { repoArg } : {}) });

  if (check) {
    if (!hasDrift(result.drift)) {
      log(`${c.green("✓")} ${result.generated.length} generated workflow(s) match their templates`);
      return 0;
    }
    out(await formatDrift(result.drift));
    throw new ReleaseError(
      "workflow.drift",
      `Cannot accept the workflows: ${summarize(result.drift).join("; ")}`,
      `Run \`${result.fix}\` and commit the result; edit the template or release.config.ts, never the generated file.`,
    );
  }
  for (const path of result.touched)
    log(`${c.green("✓")} ${result.drift.stale.includes(path) ? "removed" : "wrote"} ${path}`);
  if (!result.touched.length) log(`${c.green("✓")} ${result.generated.length} workflow(s) already up to date`);
  return 0;
}

runMain(() => main(process.argv.slice(2)));
