/**
 * Everything adoption would write, decided from the facts alone: the config (merged
 * with one that exists), the workflows rendered from it, the toolkit's files, the
 * helper prompt and the `.gitignore` line. Pure; the command reads the repository's
 * current texts and hands both to the planner.
 */
import { posix } from "node:path";
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
import type { OldFlowEdit } from "./old-flow-edit.ts";
import { oldFlowChanges, withReplacedDocSteps, type PublisherConflict } from "./replace-plan.ts";
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
  const existing = loadableConfig(facts);
  const theirs = existing?.value as Tree | undefined;
  const oldFlow = await oldFlowOf(facts, inference, opts.toolkitDir);
  const handWritten = existing !== undefined && !isAdoptWritten(existing.text);

  // The workflows first (they do not depend on the secrets), then the secrets they read.
  const previous = existing ? previousSources(existing.text) : new Map<string, string>();
  const first = merge(inference.values, inference.questions, theirs, previous);
  const rendered = fitting(() => renderWorkflows(first.tree), existing !== undefined);
  const changes = await oldFlowChanges(inference, facts.files, rendered, opts.replace === true);
  const { edits: oldFlowEdits, conflicts: publisherConflicts } = changes;
  const kept = keptWorkflows(facts, rendered, oldFlowEdits);
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

/** The old release flow in docs and helper prompts, and the doc steps --replace hands to the toolkit. */
async function oldFlowOf(facts: RepositoryFacts, inference: Inference, toolkitDir: string): Promise<OldFlow> {
  const docs = await findOldFlow(facts, { toolkitDir, skip: (p) => p === SKILL_PATH });
  return withReplacedDocSteps(docs, inference.targets, facts.files);
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
