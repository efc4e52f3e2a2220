/** The vocabulary of the cut's steps, shared by the local steps and the publishing ones. */
import type { ReleaseConfig } from "../core/config/index.ts";
import type { ReleasePlan } from "./plan.ts";
import type { PublishSession } from "./session.ts";
import type { ReleaseState } from "./state.ts";

/** What the runner did, so a failure can undo it. */
export interface Journal {
  /** HEAD before the cut */
  origHead: string | undefined;
  /** file contents before the cut (null: the file did not exist) */
  snapshots: Map<string, string | null>;
  createdCommit: boolean;
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
  /** GitHub client and options for the publishing steps (absent: they refuse) */
  publish?: PublishSession;
}

export interface Step {
  id: string;
  title: string;
  isDone(ctx: StepContext): Promise<boolean>;
  run(ctx: StepContext): Promise<void>;
}
