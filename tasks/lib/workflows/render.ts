/**
 * Pure rendering: template context in, `Map<path, text>` out. Keys come out in the
 * fixed order (workflow, job, step), multi-line `run:` as literal block scalars, no
 * line folding, action pins with their version as a YAML comment. Nothing is read or
 * written here; writing and `--check` share this output.
 */
import { TEMPLATES } from "../../../templates/index.ts";
import type { TemplateContext } from "../../../templates/context.ts";
import { hasExpression } from "../../../templates/expr.ts";
import { unpinnedInPrivilegedJobs, type UnpinnedUse } from "../../../templates/pins.ts";
import {
  JOB_KEYS,
  STEP_KEYS,
  WORKFLOW_KEYS,
  type ActionRef,
  type Step,
  type Workflow,
  type WorkflowTemplate,
} from "../../../templates/types.ts";
import { ReleaseError } from "../core/errors.ts";
import { header, WORKFLOWS_DIR } from "./header.ts";
import { yaml } from "./yaml.ts";

/** Copy `obj` with its keys in `order`; undefined values dropped (no `undefined` in the output). */
function ordered<T extends object>(obj: T, order: readonly string[]): Record<string, unknown> {
  const rec = obj as Record<string, unknown>;
  const unknown = Object.keys(rec).filter((k) => !order.includes(k));
  if (unknown.length) throw new Error(`bug: keys outside the fixed order: ${unknown.join(", ")}`);
  return Object.fromEntries(order.filter((k) => rec[k] !== undefined).map((k) => [k, rec[k]]));
}

/** Action references become `owner/name@ref` strings; their comments are kept aside. */
function stepNode(step: Step, where: string, comments: Map<string, string>): Record<string, unknown> {
  if ("run" in step && hasExpression(step.run)) {
    throw new Error(`bug: ${where} expands an expression inside run:; pass the value through env: instead`);
  }
  const out = ordered(step, STEP_KEYS);
  if ("uses" in step) {
    const ref: ActionRef = step.uses;
    const text = `${ref.action}@${ref.ref}`;
    if (ref.comment) comments.set(text, ref.comment);
    out.uses = text;
  }
  return out;
}

function workflowNode(wf: Workflow, file: string, comments: Map<string, string>): Record<string, unknown> {
  const jobs = Object.fromEntries(
    Object.entries(wf.jobs).map(([id, job]) => {
      const node = ordered(job, JOB_KEYS);
      node.steps = job.steps.map((s, i) => stepNode(s, `${file} job ${id} step ${i + 1} (${s.name})`, comments));
      return [id, node];
    }),
  );
  return { ...ordered(wf, WORKFLOW_KEYS), jobs };
}

/** YAML text of one workflow, byte-stable for the same input. */
export function renderWorkflow(wf: Workflow, file: string): string {
  const { Document, isMap, isPair, isScalar, Scalar, visit } = yaml();
  const comments = new Map<string, string>();
  const doc = new Document(workflowNode(wf, file, comments));
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && node.value.includes("\n")) node.type = Scalar.BLOCK_LITERAL;
    },
    Pair(_key, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === "uses" && isScalar(pair.value)) {
        const comment = comments.get(String(pair.value.value));
        if (comment) pair.value.comment = ` ${comment}`;
      }
    },
  });
  if (!isMap(doc.contents)) throw new Error("bug: a workflow must render to a mapping");
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true });
}

export const workflowPath = (name: string): string => `${WORKFLOWS_DIR}/${name}.yml`;

/** Every configured workflow: repository-relative path → full file text (header included). */
export function render(
  ctx: TemplateContext,
  templates: Record<string, WorkflowTemplate<TemplateContext>> = TEMPLATES,
): Map<string, string> {
  const files = new Map<string, string>();
  const unpinned: (UnpinnedUse & { path: string })[] = [];
  for (const name of ctx.generate) {
    const template = templates[name];
    if (!template) throw new Error(`bug: no template named ${name}`);
    const path = workflowPath(template.name);
    const wf = template.build(ctx);
    if (ctx.requirePins) unpinned.push(...unpinnedInPrivilegedJobs(wf).map((u) => ({ ...u, path })));
    files.set(path, header(template.source, ctx.toolkitDir) + renderWorkflow(wf, path));
  }
  if (unpinned.length) throw unpinnedError(unpinned);
  return files;
}

/** workflows.requirePins refuses the whole rendering: nothing is written with a movable reference in a privileged job. */
function unpinnedError(uses: (UnpinnedUse & { path: string })[]): ReleaseError {
  const actions = [...new Set(uses.map((u) => `${u.action}@${u.ref}`))];
  const where = [...new Set(uses.map((u) => `${u.path.replace(`${WORKFLOWS_DIR}/`, "")}#${u.job}`))];
  const example = uses[0]!.action;
  return new ReleaseError(
    "config.invalid",
    `Cannot render the workflows: workflows.requirePins is on and privileged jobs (${where.join(", ")}) use actions not pinned to a commit SHA: ${actions.join(", ")}`,
    `Pin each in workflows.actions of release.config.ts with its full commit SHA and version, e.g. { "${example}": "<40-hex commit sha> # <version>" }, or turn requirePins off.`,
  );
}
