/**
 * `tsx tasks/doctor.ts`: every non-mutating check, in seconds, before anything is
 * pushed. Human output or `--json` (one document `{ ok, checks }`); exit 1 on a
 * failure. `secrets push` validates the signing material, then uploads it.
 */
import { resolve } from "node:path";
import type { CheckContext } from "./lib/core/checks/types.ts";
import { parseCli, runMain } from "./lib/core/cli.ts";
import { DOCTOR } from "./lib/core/entries.ts";
import { EXIT_FAILED, EXIT_OK, UsageError } from "./lib/core/errors.ts";
import { c, out, setQuiet } from "./lib/core/log.ts";
import { registerSecretsFromEnv } from "./lib/core/redact.ts";

async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseCli(DOCTOR, argv);
  // Imported after the flags are parsed, so `--help` loads no check and no library.
  const [{ idMatches, runChecks }, { doctorChecks }, { loadConfig }, { renderHuman, toReport }, { resolveRoot }] =
    await Promise.all([
      import("./lib/core/checks/run.ts"),
      import("./lib/doctor/registry.ts"),
      import("./lib/core/config/load.ts"),
      import("./lib/doctor/report.ts"),
      import("./lib/core/repo-root.ts"),
    ]);
  registerSecretsFromEnv(env);
  const json = values.json === true;
  if (json) setQuiet(true);
  const sub = positionals.join(" ");
  if (sub && sub !== "secrets push")
    throw new UsageError(`unknown command "${sub}"; the only command is \`secrets push\``);
  const root = await resolveRoot(values.repo as string | undefined);
  const config = await loadConfig(root, { env, githubRepo: values["github-repo"] as string | undefined });
  const p12 = values.p12 as string | undefined;
  const ctx: CheckContext = {
    root,
    config,
    env,
    now: new Date(),
    offline: values.offline === true,
    facts: p12 ? { "signing.p12Path": resolve(p12) } : {},
  };
  if (sub === "secrets push") {
    const { secretsPush } = await import("./lib/commands/secrets-push.ts");
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

runMain(() => main(process.argv.slice(2)));
