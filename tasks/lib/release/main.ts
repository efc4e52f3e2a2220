/**
 * `release.ts`, minus the process boundary: parse flags, read, plan, check, and (with
 * --yes, not --dry-run, nothing blocking) run the steps. Returns the exit code.
 */
import { resolve } from "node:path";
import { doctorChecks } from "../checks/registry.ts";
import { hasFailure, runChecks } from "../checks/run.ts";
import type { CheckContext, CheckResult } from "../checks/types.ts";
import { parseCli } from "../cli.ts";
import { loadConfig } from "../config/index.ts";
import { EXIT_FAILED, EXIT_OK, ReleaseError, UsageError } from "../errors.ts";
import { RELEASE } from "../entries.ts";
import { setDryRun } from "../exec.ts";
import * as git from "../git.ts";
import { c, log, out } from "../log.ts";
import { registerSecretsFromEnv } from "../redact.ts";
import { releaseChecks } from "./checks.ts";
import { planRelease, type ReleasePlan } from "./plan.ts";
import { renderChecks, renderPlan } from "./render.ts";
import { executeSteps, type StepOutcome } from "./runner.ts";
import { readReleaseState, type ReleaseState } from "./state.ts";
import { releaseSteps, type StepContext } from "./steps.ts";

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  now?: Date;
}

export interface ReleaseReport {
  state: ReleaseState;
  plan: ReleasePlan;
  checks: CheckResult[];
  blocked: boolean;
  steps?: StepOutcome[];
  error?: { code: string; message: string; fix: string | null };
}

/** The release date: SOURCE_DATE_EPOCH when set (reproducible output), else `now`. */
export function releaseDate(env: NodeJS.ProcessEnv, now: Date): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  const d = env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : now;
  return d.toISOString().slice(0, 10);
}

export async function releaseMain(argv: string[], opts: MainOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? new Date();
  const { values, positionals } = parseCli(RELEASE, argv);
  const steps = releaseSteps();
  if (values["list-steps"]) {
    out(steps.map((s) => s.id).join("\n"));
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError(`Cannot take more than one VERSION: got ${positionals.join(" ")}`);
  registerSecretsFromEnv(env);
  const json = Boolean(values.json);
  const execute = Boolean(values.yes) && !values["dry-run"];
  setDryRun(!execute);

  const root = await git.topLevel(resolve(opts.cwd ?? process.cwd(), (values.repo as string | undefined) ?? "."));
  const config = await loadConfig(root, { env, githubRepo: values["github-repo"] as string | undefined });
  const state = await readReleaseState(root, config);
  const plan = planRelease({
    state,
    config,
    flags: { version: positionals[0], bump: values.bump as string | undefined, preid: values.preid as string | undefined },
    date: releaseDate(env, now),
    steps: steps.map((s) => s.id),
  });

  const ctx: CheckContext = { root, config, env, now, facts: { release: { state, plan } } };
  const checkOpts = { skip: (values["skip-check"] as string[] | undefined) ?? [], skipSlow: Boolean(values["skip-checks"]), progress: true };
  const checks = [...(await runChecks(releaseChecks(config), ctx, checkOpts)), ...(await runChecks(doctorChecks(), ctx, checkOpts))];
  const report: ReleaseReport = { state, plan, checks, blocked: hasFailure(checks) || plan.target === null };
  const finish = (code: number) => {
    if (json) out(JSON.stringify(report, null, 2));
    return code;
  };

  if (!json) out(`${renderPlan(state, plan)}\n\n${c.bold("Checks")}\n${renderChecks(checks)}`);
  if (report.blocked) {
    const failed = checks.filter((r) => r.status === "fail").map((r) => r.id);
    log(`${c.red("blocked:")} ${failed.length ? `failed check(s): ${failed.join(", ")}` : plan.problem}. Nothing was changed.`);
    return finish(EXIT_FAILED);
  }
  if (!execute) {
    log(values.yes ? "dry run: nothing was changed." : `Nothing was changed. Run with --yes to cut ${plan.tag}.`);
    return finish(EXIT_OK);
  }
  try {
    report.steps = await executeSteps(steps, { root, config, state, env, plan: plan as StepContext["plan"] });
  } catch (e) {
    if (!json || !(e instanceof ReleaseError)) throw e;
    report.error = { code: e.code, message: e.message, fix: e.fix ?? null };
    log(`${c.red("error")} [${e.code}] ${e.message}`);
    return finish(EXIT_FAILED);
  }
  log(`${c.green("released")} ${plan.tag} locally (${report.steps.filter((s) => s.status === "done").map((s) => s.id).join(", ") || "nothing left to do"}).`);
  return finish(EXIT_OK);
}
