/**
 * What `gen-workflows` does, without the command line: render, compare, then write
 * (default) or report (`check`). The entry and the `workflow.drift` check share it.
 */
import { compareWorkflows, type Drift } from "./drift.ts";
import { applyWorkflows, readWorkflowFiles } from "./files.ts";
import { regenerateCommand } from "./header.ts";
import { loadTemplateContext } from "./load.ts";
import { render } from "./render.ts";

export interface GenerateResult {
  drift: Drift;
  /** the paths written or removed (empty under check) */
  touched: string[];
  /** every generated path */
  generated: string[];
  /** the command that brings the files back in line */
  fix: string;
}

export interface GenerateOptions {
  check: boolean;
  env?: NodeJS.ProcessEnv;
  /** the --repo value as the user typed it, repeated in the fix command */
  repoArg?: string;
}

export function fixCommand(toolkitDir: string, repoArg?: string): string {
  return regenerateCommand(toolkitDir) + (repoArg ? ` --repo ${JSON.stringify(repoArg)}` : "");
}

export async function generateWorkflows(root: string, opts: GenerateOptions): Promise<GenerateResult> {
  const ctx = await loadTemplateContext(root, opts.env);
  const desired = render(ctx);
  const drift = compareWorkflows(desired, readWorkflowFiles(root));
  const touched = opts.check ? [] : applyWorkflows(root, desired, drift);
  return { drift, touched, generated: [...desired.keys()], fix: fixCommand(ctx.toolkitDir, opts.repoArg) };
}
