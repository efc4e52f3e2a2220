/**
 * Workflows that refer to another by its file or its name: a job that calls it as a
 * reusable workflow (`uses: ./.github/workflows/publish.yml`) and a workflow started
 * when it finishes (`on.workflow_run.workflows: [Publish]`). When `--replace` deletes a
 * hand-written workflow, or a generated one takes its place (no `workflow_call`, its own
 * name), such a reference would be left dangling: adoption refuses and names both. Pure.
 */
import { posix } from "node:path";
import { rec } from "../core/records.ts";
import { parseWorkflow, type Workflow } from "../workflows/read.ts";

export interface ChangedWorkflow {
  path: string;
  /** the text it had */
  before: string;
  /** the text it will have; undefined when it is deleted */
  after: string | undefined;
}

/** The name other workflows know it by: its `name:`, else its path (GitHub's default). */
const nameOf = (w: Workflow, path: string) => {
  const name = rec(w.doc).name;
  return typeof name === "string" ? name : path;
};

const callsOf = (w: Workflow) => w.jobs.filter((j) => typeof j.uses === "string" && !j.uses.includes("@"));
const listensTo = (w: Workflow): string[] => {
  const run = rec(rec(rec(w.doc).on).workflow_run).workflows;
  return (Array.isArray(run) ? run : [run]).filter((x): x is string => typeof x === "string");
};

/**
 * Why each changed workflow would leave another referring to what is gone: a caller
 * of a workflow deleted or no longer callable, a listener of a name no longer there.
 * `remaining` are the other workflows as they will be (path → text).
 */
export function brokenReferences(
  changed: readonly ChangedWorkflow[],
  remaining: Readonly<Record<string, string>>,
): string[] {
  const out: string[] = [];
  for (const c of changed) {
    const before = parseWorkflow(posix.basename(c.path), c.before);
    const after = c.after === undefined ? undefined : parseWorkflow(posix.basename(c.path), c.after);
    const callable = after !== undefined && "workflow_call" in after.triggers.events;
    const name = nameOf(before, c.path);
    for (const [path, text] of Object.entries(remaining)) {
      if (path === c.path) continue;
      const other = parseWorkflow(posix.basename(path), text);
      for (const job of callsOf(other))
        if (!callable && posix.normalize(job.uses!).endsWith(c.path))
          out.push(
            `${path} (job ${job.id}) calls ${c.path} as a reusable workflow, which --replace ${c.after === undefined ? "deletes" : "replaces with one that cannot be called"}`,
          );
      if (listensTo(other).includes(name) && (after === undefined || nameOf(after, c.path) !== name))
        out.push(
          `${path} runs when workflow "${name}" (${c.path}) finishes, which --replace ${c.after === undefined ? "deletes" : "renames"}`,
        );
    }
  }
  return out;
}
