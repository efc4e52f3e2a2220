/**
 * The check registry's vocabulary. A check has a stable dotted id, a title, and a
 * `run` that returns pass/warn/fail/skip with a message and, when it is not a pass,
 * a fix. Checks never mutate anything.
 */
import type { CheckId } from "../codes.ts";
import type { ReleaseConfig } from "../config/load.ts";

export type CheckStatus = "pass" | "warn" | "fail" | "skip";

export interface CheckOutcome {
  status: CheckStatus;
  message: string;
  fix?: string | null;
}

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  message: string;
  fix: string | null;
}

/**
 * What a check may look at. Entries fill in what they have; a check whose input is
 * missing returns `skip` with the reason. Area-specific facts go in `facts`.
 */
export interface CheckContext {
  root: string;
  config: ReleaseConfig;
  env: NodeJS.ProcessEnv;
  now: Date;
  /** the network may not be used */
  offline?: boolean;
  /** facts gathered once and shared by several checks (keyed by area) */
  facts: CheckFacts;
}

/**
 * The facts checks share, one key per area. Each area declares its own keys by
 * augmenting this interface next to the code that gathers them, so a fact is read
 * with its type and the core layer names no domain.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by module augmentation in each area
export interface CheckFacts {}

export interface Check<C extends CheckContext = CheckContext> {
  id: CheckId;
  title: string;
  /** slow checks (preflight commands) are skipped by --skip-checks and run one at a time */
  slow?: boolean;
  run(ctx: C): Promise<CheckOutcome>;
}

export const pass = (message: string): CheckOutcome => ({ status: "pass", message });
export const skip = (message: string): CheckOutcome => ({ status: "skip", message });
export const warn = (message: string, fix?: string): CheckOutcome => ({ status: "warn", message, fix: fix ?? null });
export const fail = (message: string, fix: string): CheckOutcome => ({ status: "fail", message, fix });
