/**
 * `tsx tasks/adopt.ts`: read the repository, assemble and plan what adoption writes,
 * then print it (`--dry-run`), compare it (`--check`) or write it and run the doctor.
 * Any refusal happens before the first write, so a refused run leaves every file as it was.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { assemble, type Assembly } from "../adopt/assemble.ts";
import { adoptRoot, ignoredPaths, readFacts } from "../adopt/facts.ts";
import { changes, planAdoption, type AdoptPlan } from "../adopt/plan.ts";
import type { OldFlow } from "../adopt/stale-docs.ts";
import type { RepositoryFacts } from "../adopt/facts.ts";
import { TARGET_NAMES } from "../adopt/one-publisher.ts";
import { siteLabel } from "../adopt/release-automation.ts";
import { runCommand } from "../adopt/skill.ts";
import { ADOPT, RELEASE, type FlagsOf } from "../core/entries.ts";
import { isInstalledToolkit, readToolkit } from "../adopt/toolkit.ts";
import { runChecks } from "../core/checks/run.ts";
import type { CheckResult } from "../core/checks/types.ts";
import { CONFIG_FILE, loadConfig } from "../core/config/load.ts";
import { parseCli, type FlowOptions } from "../core/cli.ts";
import { EXIT_FAILED, EXIT_OK, ReleaseError, UsageError } from "../core/errors.ts";
import { c, log, out, setQuiet } from "../core/log.ts";
import { doctorChecks } from "../doctor/registry.ts";

export interface AdoptOptions {
  repo: string;
  dryRun: boolean;
  check: boolean;
  replace: boolean;
  allowDirty: boolean;
  json: boolean;
  /** --toolkit-dir; undefined: the existing config's, else the repository root */
  toolkitDir: string | undefined;
  /** the running toolkit's root (what is installed) */
  toolkitRoot: string;
  env?: NodeJS.ProcessEnv;
  /** what a relative --repo is resolved against (default: the process's) */
  cwd?: string;
}

/**
 * `tasks/adopt.ts`, minus the process boundary: parse the flags, then adopt. Returns
 * the exit code; `env` and `cwd` are parameters, so a test runs the flow without a process.
 */
export async function adoptMain(argv: string[], run: FlowOptions = {}): Promise<number> {
  const { values, positionals } = parseCli(ADOPT, argv);
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  if (values["dry-run"] && values.check) throw new UsageError("--dry-run and --check are exclusive");
  setQuiet(values.json === true);
  const json = values.json === true;
  const mode = values.check ? "check" : values["dry-run"] ? "dry-run" : "apply";
  try {
    return await adopt(adoptOptions(values, run));
  } catch (e) {
    // --json prints one document whatever happens: a refusal too, with its code and fix, and a bug (then rethrown).
    if (!json || e instanceof UsageError) throw e;
    if (!(e instanceof ReleaseError)) {
      const message = e instanceof Error ? e.message : String(e);
      const fix = "This is a bug in the toolkit, not in your repository: report it with the output on stderr.";
      out(JSON.stringify({ mode, ok: false, error: { code: "bug", message, fix } }, null, 2));
      throw e;
    }
    out(JSON.stringify({ mode, ok: false, error: { code: e.code, message: e.message, fix: e.fix ?? null } }, null, 2));
    return EXIT_FAILED;
  }
}

function adoptOptions(values: FlagsOf<typeof ADOPT>, run: FlowOptions): AdoptOptions {
  return {
    repo: values.repo ?? ".",
    dryRun: values["dry-run"] === true,
    check: values.check === true,
    replace: values.replace === true,
    allowDirty: values["allow-dirty"] === true,
    json: values.json === true,
    toolkitDir: values["toolkit-dir"],
    // This file is tasks/lib/commands/adopt.ts in the toolkit, wherever it is installed.
    toolkitRoot: join(import.meta.dirname, "..", "..", ".."),
    ...(run.env ? { env: run.env } : {}),
    ...(run.cwd ? { cwd: run.cwd } : {}),
  };
}

async function diffOf(path: string, have: string | undefined, want: string | undefined): Promise<string> {
  const { createTwoFilesPatch } = await import("diff");
  return createTwoFilesPatch(
    have === undefined ? "/dev/null" : `a/${path}`,
    want === undefined ? "/dev/null" : `b/${path}`,
    have ?? "",
    want ?? "",
    undefined,
    undefined,
    { context: 3 },
  ).trimEnd();
}

function readExisting(root: string, paths: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const p of paths) {
    const file = join(root, p);
    out[p] = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  }
  return out;
}

function configuredToolkitDir(value: unknown): string | undefined {
  const w = (value as { workflows?: { toolkitDir?: unknown } } | undefined)?.workflows;
  return typeof w?.toolkitDir === "string" ? w.toolkitDir : undefined;
}

const ORDER: Record<CheckResult["status"], number> = { fail: 0, warn: 1, skip: 2, pass: 3 };

/** What adoption decided for a repository: everything a report shows. */
interface Adoption {
  root: string;
  assembly: Assembly;
  plan: AdoptPlan;
  /** paths adoption writes that git ignores */
  ignored: string[];
}

export async function adopt(opts: AdoptOptions): Promise<number> {
  const root = await adoptRoot(opts.repo, opts.cwd);
  const facts = await readFacts(root);
  const toolkitDir = chosenToolkitDir(opts, facts);
  const toolkit = readToolkit(opts.toolkitRoot);
  const pkgPath = toolkitDir === "." ? "package.json" : `${toolkitDir}/package.json`;
  const toolkitInstalled = isInstalledToolkit(readExisting(root, [pkgPath])[pkgPath], toolkit);
  const assembly = await assemble(facts, toolkit, { toolkitDir, toolkitInstalled, replace: opts.replace });
  refuseUnknownLayout(root, assembly);
  const plan = planAdoption({
    desired: assembly.desired,
    existing: readExisting(
      root,
      assembly.desired.map((d) => d.path),
    ),
    replace: opts.replace,
    toolkitInstalled,
    ...(assembly.configConflict ? { configConflict: assembly.configConflict } : {}),
  });
  // A path the repository ignores would be written but never committed: say so rather than leave it behind.
  const ignored = await ignoredPaths(
    root,
    plan.files.filter((f) => f.kind !== "toolkit" && f.want !== undefined).map((f) => f.path),
  );
  const adoption: Adoption = { root, assembly, plan, ignored };
  if (opts.check) return report(opts, adoption, undefined, "check");
  if (opts.dryRun) return report(opts, adoption, undefined, "dry-run");
  refuseTwoPublishers(opts, root, assembly);
  await refuseConflicts(opts, adoption);
  refuseDirty(opts, adoption, facts.git.dirty, toolkitDir);
  writeChanges(root, plan);
  const env = opts.env ?? process.env;
  const config = await loadConfig(root, { env });
  const results = await runChecks(doctorChecks(), { root, config, env, now: new Date(), facts: {} }, {});
  return report(opts, adoption, results, "apply");
}

/** --toolkit-dir, else the existing config's, else the root; never outside the repository. */
function chosenToolkitDir(opts: AdoptOptions, facts: RepositoryFacts): string {
  const dir = (opts.toolkitDir ?? configuredToolkitDir(facts.existingConfig?.value) ?? ".").replace(/\/+$/, "") || ".";
  if (dir.startsWith("..") || dir.startsWith("/"))
    throw new ReleaseError(
      "adopt.bad-toolkit-dir",
      `Cannot install the toolkit in ${dir}: it is outside the repository`,
      "Pass --toolkit-dir with a folder inside the repository, e.g. tools/release.",
    );
  return dir;
}

/** Nothing to release: no Python package, no Tauri app, no version file and no version tag. */
function refuseUnknownLayout(root: string, assembly: Assembly): void {
  const found = assembly.inference.found;
  if (found.python || found.app || found.versionFiles.length || found.fromTag) return;
  throw new ReleaseError(
    "adopt.unknown-layout",
    `Cannot adopt ${root}: no Python package (pyproject.toml, setup.cfg or setup.py), no Tauri app (tauri.conf.json), no file carrying a version and no version tag was found`,
    "Run it on the repository of a project that ships a Python package or a Tauri app, or write release.config.ts by hand (see the toolkit's docs/configuration.md).",
  );
}

/** Files adoption would write over the maintainer's: show each difference, then stop. */
async function refuseConflicts(opts: AdoptOptions, a: Adoption): Promise<void> {
  const { plan, assembly, root } = a;
  if (!plan.conflicts.length) return;
  await printConflicts(opts, plan, assembly);
  if (!opts.json) printOldFlow(assembly, undefined);
  throw new ReleaseError(
    "adopt.conflict",
    `Cannot adopt ${root}: ${plan.conflicts.map((f) => `${f.path}: ${f.reason}`).join("; ")}. Nothing was written`,
    plan.conflicts.some((f) => f.kind === "workflow" || f.kind === "skill")
      ? "Read the differences above; rerun with --replace to replace the hand-written files, or rename them."
      : "Read the differences above and resolve them (edit release.config.ts, or pass --toolkit-dir), then rerun.",
  );
}

/** Uncommitted changes that are not adoption's own (its files, the toolkit's folder) stop it, unless --allow-dirty. */
function refuseDirty(opts: AdoptOptions, a: Adoption, dirtyPaths: readonly string[], toolkitDir: string): void {
  const planned = new Set(a.plan.files.map((f) => f.path));
  const dirty = dirtyPaths.filter((p) => !planned.has(p) && !(toolkitDir !== "." && p.startsWith(`${toolkitDir}/`)));
  if (!dirty.length || opts.allowDirty) return;
  throw new ReleaseError(
    "adopt.dirty",
    `Cannot adopt ${a.root}: the work tree has uncommitted changes (${dirty.slice(0, 10).join(", ")}${dirty.length > 10 ? ", ..." : ""}). Nothing was written`,
    "Commit or stash them first (adoption's own changes are then one reviewable diff), or pass --allow-dirty.",
  );
}

function writeChanges(root: string, plan: AdoptPlan): void {
  for (const f of changes(plan)) {
    const file = join(root, f.path);
    if (f.want === undefined) rmSync(file, { force: true });
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, f.want);
    }
  }
}

async function printConflicts(opts: AdoptOptions, plan: AdoptPlan, assembly: Assembly): Promise<void> {
  if (opts.json) return;
  for (const d of assembly.configDifferences)
    out(
      `  ${CONFIG_FILE} ${d.key}: yours ${JSON.stringify(d.theirs) ?? "(unset)"}, inferred ${JSON.stringify(d.inferred)} (${d.source})`,
    );
  for (const f of plan.conflicts) if (f.kind !== "config") out(await diffOf(f.path, f.have, f.want));
}

/** Adoption never leaves two publishers for one target: it stops before writing, naming both. */
function refuseTwoPublishers(opts: AdoptOptions, root: string, assembly: Assembly): void {
  const [first, ...more] = assembly.publisherConflicts;
  if (!first) return;
  if (!opts.json) printOldFlow(assembly, undefined);
  throw new ReleaseError(
    first.code,
    `Cannot adopt ${root}: ${[first, ...more].map((c) => c.message).join("; ")}. Nothing was written`,
    first.fix,
  );
}

type Mode = "check" | "dry-run" | "apply";

function exitCode(mode: Mode, plan: AdoptPlan, assembly: Assembly): number {
  const drifted = changes(plan).length > 0 || plan.conflicts.length > 0;
  if (mode === "check") return drifted || assembly.publisherConflicts.length ? EXIT_FAILED : EXIT_OK;
  if (mode === "dry-run") return plan.conflicts.length || assembly.publisherConflicts.length ? EXIT_FAILED : EXIT_OK;
  return EXIT_OK;
}

async function report(opts: AdoptOptions, a: Adoption, doctor: CheckResult[] | undefined, mode: Mode): Promise<number> {
  const { assembly, plan } = a;
  const code = exitCode(mode, plan, assembly);
  const sortedDoctor = doctor ? [...doctor].sort((x, y) => ORDER[x.status] - ORDER[y.status]) : undefined;
  if (opts.json) {
    out(JSON.stringify(jsonReport(a, mode, code, sortedDoctor), null, 2));
    return code;
  }
  log(`${c.bold("adopt")} ${a.root} (${mode})`);
  printInferred(assembly);
  await printFiles(plan, a.ignored, mode);
  printOldFlow(assembly, assembly.oldFlow);
  if (plan.conflicts.length) {
    out(`\n${c.red("Conflicts (adoption stops on these):")}`);
    for (const f of plan.conflicts) out(`  ${f.path}: ${f.reason}`);
    await printConflicts(opts, plan, assembly);
  }
  if (sortedDoctor) printDoctor(sortedDoctor, assembly);
  const changed = changes(plan);
  if (mode === "check")
    log(
      changed.length || plan.conflicts.length
        ? `${c.red("✗")} ${changed.length} adopted file(s) drifted; run adoption again to update them`
        : `${c.green("✓")} the adopted files match what adoption writes now`,
    );
  if (mode === "dry-run") log(`${c.dim("dry run: nothing was written")}`);
  return code;
}

/** The one document `--json` prints. */
function jsonReport(a: Adoption, mode: Mode, code: number, doctor: CheckResult[] | undefined) {
  const { root, assembly, plan, ignored } = a;
  const oldFlow = assembly.oldFlow;
  const inf = assembly.inference;
  return {
    root,
    mode,
    ok: code === EXIT_OK,
    config: assembly.config,
    values: inf.values,
    questions: inf.questions,
    suggestions: inf.suggestions,
    runnerChanges: inf.runnerChanges,
    files: plan.files.map((f) => ({ path: f.path, kind: f.kind, action: f.action })),
    conflicts: plan.conflicts.map((f) => ({ path: f.path, kind: f.kind, reason: f.reason })),
    configDifferences: assembly.configDifferences,
    keptWorkflows: assembly.keptWorkflows,
    oldFlow: {
      ...oldFlow,
      tools: inf.automation.map((t) => ({ ...t, at: siteLabel(t.where) })),
      edits: assembly.oldFlowEdits.map((e) => ({ path: e.path, removes: e.removes, deleted: e.want === undefined })),
    },
    targets: inf.targets.map((t) => ({
      target: t.target,
      toolkit: t.toolkit,
      decision: t.decision,
      existing: t.existing.map((x) => ({ tool: x.tool, at: siteLabel(x.where) })),
      otherLines: t.otherLines.map((x) => ({ tool: x.tool, at: siteLabel(x.where), lines: x.lines ?? [] })),
      why: t.why,
      ...(t.fix ? { fix: t.fix } : {}),
      ...(t.code ? { code: t.code } : {}),
    })),
    publisherConflicts: assembly.publisherConflicts,
    ignored,
    doctor,
  };
}

function printInferred(assembly: Assembly): void {
  const inf = assembly.inference;
  for (const v of inf.values) log(`  ${v.key.padEnd(34)} ${c.dim(`← ${v.source}`)}`);
  if (inf.runnerChanges.length) {
    out(`\n${c.yellow("Runner labels replaced (GitHub no longer runs them):")}`);
    for (const r of inf.runnerChanges)
      out(`  - ${r.from} → ${r.to}: ${r.from} ${r.why} (${r.source}); read in ${r.where}`);
  }
  if (inf.questions.length) {
    out(`\n${c.yellow("Questions to answer in release.config.ts:")}`);
    for (const q of inf.questions) out(`  - ${q.key}: ${q.question}`);
  }
}

async function printFiles(plan: AdoptPlan, ignored: string[], mode: Mode): Promise<void> {
  const changed = changes(plan);
  const toolkitCount = (a: string) => plan.files.filter((f) => f.kind === "toolkit" && f.action === a).length;
  out(`\n${c.bold("Files")}`);
  for (const f of plan.files) {
    if (f.kind === "toolkit" || (f.action === "unchanged" && f.want === undefined)) continue;
    out(`  ${f.action.padEnd(9)} ${f.path}`);
  }
  out(
    `  toolkit   ${toolkitCount("create")} created, ${toolkitCount("update")} updated, ${toolkitCount("remove")} removed, ${toolkitCount("unchanged")} unchanged`,
  );
  // New toolkit files are listed, not shown: they are the toolkit itself. Once written, only the maintainer's files are shown.
  for (const f of changed) {
    if (mode === "apply" && !((f.kind === "workflow" || f.kind === "old-flow") && f.have !== undefined)) continue;
    if (f.kind === "toolkit" && f.action === "create") out(`  create    ${f.path}`);
    else out(await diffOf(f.path, f.have, f.want));
  }
  for (const p of ignored)
    out(`  ${c.yellow("ignored")}   ${p} is ignored by git: it is written but will not be committed`);
}

/** The old release flow: its publishers and release tools, what adoption does with each target, stale doc lines. */
function printOldFlow(assembly: Assembly, oldFlow: OldFlow | undefined): void {
  const inf = assembly.inference;
  for (const k of assembly.keptWorkflows) out(`  kept      ${k} (hand-written, left alone)`);
  if (inf.automation.length) {
    out(`\n${c.bold("The old release flow (publishers and release tools found):")}`);
    for (const t of inf.automation)
      out(
        `  - ${t.tool}${t.registry ? ` → ${t.registry}` : ""}: ${t.why}; ${siteLabel(t.where)}${t.lines ? ` [tags: ${t.lines.map((l) => `${l || '""'}*`).join(", ") || "none known"}]` : ""}`,
      );
  }
  out(`\n${c.bold("One publisher per target:")}`);
  for (const t of inf.targets) {
    const mark = t.decision === "refuse" ? c.red("✗") : t.decision === "ask" ? c.yellow("?") : "·";
    out(`  ${mark} ${TARGET_NAMES[t.target].padEnd(26)} ${t.decision.padEnd(8)} ${t.why}`);
    if (t.fix && t.decision !== "refuse") out(`      ${t.fix}`);
  }
  for (const e of assembly.oldFlowEdits)
    out(`  --replace ${e.want === undefined ? "deletes" : "edits"} ${e.path}: removes ${e.removes.join(", ")}`);
  for (const p of assembly.publisherConflicts) out(`  ${c.red("✗")} ${p.message}\n    fix: ${p.fix}`);
  if (oldFlow?.lines.length) {
    out(`\n${c.yellow("Docs and helper prompts that still describe the old release flow:")}`);
    for (const l of oldFlow.lines) out(`  ${l.doc}:${l.line}: ${l.text} (${l.why})`);
  }
}

function printDoctor(doctor: CheckResult[], assembly: Assembly): void {
  out(`\n${c.bold("What is left (the doctor):")}`);
  for (const r of doctor.filter((r) => r.status === "fail" || r.status === "warn")) {
    out(`  ${r.status === "fail" ? c.red("✗") : c.yellow("!")} ${r.id.padEnd(30)} ${r.message.split("\n")[0]}`);
    if (r.fix) out(`    fix: ${r.fix}`);
  }
  const n = (s: string) => doctor.filter((r) => r.status === s).length;
  out(`  ${n("fail")} failed, ${n("warn")} warning(s), ${n("pass")} passed, ${n("skip")} skipped`);
  const td = (assembly.config.workflows as { toolkitDir?: string } | undefined)?.toolkitDir ?? ".";
  out(
    `\nNext: ${td === "." ? "npm ci" : `npm ci --prefix ${td}`}, review \`git diff\`, commit, then \`${runCommand(td, RELEASE.path)} --rehearse\`.`,
  );
}
