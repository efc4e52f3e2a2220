/**
 * `tasks/doctor.ts`, minus the process boundary: parse flags, load the config, run
 * every check (or `secrets push`), print the report. Returns the exit code. `env` and
 * `cwd` are parameters, so a test runs the whole flow without a process.
 */
import { resolve } from "node:path";
import { idMatches, runChecks } from "../core/checks/run.ts";
import type { CheckContext } from "../core/checks/types.ts";
import { parseCli, type FlowOptions } from "../core/cli.ts";
import { loadConfig } from "../core/config/load.ts";
import { DOCTOR } from "../core/entries.ts";
import { EXIT_FAILED, EXIT_OK, UsageError } from "../core/errors.ts";
import { read } from "../core/exec.ts";
import { c, out, setQuiet } from "../core/log.ts";
import { registerSecretsFromEnv } from "../core/redact.ts";
import { resolveRoot } from "../core/repo-root.ts";
import { doctorChecks } from "../doctor/registry.ts";
import { renderHuman, toReport } from "../doctor/report.ts";

export async function doctorMain(argv: string[], opts: FlowOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const { values, positionals } = parseCli(DOCTOR, argv);
  registerSecretsFromEnv(env);
  const json = values.json === true;
  setQuiet(json);
  const sub = positionals.join(" ");
  if (sub && sub !== "secrets push")
    throw new UsageError(`unknown command "${sub}"; the only command is \`secrets push\``);
  const root = await resolveRoot(values.repo, cwd);
  const config = await loadConfig(root, { env, githubRepo: values["github-repo"] });
  const p12 = values.p12;
  const ctx: CheckContext = {
    root,
    config,
    env,
    now: new Date(),
    offline: values.offline === true,
    facts: p12 ? { "signing.p12Path": resolve(cwd, p12) } : {},
  };
  if (values["all-docs"] === true) ctx.facts["docs.all"] = true;
  if (sub === "secrets push") {
    const { secretsPush } = await import("./secrets-push.ts");
    return secretsPush(ctx, { json });
  }
  const only = values.only ?? [];
  const checks = doctorChecks();
  const unmatched = only.filter((p) => !checks.some((ch) => idMatches(ch.id, p)));
  if (unmatched.length)
    throw new UsageError(
      `--only ${unmatched.join(", ")} matches no check id (e.g. workflow.*, docs.*, signing.*, updater.*, github.*)`,
    );
  // The cut's tag matters to the workflow and docs checks only; others skip the git reads.
  const needsTag = checks
    .filter((ch) => only.length === 0 || only.some((p) => idMatches(ch.id, p)))
    .some((ch) => ch.id.startsWith("workflow.") || ch.id.startsWith("docs."));
  const version = needsTag ? await suggestedVersion(ctx) : undefined;
  if (version) ctx.facts["workflows.cutVersion"] = version;
  if (needsTag && config.source === "default") {
    const tags = await versionTags(root);
    const prefix = ownTagPrefix(tags, config.tagPrefix);
    if (prefix !== undefined) ctx.facts["workflows.tagPrefix"] = prefix;
    if (tags.length) ctx.facts["workflows.repoTags"] = tags;
  }
  const results = await runChecks(checks, ctx, { only, skip: values["skip-check"] ?? [] });
  const report = toReport(results);
  out(json ? JSON.stringify(report, null, 2) : renderHuman(results, c, { verbose: values.verbose === true }));
  return report.ok ? EXIT_OK : EXIT_FAILED;
}

/**
 * The version the cut would suggest now (from the commits since the last tag), so the
 * fan-out is simulated for the tag that will really be cut; none outside a git repository.
 */
async function suggestedVersion(ctx: CheckContext): Promise<string | undefined> {
  try {
    const [{ readReleaseState }, { planTarget }] = await Promise.all([
      import("../release/state.ts"),
      import("../release/plan.ts"),
    ]);
    // The target does not depend on the CHANGELOG: it stays unread.
    const state = await readReleaseState(ctx.root, ctx.config, { changelog: false });
    return planTarget({ state, config: ctx.config, flags: {} }).target.version ?? undefined;
  } catch {
    return undefined;
  }
}

/** The repository's version-like tags (`v1.2.3`, `V3.9.1`, `py/pkg/v0.1.0`, `1.2.3-rc.1`). */
async function versionTags(root: string): Promise<string[]> {
  const r = await read(["git", "tag", "--list"], { cwd: root, nothrow: true });
  return r.stdout
    .split("\n")
    .map((t) => t.trim())
    .filter((t) => /\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(t));
}

/**
 * Zero-config, the prefix the repository's own version tags use when none has the
 * default one (`V3.9.1`, `release-1.2.0`), so the cut's tag looks like the real ones.
 */
function ownTagPrefix(tags: readonly string[], configured: string): string | undefined {
  const counts = new Map<string, number>();
  for (const tag of tags) {
    const prefix = /^(.*?)\d+\.\d+\.\d+/.exec(tag)![1]!;
    counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  if (counts.size === 0 || counts.has(configured)) return undefined;
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}
