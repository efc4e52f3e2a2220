/**
 * The mutation runner: applies the steps in order, skipping those already done.
 * A fresh cut carries its record (cut-record.ts), written before the first change and
 * removed once the tag exists; any failure in the local steps restores the pre-cut
 * state from it (restore.ts) and says so only after verifying it. A rerun that resumes
 * (HEAD is the release commit) has no record: a failure then only removes the tag
 * this run made. A step that pauses (the draft waiting for its assets under
 * --no-watch) ends the run without failing; the steps after it are for a later run.
 * `RELEASE_FAIL_AFTER=<step id>` stops with an error right after that step (for
 * testing recovery).
 */
import { ReleaseError } from "../core/errors.ts";
import * as git from "./git.ts";
import { c, log, step as progress } from "../core/log.ts";
import { removeCutRecord, type CutRecord } from "./cut-record.ts";
import { describeRestore, restorePreCut } from "./restore.ts";
import { localSteps, type Journal, type Step, type StepContext } from "./steps.ts";

export interface StepOutcome {
  id: string;
  /** "waiting": the step paused the cut (the draft waits for its assets; a later `--yes` resumes) */
  status: "done" | "skipped" | "waiting";
}

/**
 * Restore the pre-cut state after `cause` and remove the record; the error thrown
 * says what was restored (verified), or why it could not be.
 */
export async function undoCut(root: string, record: CutRecord, cause: unknown): Promise<never> {
  const why = cause instanceof Error ? cause.message : String(cause);
  let restored: string;
  try {
    restored = describeRestore(await restorePreCut(root, record));
    await removeCutRecord(root);
  } catch (e) {
    if (e instanceof ReleaseError) throw new ReleaseError(e.code, `${why}\n\nThen, restoring: ${e.message}`, e.fix);
    throw e;
  }
  const line = `restored the state before the cut (verified byte for byte against ${record.origHead.slice(0, 12)}): ${restored}`;
  log(`${c.yellow("rolled back:")} ${line}`);
  if (cause instanceof ReleaseError)
    throw new ReleaseError(cause.code, `${cause.message}\n\nRolled back: ${line}.`, cause.fix);
  throw cause;
}

export async function executeSteps(steps: readonly Step[], ctx: Omit<StepContext, "journal">): Promise<StepOutcome[]> {
  const local = new Set(localSteps().map((s) => s.id));
  const journal: Journal = { createdTag: undefined };
  const full: StepContext = { ...ctx, journal };
  const failAfter = ctx.env.RELEASE_FAIL_AFTER;
  const outcomes: StepOutcome[] = [];
  let record = ctx.record;
  for (const s of steps) {
    try {
      if (await s.isDone(full)) {
        log(`${c.dim("·")} ${s.title} ${c.dim("(already done, or nothing to do)")}`);
        outcomes.push({ id: s.id, status: "skipped" });
      } else if ((await progress(s.title, () => s.run(full))) === "pause") {
        outcomes.push({ id: s.id, status: "waiting" });
        return outcomes;
      } else outcomes.push({ id: s.id, status: "done" });
      if (failAfter === s.id)
        throw new ReleaseError(
          "release.fail-after",
          `Cannot continue: stopped after step ${s.id} (RELEASE_FAIL_AFTER=${s.id})`,
          "Unset RELEASE_FAIL_AFTER and rerun.",
        );
      // The local part is complete: from here on a rerun resumes from git and origin alone.
      if (s.id === "tag" && record) {
        await removeCutRecord(ctx.root);
        record = undefined;
      }
    } catch (e) {
      if (local.has(s.id)) {
        if (record) await undoCut(ctx.root, record, e);
        if (journal.createdTag) {
          await git.deleteTag(ctx.root, journal.createdTag);
          log(
            `${c.yellow("rolled back:")} tag ${journal.createdTag} deleted (the release commit was an earlier run's; kept)`,
          );
        }
      }
      throw e;
    }
  }
  return outcomes;
}
