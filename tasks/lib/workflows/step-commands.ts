/**
 * The commands each `run:` step executes, parsed once per doctor run and shared by
 * the checks that read them (missing scripts, `npm ci`, `npx`, `tauri build`,
 * `codesign`...). The parser is loaded only when a check asks.
 */
import type { CheckContext } from "../core/checks/types.ts";
import { memoFact } from "../core/checks/facts.ts";
import { workflowsOf, type Job, type Step, type Workflow } from "./read.ts";
import type { ShellCommand } from "./shell.ts";

export interface StepCommands {
  workflow: Workflow;
  job: Job;
  step: Step;
  /** index of the step in its job */
  index: number;
  commands: readonly ShellCommand[];
}

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    "workflows.commands"?: Promise<StepCommands[]>;
  }
}

/** A step as people name it in messages: its name, its action, else its position. */
export const stepLabel = (s: Step, index: number) => s.name ?? s.id ?? s.uses ?? `step ${index + 1}`;

/** `file (job J, step "S")`, the way every workflow check names a step. */
export const stepWhere = (w: Workflow, job: Job, s: Step, index: number) =>
  `${w.path} (job ${job.id}, step "${stepLabel(s, index)}")`;

/** Whether a step runs in a shell the parser reads (bash/sh; not pwsh, python or cmd). */
const isPosixShell = (s: Step, job: Job) =>
  s.shell ? /^(bash|sh)\b/.test(s.shell) : !/windows/i.test(job.runsOn ?? ""); // Windows runners default to pwsh

export async function readStepCommands(ws: readonly Workflow[]): Promise<StepCommands[]> {
  const { shellCommands } = await import("./shell.ts");
  const out: StepCommands[] = [];
  for (const w of ws)
    for (const job of w.jobs)
      for (const [index, step] of job.steps.entries()) {
        const commands = step.run && isPosixShell(step, job) ? await shellCommands(step.run) : [];
        out.push({ workflow: w, job, step, index, commands });
      }
  return out;
}

export const stepCommandsOf = (ctx: CheckContext): Promise<StepCommands[]> =>
  memoFact(ctx, "workflows.commands", async () => readStepCommands(await workflowsOf(ctx)));
