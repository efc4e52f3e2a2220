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
  /** notarize steps: submit (or resume) and record, or wait within the run's bound */
  notary?: NotaryStep;
}

export interface NotaryStep {
  role: "submit" | "wait";
  /** the record of submissions (relative to the bundle's parent), read before submitting, written after */
  record: string;
  /** submit: the bundle whose signature's cdhash identifies the code (a resubmission of the same code is skipped) */
  cdhashOf?: string;
  /** wait: the run's bound on waiting for Apple, in minutes, shared by every wait of the run */
  timeoutMinutes?: number;
}

/** Placeholder for a secret taken from the environment when the step runs (never in the plan). */
export const envRef = (name: string) => `$${name}`;
