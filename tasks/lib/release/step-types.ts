/** The vocabulary of the cut's steps, shared by the local steps and the publishing ones. */
import type { ReleaseConfig } from "../core/config/index.ts";
import type { CutRecord } from "./cut-record.ts";
import type { ReleasePlan } from "./plan.ts";
import type { PublishSession } from "./session.ts";
import type { ReleaseState } from "./state.ts";

/** What this run did that the record does not say (a rerun that resumes has no record). */
export interface Journal {
  createdTag: string | undefined;
}

export interface StepContext {
  root: string;
  config: ReleaseConfig;
  state: ReleaseState;
  /** a plan with a target (the runner refuses one without) */
  plan: ReleasePlan & { target: string; tag: string; commitMessage: string };
  env: NodeJS.ProcessEnv;
  journal: Journal;
  /** what the release commit stages (see releasePathspecs) */
  pathspecs: string[];
  /** the record of this cut (absent when resuming a cut whose local part is done) */
  record?: CutRecord;
  /** GitHub client and options for the publishing steps (absent: they refuse) */
  publish?: PublishSession;
}

export interface Step {
  id: string;
  title: string;
  isDone(ctx: StepContext): Promise<boolean>;
  /** "pause": the cut stops here without failing (a later `--yes` resumes from this step) */
  run(ctx: StepContext): Promise<void | "pause">;
}
