/** What one run of the release cut reports (printed with --json), and how it is called. */
import type { CheckResult } from "../core/checks/types.ts";
import type { ReleaseConfig } from "../core/config/index.ts";
import type { WorkflowWatch } from "../github/watch.ts";
import type { ReleasePlan } from "../release/plan.ts";
import type { StepOutcome } from "../release/runner.ts";
import type { PublishSession } from "../release/session.ts";
import type { Recovery } from "../release/restore.ts";
import type { ReleaseState } from "../release/state.ts";
import type { FlowOptions } from "../core/cli.ts";

export interface MainOptions extends FlowOptions {
  now?: Date;
  /** adjust the loaded config (the rehearsal points it at the stand-in) */
  configOverride?: (config: ReleaseConfig) => ReleaseConfig;
  /** receives the report; with `emitJson: false` --json prints nothing (the caller does) */
  onReport?: (report: ReleaseReport) => void;
  emitJson?: boolean;
}

export interface ReleaseReport {
  state: ReleaseState;
  plan: ReleasePlan;
  checks: CheckResult[];
  blocked: boolean;
  steps?: StepOutcome[];
  release?: PublishSession["release"];
  /** the repository's immutable-releases setting as the operator's token read it */
  immutable?: PublishSession["immutable"];
  /** the dispatched builds and the promised assets, as last seen */
  builds?: PublishSession["builds"];
  /** set when the cut stopped at the draft: what it still waits for (resume with `--yes`) */
  waiting?: PublishSession["waiting"];
  /** after publishing: published, immutable, digests, attestation */
  verification?: PublishSession["verification"];
  fanOut?: WorkflowWatch[];
  error?: { code: string; message: string; fix: string | null };
  /** what this run did first about a cut interrupted by a crash */
  recovered?: Recovery;
}
