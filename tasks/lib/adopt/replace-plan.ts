/**
 * What adoption changes in the old release flow, and why it stops instead: the edits
 * `--replace` makes to the maintainer's files (old-flow-edit.ts), the targets that would
 * keep two publishers, and every way `--replace` would break what it leaves — a step or
 * a hand-written workflow of a generated name that also runs a publisher the toolkit does
 * not take over, a workflow that calls or waits for one it deletes or overwrites. Each
 * refusal carries its code. Pure, but for the parsers.
 */
import { posix } from "node:path";
import type { RefusalCode } from "../core/codes.ts";
import { isGenerated, WORKFLOWS_DIR } from "../workflows/header.ts";
import type { Inference } from "./infer.ts";
import { replacementEdits, type OldFlowEdit } from "./old-flow-edit.ts";
import { describe, TARGET_NAMES, type TargetPlan } from "./one-publisher.ts";
import type { OldFlow } from "./stale-docs.ts";
import { brokenReferences, type ChangedWorkflow } from "./workflow-references.ts";

export interface PublisherConflict {
  code: Extract<RefusalCode, "adopt.two-publishers" | "adopt.replace-stops-publishing" | "adopt.replace-dangling">;
  target: string;
  message: string;
  fix: string;
}

type Files = Readonly<Record<string, string>>;

const workflowTexts = (files: Files) => Object.entries(files).filter(([p]) => p.startsWith(`${WORKFLOWS_DIR}/`));

/**
 * The edits --replace makes to the old flow, and why adoption stops: targets with two
 * publishers, and (with --replace) what the edits or the generated workflows would break.
 * `rendered` are the generated workflows, by path.
 */
export async function oldFlowChanges(
  inference: Inference,
  files: Files,
  rendered: ReadonlyMap<string, string>,
  replace: boolean,
): Promise<{ edits: OldFlowEdit[]; conflicts: PublisherConflict[] }> {
  const replaced = [...new Set(inference.targets.filter((t) => t.decision === "replace").flatMap((t) => t.replaced))];
  const { edits, problems } = await replacementEdits(replaced, files, inference.automation);
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
  if (replace)
    conflicts.push(...overwriteConflicts(files, rendered, inference), ...referenceConflicts(files, rendered, edits));
  return { edits, conflicts };
}

/**
 * A hand-written workflow of a generated name that also runs a publisher the toolkit does
 * not take over (a TestPyPI upload in `publish-pypi.yml`): --replace would overwrite it whole.
 */
function overwriteConflicts(
  files: Files,
  rendered: ReadonlyMap<string, string>,
  inference: Inference,
): PublisherConflict[] {
  const replaced = new Set(inference.targets.flatMap((t) => t.replaced));
  const out: PublisherConflict[] = [];
  for (const p of rendered.keys()) {
    if (!(p in files) || isGenerated(files[p]!)) continue;
    const kept = inference.automation.filter(
      (t) => t.where.kind === "workflow" && t.where.path === p && !replaced.has(t) && t.role !== "bumps",
    );
    if (kept.length)
      out.push({
        code: "adopt.replace-stops-publishing",
        target: "the old flow",
        message: `--replace would overwrite the hand-written ${p}, which also runs ${kept.map(describe).join("; ")}, which the toolkit does not take over`,
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
  files: Files,
  rendered: ReadonlyMap<string, string>,
  edits: readonly OldFlowEdit[],
): PublisherConflict[] {
  const after = new Map(workflowTexts(files).map(([p, t]) => [p, t as string | undefined]));
  const changed: ChangedWorkflow[] = [];
  // A generated workflow of the same name wins over the edit of the hand-written one.
  for (const [p, text] of rendered)
    if (p in files && !isGenerated(files[p]!)) {
      changed.push({ path: p, before: files[p]!, after: text });
      after.set(p, text);
    }
  for (const e of edits)
    if (after.has(e.path) && !rendered.has(e.path)) {
      changed.push({ path: e.path, before: files[e.path]!, after: e.want });
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

/**
 * A publishing step a release doc tells a person to run, which --replace hands to the
 * toolkit: adoption does not rewrite prose, so the line is listed for the maintainer.
 */
export function withReplacedDocSteps(oldFlow: OldFlow, targets: readonly TargetPlan[], files: Files): OldFlow {
  const lines = [...oldFlow.lines];
  for (const t of targets.filter((t) => t.decision === "replace"))
    for (const { where, tool } of t.replaced) {
      if (where.kind !== "doc" || lines.some((l) => l.doc === where.path && l.line === where.line)) continue;
      lines.push({
        doc: where.path,
        line: where.line,
        text: files[where.path]?.split(/\r?\n/)[where.line - 1]?.trim() ?? "",
        why: `publishes to ${TARGET_NAMES[t.target]} by hand (${tool}); ${t.toolkit} does it now: remove this step`,
      });
    }
  lines.sort((a, b) => a.doc.localeCompare(b.doc) || a.line - b.line);
  return { ...oldFlow, lines };
}
