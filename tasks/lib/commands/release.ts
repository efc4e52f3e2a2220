/**
 * `release.ts`, minus the process boundary: parse flags, read, plan, check, and (with
 * --yes, not --dry-run, nothing blocking) run the steps. Returns the exit code.
 */
import { resolve } from "node:path";
import { doctorChecks } from "../doctor/registry.ts";
import { hasFailure, runChecks } from "../core/checks/run.ts";
import type { CheckContext } from "../core/checks/types.ts";
import { type ParsedArgs, parseCli } from "../core/cli.ts";
import { loadConfig } from "../core/config/index.ts";
import { EXIT_FAILED, EXIT_OK, ReleaseError, UsageError } from "../core/errors.ts";
import { RELEASE } from "../core/entries.ts";
import { setDryRun } from "../core/exec.ts";
import * as git from "../release/git.ts";
import { c, log, out } from "../core/log.ts";
import { registerSecretsFromEnv } from "../core/redact.ts";
import { preflightChecks, releaseChecks } from "../release/release-checks.ts";
import { armBoundaries } from "../core/boundary.ts";
import { writeCutRecord, type CutRecord } from "../release/cut-record.ts";
import { recoverInterrupted } from "../release/restore.ts";
import { planRelease } from "../release/plan.ts";
import { renderChecks, renderPlan } from "../release/render.ts";
import { executeSteps, undoCut } from "../release/runner.ts";
import type { MainOptions, ReleaseReport } from "./release-report.ts";
import { openPublishSession, publishReadyCheck, type PublishSession } from "../release/session.ts";
import { readReleaseState, type ReleaseState } from "../release/state.ts";
import { releasePathspecs, releaseSteps, type StepContext } from "../release/steps.ts";
import type { ReleaseConfig } from "../core/config/index.ts";

export type { MainOptions, ReleaseReport } from "./release-report.ts";

/** The release date: SOURCE_DATE_EPOCH when set (reproducible output), else `now`. */
export function releaseDate(env: NodeJS.ProcessEnv, now: Date): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  const d = env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : now;
  return d.toISOString().slice(0, 10);
}

/**
 * Write the record of a fresh cut (before its first change). Refuses a dirty tree even
 * when git.dirty was skipped: undoing a failed cut restores the tree to HEAD, which
 * would lose uncommitted work.
 */
async function beginCut(
  root: string,
  state: ReleaseState,
  plan: StepContext["plan"],
  config: ReleaseConfig,
): Promise<CutRecord> {
  if (state.dirty.length || !state.head)
    throw new ReleaseError(
      "git.dirty",
      state.head
        ? `Cannot cut with local changes, even with git.dirty skipped: undoing a failed cut would restore them to HEAD (${state.dirty.slice(0, 5).join(", ")})`
        : "Cannot cut in a repository without commits",
      "Commit or stash them (git stash --include-untracked), then rerun.",
    );
  const record: CutRecord = {
    format: 1,
    tag: plan.tag,
    target: plan.target,
    commitMessage: plan.commitMessage,
    origHead: state.head,
    pathspecs: releasePathspecs(config, plan),
  };
  await writeCutRecord(root, record);
  return record;
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
  if (values.rehearse)
    return (await import("./rehearse.ts")).rehearse(argv, {
      env,
      cwd: opts.cwd ?? process.cwd(),
      now,
      cut: releaseMain,
    });
  registerSecretsFromEnv(env);
  const json = Boolean(values.json);
  const execute = Boolean(values.yes) && !values["dry-run"];
  // The exec layer's dry-run switch is set for this cut and put back after it: a flow run
  // inside a longer process (a test, the rehearsal) must leave no later run in dry-run.
  const wasDryRun = setDryRun(!execute);
  try {
    return await cut({ env, now, opts, values, positionals, steps, json, execute });
  } finally {
    setDryRun(wasDryRun);
  }
}

interface CutRun {
  env: NodeJS.ProcessEnv;
  now: Date;
  opts: MainOptions;
  values: ParsedArgs<typeof RELEASE>["values"];
  positionals: string[];
  steps: ReturnType<typeof releaseSteps>;
  json: boolean;
  execute: boolean;
}

/** Read: the repository's root and config, a crashed cut finished or undone, the state, the plan. */
async function inspect({ env, now, opts, values, positionals, steps, execute }: CutRun) {
  const root = await git.topLevel(resolve(opts.cwd ?? process.cwd(), values.repo ?? "."));
  const loaded = await loadConfig(root, { env, githubRepo: values["github-repo"] });
  const config = opts.configOverride ? opts.configOverride(loaded) : loaded;
  // A cut killed midway left its record in .git/: finish it or restore the tree before anything else.
  const recovered = execute ? await recoverInterrupted(root) : undefined;
  if (recovered) log(`${c.yellow("interrupted cut of")} ${recovered.tag} found: ${recovered.detail}`);
  const state = await readReleaseState(root, config);
  const plan = planRelease({
    state,
    config,
    flags: { version: positionals[0], bump: values.bump, preid: values.preid },
    date: releaseDate(env, now),
    steps: steps.map((s) => s.id),
  });
  const ctx: CheckContext = { root, config, env, now, facts: { release: { state, plan, execute } } };
  return { root, config, recovered, state, plan, ctx };
}

/** How a cut ends: the report to whoever takes it (--json, the rehearsal), and the exit code. */
function endings(report: ReleaseReport, { json, opts }: Pick<CutRun, "json" | "opts">) {
  const finish = (code: number) => {
    opts.onReport?.(report);
    if (json && opts.emitJson !== false) out(JSON.stringify(report, null, 2));
    return code;
  };
  // A caller that takes the report gets the error in it; else it is thrown to runMain.
  const fail = (e: unknown, publish: PublishSession | undefined) => {
    Object.assign(report, publishReport(publish));
    if (!(e instanceof ReleaseError) || (!json && !opts.onReport)) throw e;
    report.error = { code: e.code, message: e.message, fix: e.fix ?? null };
    log(`${c.red("error")} [${e.code}] ${e.message}${e.fix ? `\n${e.fix}` : ""}`);
    return finish(EXIT_FAILED);
  };
  return { finish, fail };
}

/** What a cut that will run opens before its first change: the publishing session, then the record of the cut. */
interface OpenedCut {
  publish?: PublishSession;
  record?: CutRecord;
}

async function openCut(
  opened: OpenedCut,
  { root, ctx, state, plan, config }: Awaited<ReturnType<typeof inspect>>,
  watch: boolean,
): Promise<void> {
  armBoundaries(ctx.env);
  opened.publish = await openPublishSession(ctx, { watch });
  // From here a fresh cut may change files (the preflight too): record it first, so a crash is recoverable.
  if (!plan.resume) opened.record = await beginCut(root, state, plan as StepContext["plan"], config);
}

/** Blocked: say why; a preflight that failed after the record was written may have written files, put back (verified). */
async function stopBlocked(root: string, report: ReleaseReport, record: CutRecord | undefined): Promise<void> {
  const failed = report.checks.filter((r) => r.status === "fail").map((r) => r.id);
  const why = failed.length ? `failed check(s): ${failed.join(", ")}` : report.plan.problem;
  if (!record) {
    log(`${c.red("blocked:")} ${why}. Nothing was changed.`);
    return;
  }
  try {
    await undoCut(root, record, new ReleaseError("release.blocked", `Cannot release: ${why}`));
  } catch (e) {
    if (!(e instanceof ReleaseError)) throw e;
    if (e.code === "release.blocked") log(`${c.red("blocked:")} ${why}.`);
    else {
      report.error = { code: e.code, message: e.message, fix: e.fix ?? null };
      log(`${c.red("blocked:")} ${e.message}`);
    }
  }
}

/** Inspect, check, then (with --yes) cut: the body of releaseMain once the flags are read. */
async function cut(run: CutRun): Promise<number> {
  const { values, steps, json, execute } = run;
  const read = await inspect(run);
  const { root, config, recovered, state, plan, ctx } = read;
  const checkOpts = { skip: values["skip-check"] ?? [], skipSlow: Boolean(values["skip-checks"]), progress: true };
  const checks = [
    ...(await runChecks(releaseChecks(config), ctx, checkOpts)),
    ...(await runChecks([...doctorChecks(), publishReadyCheck], ctx, checkOpts)),
  ];
  const facts = ctx.facts.release!;
  facts.blockedBefore = hasFailure(checks) || plan.target === null;
  const report: ReleaseReport = {
    state,
    plan,
    checks,
    blocked: facts.blockedBefore,
    ...(recovered ? { recovered } : {}),
  };
  const end = endings(report, run);
  // Progress only for commands that really run (inspection and dry runs only list them).
  const running = execute && !facts.blockedBefore;
  const opened: OpenedCut = {};
  if (running) {
    try {
      await openCut(opened, read, !values["no-watch"]);
    } catch (e) {
      return end.fail(e, opened.publish);
    }
  }
  checks.push(...(await runChecks(preflightChecks(config), ctx, { ...checkOpts, progress: running })));
  report.blocked = hasFailure(checks) || plan.target === null;

  if (!json) out(`${renderPlan(state, plan)}\n\n${c.bold("Checks")}\n${renderChecks(checks)}`);
  if (report.blocked) {
    await stopBlocked(root, report, opened.record);
    return end.finish(EXIT_FAILED);
  }
  if (!execute) {
    log(values.yes ? "dry run: nothing was changed." : `Nothing was changed. Run with --yes to cut ${plan.tag}.`);
    return end.finish(EXIT_OK);
  }
  try {
    report.steps = await executeSteps(steps, {
      root,
      config,
      state,
      env: run.env,
      plan: plan as StepContext["plan"],
      publish: opened.publish,
      pathspecs: releasePathspecs(config, plan),
      record: opened.record,
    });
  } catch (e) {
    return end.fail(e, opened.publish);
  }
  Object.assign(report, publishReport(opened.publish));
  log(releasedLine(plan.tag!, report));
  return end.finish(EXIT_OK);
}

/** What the publishing steps learnt, for the report (absent keys stay absent in --json). */
function publishReport(p: PublishSession | undefined): Partial<ReleaseReport> {
  if (!p) return {};
  const { release, immutable, builds, waiting, verification, fanOut } = p;
  return Object.fromEntries(
    Object.entries({ release, immutable, builds, waiting, verification, fanOut }).filter(([, v]) => v !== undefined),
  );
}

/** The last line: what happened, and a warning when a workflow did not start (the exit code stays 0). */
export function releasedLine(tag: string, report: ReleaseReport): string {
  if (report.waiting) return waitingLine(tag, report);
  const done =
    report.steps
      ?.filter((s) => s.status === "done")
      .map((s) => s.id)
      .join(", ") || "nothing left to do";
  const missing = report.fanOut?.filter((w) => w.status === "missing").map((w) => w.workflow) ?? [];
  const warning = missing.length
    ? `\n${c.yellow("warning:")} not started: ${missing.join(", ")} — see the reasons above and docs/RELEASE.md`
    : "";
  return `${c.green("released")} ${tag}${report.release ? ` ${report.release.html_url}` : ""} (${done}).${warning}`;
}

/** The cut stopped at the draft (--no-watch): what is there, what is awaited, how to resume. */
function waitingLine(tag: string, report: ReleaseReport): string {
  const w = report.waiting!;
  const awaited = [
    ...w.missing,
    ...w.running.map((f) => `${f} to finish`),
    ...w.notStarted.map((f) => `a run of ${f}`),
  ];
  return `${c.cyan("draft")} ${tag}${report.release ? ` ${report.release.html_url}` : ""} is waiting for ${awaited.join("; ")}.\nRun \`tsx release.ts --yes\` to resume: it finds the draft, waits for what is missing and publishes it.`;
}
