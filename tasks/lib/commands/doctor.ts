/**
 * `tasks/doctor.ts`, minus the process boundary: parse flags, load the config, run
 * every check (or `secrets push`), print the report. Returns the exit code. `env` and
 * `cwd` are parameters, so a test runs the whole flow without a process.
 */
import { resolve } from "node:path";
import { idMatches, runChecks } from "../core/checks/run.ts";
import type { CheckContext } from "../core/checks/types.ts";
import { parseCli } from "../core/cli.ts";
import { loadConfig } from "../core/config/load.ts";
import { DOCTOR } from "../core/entries.ts";
import { EXIT_FAILED, EXIT_OK, UsageError } from "../core/errors.ts";
import { c, out, setQuiet } from "../core/log.ts";
import { registerSecretsFromEnv } from "../core/redact.ts";
import { resolveRoot } from "../core/repo-root.ts";
import { doctorChecks } from "../doctor/registry.ts";
import { renderHuman, toReport } from "../doctor/report.ts";

export interface DoctorOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export async function doctorMain(argv: string[], opts: DoctorOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const { values, positionals } = parseCli(DOCTOR, argv);
  registerSecretsFromEnv(env);
  const json = values.json === true;
  setQuiet(json);
  const sub = positionals.join(" ");
  if (sub && sub !== "secrets push")
    throw new UsageError(`unknown command "${sub}"; the only command is \`secrets push\``);
  const root = await resolveRoot(values.repo as string | undefined, cwd);
  const config = await loadConfig(root, { env, githubRepo: values["github-repo"] as string | undefined });
  const p12 = values.p12 as string | undefined;
  const ctx: CheckContext = {
    root,
    config,
    env,
    now: new Date(),
    offline: values.offline === true,
    facts: p12 ? { "signing.p12Path": resolve(cwd, p12) } : {},
  };
  if (sub === "secrets push") {
    const { secretsPush } = await import("./secrets-push.ts");
    return secretsPush(ctx, { json });
  }
  const only = (values.only as string[] | undefined) ?? [];
  const checks = doctorChecks();
  const unmatched = only.filter((p) => !checks.some((ch) => idMatches(ch.id, p)));
  if (unmatched.length)
    throw new UsageError(
      `--only ${unmatched.join(", ")} matches no check id (e.g. workflow.*, docs.*, signing.*, updater.*, github.*)`,
    );
  const results = await runChecks(checks, ctx, { only, skip: (values["skip-check"] as string[] | undefined) ?? [] });
  const report = toReport(results);
  out(json ? JSON.stringify(report, null, 2) : renderHuman(results, c));
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
