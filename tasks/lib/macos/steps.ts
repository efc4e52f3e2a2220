/** The vocabulary of the finalizer's plan: one step is one command (or one in-process action). */
export const STEP_KINDS = [
  "codesign",
  "verify",
  "notarize",
  "staple",
  "archive",
  "updater-sign",
  "dmg",
  "manifest",
  "upload",
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface PlanStep {
  kind: StepKind;
  /** argv, run from the bundle's parent; `node:*` programs are done in-process */
  command: string[];
  /** the paths the step acts on, relative to the bundle's parent */
  paths: string[];
}

/** Placeholder for a secret taken from the environment when the step runs (never in the plan). */
export const envRef = (name: string) => `$${name}`;
