/**
 * What the finalizer's runner works with: the plan, the environment its `$NAME`
 * arguments expand from, the process door (real or recorded), the publishing target,
 * and what it learns while it runs. Shared by the runner and the notarization steps.
 */
import type { RunOptions, RunResult } from "../core/exec.ts";
import { ReleaseError } from "../core/errors.ts";
import { registerSecret } from "../core/redact.ts";
import type { GitHub } from "../github/client.ts";
import type { UpdaterKeyInput } from "../signing/updater-key-resolve.ts";
import type { Submission } from "./notary-record.ts";
import type { FinalizePlan } from "./plan.ts";

export interface ProcessDoor {
  read(command: string[], opts: RunOptions): Promise<RunResult>;
  write(command: string[], opts: RunOptions): Promise<RunResult>;
}

export interface PublishContext {
  gh?: GitHub;
  repo?: string;
  tag?: string;
  /** the default tag is tagPrefix + version */
  tagPrefix: string;
  /** undefined keeps the notes already in latest.json */
  notes?: string;
  key?: UpdaterKeyInput;
  now: Date;
  /** the team every signature must carry (APPLE_TEAM_ID, macos.teamId, or the identity's) */
  teamId?: string;
}

export interface RunContext {
  /** the bundle's parent: every plan path is relative to it */
  parent: string;
  plan: FinalizePlan;
  env: NodeJS.ProcessEnv;
  door?: ProcessDoor;
  publish: PublishContext;
  /** what the runner learns while it runs */
  state?: RunState;
  /** milliseconds since the epoch (tests pass a clock of their own; nothing here sleeps) */
  clock?: () => number;
}

export interface RunState {
  /** the search list before the temporary keychain */
  searchList?: string[];
  /** cdhash of each bundle `codesign -dvvv` inspected, by plan path */
  cdhashes?: Record<string, string>;
  /** the notary submission of each file, submitted or resumed in this run */
  submissions?: Record<string, Submission>;
  /** when the run's bound on waiting for Apple ends (set by the first wait) */
  notaryDeadline?: number;
}

/** Replace `$NAME` arguments by their value from `env` (secrets registered first). */
export function expandArgs(command: readonly string[], env: NodeJS.ProcessEnv): string[] {
  return command.map((a) => {
    const m = /^\$([A-Z][A-Z0-9_]*)$/.exec(a);
    if (!m) return a;
    const value = env[m[1]!];
    if (value === undefined)
      throw new ReleaseError(
        "macos.env-missing",
        `Cannot run the plan: ${m[1]} is not set`,
        `Set ${m[1]} (the preconditions should have caught this).`,
      );
    if (/PASSWORD|TOKEN|SECRET/.test(m[1]!)) registerSecret(value);
    return value;
  });
}
