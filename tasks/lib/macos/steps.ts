/** The vocabulary of the finalizer's plan: one step is one command (or one in-process action). */
import type { PlannedEntry } from "../updater/manifest.ts";

export const STEP_KINDS = [
  "keychain",
  "clean",
  "codesign",
  "verify",
  "inspect",
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
  /** manifest steps: every latest.json entry it writes (platform key -> asset and its .sig) */
  entries?: PlannedEntry[];
}

/** Placeholder for a secret taken from the environment when the step runs (never in the plan). */
export const envRef = (name: string) => `$${name}`;
