/**
 * The vocabulary of the finalizer's plan: a step runs one program through the process
 * door, or is one action the runner does in its own process (decoding the certificate,
 * the updater archive, latest.json, the upload). Both show a `command` in the plan.
 */
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

interface StepBase {
  kind: StepKind;
  /** argv as the plan shows it, from the bundle's parent */
  command: string[];
  /** the paths the step acts on, relative to the bundle's parent */
  paths: string[];
}

/** A program the runner starts through the process door, with `command` as its argv. */
export interface ProgramStep extends StepBase {
  kind: Exclude<StepKind, "manifest" | "upload">;
  /** notarize steps: submit (or resume) and record, or wait within the run's bound */
  notary?: NotaryStep;
}

/**
 * An action the runner does in its own process; its `command` (`node:<what> ...`) only
 * shows it in the plan and is never run.
 */
export type InProcessStep =
  /** APPLE_CERTIFICATE's base64 written to the .p12 the keychain imports */
  | (StepBase & { kind: "keychain"; inProcess: "write-certificate" })
  /** the decoded .p12 removed (a cleanup step) */
  | (StepBase & { kind: "keychain"; inProcess: "remove-file" })
  /** the updater's `.app.tar.gz`: paths are the app, then the archive */
  | (StepBase & { kind: "archive"; inProcess: "updater-archive" })
  /** latest.json merged with the release's and written; every entry it writes is listed */
  | (StepBase & { kind: "manifest"; inProcess: "latest-json"; entries: PlannedEntry[] })
  /** the artifacts uploaded to the release's draft */
  | (StepBase & { kind: "upload"; inProcess: "upload" });

export type PlanStep = ProgramStep | InProcessStep;

/** The step as `--plan --json` prints it: how the runner does it in-process is its own business. */
export function shownStep(s: PlanStep): Omit<PlanStep, "inProcess"> {
  if (!("inProcess" in s)) return s;
  const { inProcess: _, ...shown } = s;
  return shown;
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
