/**
 * Everything adoption would write, decided from the facts alone: the config (merged
 * with one that exists), the workflows rendered from it, the toolkit's files, the
 * helper prompt and the `.gitignore` line. Pure; the command reads the repository's
 * current texts and hands both to the planner.
 */
import { posix } from "node:path";
import type { RefusalCode } from "../core/codes.ts";
import { ReleaseError } from "../core/errors.ts";
import { CONFIG_FILE } from "../core/config/load.ts";
import { parseConfig } from "../core/config/parse.ts";
import { isGenerated, WORKFLOWS_DIR } from "../workflows/header.ts";
import { contextFromConfig } from "../workflows/load.ts";
import { render } from "../workflows/render.ts";
import { secretsRead } from "../workflows/analysis.ts";
import { parseWorkflow } from "../workflows/read.ts";
import {
  isAdoptWritten,
  previousSources,
  previousSuggestions,
  renderConfigText,
  unionSuggestions,
} from "./config-text.ts";
import type { RepositoryFacts } from "./facts.ts";
import { inferConfig, type Inference, type InferredValue } from "./infer.ts";
import { differences, merge, type ValueDifference } from "./merge.ts";
import type { DesiredFile } from "./plan.ts";
import { renderSkill, SKILL_PATH } from "./skill.ts";
import { findOldFlow, type OldFlow } from "./stale-docs.ts";
import { replacementEdits, type OldFlowEdit } from "./old-flow-edit.ts";
import { brokenReferences, type ChangedWorkflow } from "./workflow-references.ts";
import { describe, TARGET_NAMES } from "./one-publisher.ts";
import { gitignoreLine, toolkitTargets, type Toolkit } from "./toolkit.ts";

export interface AssembleOptions {
  toolkitDir: string;
  /** the toolkit folder already holds this toolkit */
  toolkitInstalled: boolean;
  /** --replace: the old publishers are replaced by the toolkit's */
  replace?: boolean;
}

export interface Assembly {
  inference: Inference;
  /** the values written, after the maintainer's win */
  config: Record<string, unknown>;
  desired: DesiredFile[];
  /** a hand-written config that disagrees with inference: the differences, value by value */
  configDifferences: ValueDifference[];
  configConflict: string | undefined;
  /** hand-written workflows adoption leaves alone */
  keptWorkflows: string[];
  /** the old release scripts the docs name, and every line naming one */
  oldFlow: OldFlow;
  /** what --replace removes from the maintainer's files */
  oldFlowEdits: OldFlowEdit[];
  /** why adoption would leave two publishers for one target, or --replace would break the old flow (it stops on these) */
  publisherConflicts: PublisherConflict[];
}

export interface PublisherConflict {
  code: Extract<RefusalCode, "adopt.two-publishers" | "adopt.replace-stops-publishing" | "adopt.replace-dangling">;
  target: string;
  message: string;
  fix: string;
}

type Tree = Record<string, unknown>;

function renderWorkflows(tree: Tree): Map<string, string> {
  const parsed = parseConfig(tree, CONFIG_FILE);
  return render(contextFromConfig({ ...parsed, source: CONFIG_FILE }));
}

/**
 * A config written for an older schema (a key renamed or removed since) is the
 * maintainer's to change: say which keys and stop, rather than drop their values.
 */
function fitting<T>(fn: () => T, existing: boolean): T {
  try {
    return fn();
  } catch (e) {
    if (!existing || !(e instanceof ReleaseError) || e.code !== "config.invalid") throw e;
    throw new ReleaseError(
      "adopt.config-conflict",
      e.message
        .replace(/^Cannot use /, "Cannot adopt with the existing ")
        .replace(/: it is not a valid release config/, ": it does not fit this toolkit's schema"),
      `Delete or rename the keys listed in ${CONFIG_FILE} (deleted ones are inferred again and shown in the diff), then rerun.`,
    );
  }
}

function evidenceGone(source: string, facts: RepositoryFacts, rendered: ReadonlyMap<string, string>): boolean {
  const path = source.split(/[\s:]/, 1)[0] ?? "";
  return !(path in facts.files) || (rendered.has(path) && isGenerated(facts.files[path]!));
}

export async function assemble(facts: RepositoryFacts, toolkit: Toolkit, opts: AssembleOptions): Promise<Assembly> {
  const targets = toolkitTargets(toolkit, opts.toolkitDir);
  const inference = inferConfig(facts, {
    toolkitDir: opts.toolkitDir,
    toolkitPaths: new Set(targets.keys()),
    replace: opts.replace === true,
  });
  const { edits: oldFlowEdits, conflicts: publisherConflicts } = await publisherChanges(inference, facts);
  const existing = loadableConfig(facts);
  const theirs = existing?.value as Tree | undefined;
  const oldFlow = withReplacedDocSteps(
    await findOldFlow(facts, { toolkitDir: opts.toolkitDir, skip: (p) => p === SKILL_PATH }),
    inference,
    facts,
  );
  const handWritten = existing !== undefined && !isAdoptWritten(existing.text);

  // The workflows first (they do not depend on the secrets), then the secrets they read.
  const previous = existing ? previousSources(existing.text) : new Map<string, string>();
  const first = merge(inference.values, inference.questions, theirs, previous);
  const rendered = fitting(() => renderWorkflows(first.tree), existing !== undefined);
  const kept = keptWorkflows(facts, rendered, oldFlowEdits);
  if (opts.replace)
    publisherConflicts.push(
      ...overwriteConflicts(facts, rendered, inference),
      ...referenceConflicts(facts, rendered, oldFlowEdits),
    );
  const values: InferredValue[] = [...inference.values, ...secretsValue(facts, rendered, kept)];
  const merged = merge(values, inference.questions, theirs, previous);
  parseConfig(merged.tree, CONFIG_FILE);

  const configDifferences = handWritten ? differences(values, theirs ?? {}) : [];
  const configConflict = configDifferences.length
    ? `a hand-written ${CONFIG_FILE} differs from what adoption infers (${configDifferences.map((d) => d.key).join(", ")})`
    : undefined;
  const configText = handWritten
    ? existing!.text
    : renderConfigText({
        tree: merged.tree,
        sources: merged.sources,
        questions: merged.questions,
        // A previous suggestion whose evidence is gone (a hand-written workflow adoption replaced) stays.
        suggestions: unionSuggestions(
          existing ? previousSuggestions(existing.text) : [],
          [...inference.suggestions, ...oldScriptSuggestions(oldFlow)],
          (p) => evidenceGone(p.source, facts, rendered),
        ),
        toolkitDir: opts.toolkitDir,
      });
  const desired: DesiredFile[] = [
    { path: CONFIG_FILE, kind: "config", want: configText },
    ...toolkitFiles(facts, targets, opts),
    ...workflowFiles(facts, renderWorkflows(merged.tree), rendered, oldFlowEdits),
    { path: SKILL_PATH, kind: "skill", want: renderSkill(opts.toolkitDir) },
    gitignoreFile(facts, opts.toolkitDir),
  ];
  return {
    inference,
    config: merged.tree,
    desired,
    configDifferences,
    configConflict,
    keptWorkflows: kept,
    oldFlow,
    oldFlowEdits,
    publisherConflicts,
  };
}

/** The existing release.config.ts, unless it does not load (then adoption stops: the maintainer fixes it). */
function loadableConfig(facts: RepositoryFacts): RepositoryFacts["existingConfig"] {
  const existing = facts.existingConfig;
  if (existing?.error)
    throw new ReleaseError(
      "adopt.config-conflict",
      `Cannot adopt with the existing ${CONFIG_FILE}: ${existing.error}`,
      `Fix ${CONFIG_FILE} so it loads, or move it aside and rerun adoption.`,
    );
  return existing;
}

/**
 * A publishing step a release doc tells a person to run, which --replace hands to the
 * toolkit: adoption cannot rewrite prose, so the line is listed for the maintainer.
 */
function withReplacedDocSteps(oldFlow: OldFlow, inference: Inference, facts: RepositoryFacts): OldFlow {
  const lines = [...oldFlow.lines];
  for (const t of inference.targets.filter((t) => t.decision === "replace"))
    for (const r of t.replaced) {
      if (
        r.where.kind !== "doc" ||
        lines.some((l) => l.doc === r.where.path && l.line === (r.where as { line: number }).line)
      )
        continue;
      const text = facts.files[r.where.path]?.split(/\r?\n/)[r.where.line - 1]?.trim() ?? "";
      lines.push({
        doc: r.where.path,
        line: r.where.line,
        text,
        why: `publishes to ${TARGET_NAMES[t.target]} by hand (${r.tool}); ${t.toolkit} does it now: remove this step`,
      });
    }
  lines.sort((a, b) => a.doc.localeCompare(b.doc) || a.line - b.line);
  return { ...oldFlow, lines };
}

/** The old release scripts the docs name, as suggestions: the docs should run the release entry instead. */
const oldScriptSuggestions = (oldFlow: OldFlow) =>
  oldFlow.scripts.map((o) => ({
    topic: "docs",
    fact: `the old release flow runs ${o.name}; the docs and helper prompts that name it should run the release entry instead`,
    source: `${o.doc}:${o.line}`,
  }));

/** Hand-written workflows adoption leaves alone: not replaced by a generated one, not removed by --replace. */
function keptWorkflows(facts: RepositoryFacts, rendered: ReadonlyMap<string, string>, edits: OldFlowEdit[]): string[] {
  const removed = new Set(edits.filter((e) => e.want === undefined).map((e) => e.path));
  return workflowTexts(facts)
    .filter(([p, t]) => !rendered.has(p) && !isGenerated(t) && !removed.has(p))
    .map(([p]) => p);
}

const workflowTexts = (facts: RepositoryFacts) =>
  Object.entries(facts.files).filter(([p]) => p.startsWith(`${WORKFLOWS_DIR}/`));

/** `secrets.repository`: every secret the rendered and the kept workflows read, with the files that read them. */
function secretsValue(facts: RepositoryFacts, rendered: ReadonlyMap<string, string>, kept: string[]): InferredValue[] {
  const readers = [
    ...[...rendered].map(([p, t]) => ({ p, names: secretsRead(parseWorkflow(posix.basename(p), t)) })),
    ...kept.map((p) => ({ p, names: secretsRead(parseWorkflow(posix.basename(p), facts.files[p]!)) })),
  ].filter((r) => r.names.length);
  const names = [...new Set(readers.flatMap((r) => r.names))].sort();
  if (!names.length) return [];
  return [
    {
      key: "secrets.repository",
      value: names,
      source: `read by ${readers.map((r) => posix.basename(r.p)).join(", ")}`,
    },
  ];
}

/** The toolkit's files; an upgrade also removes what the newer toolkit no longer ships, inside its own folder only. */
function toolkitFiles(facts: RepositoryFacts, targets: Map<string, string>, opts: AssembleOptions): DesiredFile[] {
  const files: DesiredFile[] = [...targets].map(([path, text]) => ({ path, kind: "toolkit", want: text }));
  if (!opts.toolkitInstalled || opts.toolkitDir === ".") return files;
  const ours = new Set([CONFIG_FILE, ...targets.keys()]);
  for (const p of facts.paths)
    if (
      /^(tasks|templates)\//.test(p.slice(opts.toolkitDir.length + 1)) &&
      p.startsWith(`${opts.toolkitDir}/`) &&
      !ours.has(p)
    )
      files.push({ path: p, kind: "toolkit", want: undefined });
  return files;
}

/**
 * The generated workflows; an old workflow of a generated name is replaced whole, other
 * old files are edited (--replace); a generated file no template produces any more goes.
 */
function workflowFiles(
  facts: RepositoryFacts,
  workflows: ReadonlyMap<string, string>,
  rendered: ReadonlyMap<string, string>,
  edits: OldFlowEdit[],
): DesiredFile[] {
  const files: DesiredFile[] = [...workflows].map(([path, text]) => ({ path, kind: "workflow", want: text }));
  for (const e of edits) if (!workflows.has(e.path)) files.push({ path: e.path, kind: "old-flow", want: e.want });
  for (const [p, t] of workflowTexts(facts))
    if (!rendered.has(p) && isGenerated(t)) files.push({ path: p, kind: "workflow", want: undefined });
  return files;
}

/** The toolkit's `node_modules` line; always planned, so a rerun counts an uncommitted line as adoption's own change. */
function gitignoreFile(facts: RepositoryFacts, toolkitDir: string): DesiredFile {
  const gitignore = facts.files[".gitignore"];
  const line = gitignoreLine(gitignore, toolkitDir);
  const base =
    gitignore === undefined || gitignore === "" || gitignore.endsWith("\n") ? (gitignore ?? "") : `${gitignore}\n`;
  return { path: ".gitignore", kind: "gitignore", want: line === undefined ? gitignore : `${base}${line}\n` };
}

/**
 * A hand-written workflow of a generated name that also runs a publisher the toolkit does
 * not take over (a TestPyPI upload in `publish-pypi.yml`): --replace would overwrite it whole.
 */
function overwriteConflicts(
  facts: RepositoryFacts,
  rendered: ReadonlyMap<string, string>,
  inference: Inference,
): PublisherConflict[] {
  const replaced = new Set(inference.targets.flatMap((t) => t.replaced));
  const out: PublisherConflict[] = [];
  for (const p of rendered.keys()) {
    if (!(p in facts.files) || isGenerated(facts.files[p]!)) continue;
    const kept = inference.automation.filter(
      (t) => t.where.kind === "workflow" && t.where.path === p && !replaced.has(t) && t.role !== "bumps",
    );
    if (kept.length)
      out.push({
        code: "adopt.replace-stops-publishing",
        target: "the old flow",
        message: `--replace would overwrite the hand-written ${p}, which also runs ${kept.map((t) => `${describe(t)}`).join("; ")}, which the toolkit does not take over`,
        fix: `Move that step to a workflow of another name (or rename ${posix.basename(p)}), then rerun with --replace.`,
      });
  }
  return out;
}

/**
 * Hand-written workflows --replace deletes, or replaces with a generated one, that another
 * workflow still calls or waits for: refused, both named (the maintainer moves the reference).
 */
function referenceConflicts(
  facts: RepositoryFacts,
  rendered: ReadonlyMap<string, string>,
  edits: readonly OldFlowEdit[],
): PublisherConflict[] {
  const after = new Map(workflowTexts(facts).map(([p, t]) => [p, t as string | undefined]));
  const changed: ChangedWorkflow[] = [];
  // A generated workflow of the same name wins over the edit of the hand-written one.
  for (const [p, text] of rendered)
    if (p in facts.files && !isGenerated(facts.files[p]!)) {
      changed.push({ path: p, before: facts.files[p]!, after: text });
      after.set(p, text);
    }
  for (const e of edits)
    if (after.has(e.path) && !rendered.has(e.path)) {
      changed.push({ path: e.path, before: facts.files[e.path]!, after: e.want });
      after.set(e.path, e.want);
    }
  const remaining = Object.fromEntries([...after].filter((e): e is [string, string] => e[1] !== undefined));
  return brokenReferences(changed, remaining).map((message) => ({
    code: "adopt.replace-dangling",
    target: "the old flow",
    message: `--replace would leave a dangling reference: ${message}`,
    fix: "Remove or rewrite that reference by hand (or move the workflow it names aside), then rerun with --replace.",
  }));
}

/** The edits --replace makes to the old flow, and the targets that would have two publishers. */
async function publisherChanges(
  inference: Inference,
  facts: RepositoryFacts,
): Promise<{ edits: OldFlowEdit[]; conflicts: PublisherConflict[] }> {
  const replaced = [...new Set(inference.targets.filter((t) => t.decision === "replace").flatMap((t) => t.replaced))];
  const { edits, problems } = await replacementEdits(replaced, facts.files, inference.automation);
  const conflicts: PublisherConflict[] = inference.targets
    .filter((t) => t.decision === "refuse")
    .map((t) => ({
      code: t.code ?? "adopt.two-publishers",
      target: TARGET_NAMES[t.target],
      message: t.why,
      fix: t.fix ?? "",
    }));
  for (const p of problems)
    conflicts.push({
      code: p.code,
      target: "the old flow",
      message: `--replace cannot remove a publisher: ${p.message}`,
      fix: "Edit that file by hand as said, then rerun with --replace.",
    });
  return { edits, conflicts };
}
