/**
 * `tasks/gen-workflows.ts`, minus the process boundary: parse flags, find the
 * repository, render the templates, then write them or (`--check`) compare them and
 * print a unified diff. Returns the exit code; `env` and `cwd` are parameters, so a
 * test runs the whole flow without a process.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseCli, type FlowOptions } from "../core/cli.ts";
import { GEN_WORKFLOWS } from "../core/entries.ts";
import { ReleaseError, UsageError } from "../core/errors.ts";
import { c, log, out } from "../core/log.ts";

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

/** A generated workflow on a label GitHub is retiring (the Intel image, say) is said at generation time too. */
async function noteRetiringRunners(root: string, generated: readonly string[]): Promise<void> {
  const [{ readWorkflows }, { retiringLabels }] = await Promise.all([
    import("../workflows/read.ts"),
    import("../workflows/platform-checks.ts"),
  ]);
  const ws = readWorkflows(root).filter((w) => generated.includes(w.path));
  for (const { line } of retiringLabels(ws, new Date())) log(`${c.yellow("note:")} ${line}`);
}

export async function genWorkflowsMain(argv: string[], opts: FlowOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const args = parseCli(GEN_WORKFLOWS, argv);
  if (args.positionals.length) throw new UsageError(`unexpected argument: ${args.positionals[0]}`);
  const check = args.values.check === true;
  const repoArg = typeof args.values.repo === "string" ? args.values.repo : undefined;
  const root = resolveRoot(repoArg, cwd);
  // The templates and the diff library load here, not in the entry: `--help` needs neither.
  const [{ formatDrift, hasDrift, summarize }, { generateWorkflows }] = await Promise.all([
    import("../workflows/drift.ts"),
    import("../workflows/generate.ts"),
  ]);
  const result = await generateWorkflows(root, { check, env, ...(repoArg ? { repoArg } : {}) });

  if (check) {
    if (!hasDrift(result.drift)) {
      log(`${c.green("✓")} ${result.generated.length} generated workflow(s) match their templates`);
      await noteRetiringRunners(root, result.generated);
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
  await noteRetiringRunners(root, result.generated);
  return 0;
}
