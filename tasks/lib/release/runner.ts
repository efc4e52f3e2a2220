/**
 * The mutation runner: applies the steps in order, skipping those already done.
 * Any failure in the local steps (through `tag`) restores every file and removes the
 * commit and tag this run created. `RELEASE_FAIL_AFTER=<step id>` stops with an error
 * right after that step (for testing recovery).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ReleaseError } from "../core/errors.ts";
import * as git from "./git.ts";
import { c, log, step as progress } from "../core/log.ts";
import { localSteps, releasePaths, type Journal, type Step, type StepContext } from "./steps.ts";

export interface StepOutcome {
  id: string;
  status: "done" | "skipped";
}

export function snapshot(root: string, paths: string[]): Map<string, string | null> {
  const map = new Map<string, string | null>();
  for (const p of paths) map.set(p, existsSync(join(root, p)) ? readFileSync(join(root, p), "utf8") : null);
  return map;
}

/** Undo what this run did: tag, commit, index, files. */
export async function rollback(root: string, journal: Journal): Promise<void> {
  if (journal.createdTag) await git.deleteTag(root, journal.createdTag);
  if (journal.createdCommit && journal.origHead) await git.resetSoft(root, journal.origHead);
  const paths = [...journal.snapshots.keys()];
  await git.unstage(
    root,
    paths.filter((p) => journal.snapshots.get(p) !== null || existsSync(join(root, p))),
  );
  for (const [p, content] of journal.snapshots) {
    if (content === null) rmSync(join(root, p), { force: true });
    else writeFileSync(join(root, p), content);
  }
}

export async function executeSteps(steps: readonly Step[], ctx: Omit<StepContext, "journal">): Promise<StepOutcome[]> {
  const local = new Set(localSteps().map((s) => s.id));
  const journal: Journal = {
    origHead: await git.headSha(ctx.root),
    snapshots: snapshot(ctx.root, releasePaths(ctx)),
    createdCommit: false,
    createdTag: undefined,
  };
  const full: StepContext = { ...ctx, journal };
  const failAfter = ctx.env.RELEASE_FAIL_AFTER;
  const outcomes: StepOutcome[] = [];
  for (const s of steps) {
    try {
      if (await s.isDone(full)) {
        log(`${c.dim("·")} ${s.title} ${c.dim("(already done, or nothing to do)")}`);
        outcomes.push({ id: s.id, status: "skipped" });
      } else {
        await progress(s.title, () => s.run(full));
        outcomes.push({ id: s.id, status: "done" });
      }
      if (failAfter === s.id)
        throw new ReleaseError(
          "release.fail-after",
          `Cannot continue: stopped after step ${s.id} (RELEASE_FAIL_AFTER=${s.id})`,
          "Unset RELEASE_FAIL_AFTER and rerun.",
        );
    } catch (e) {
      if (local.has(s.id)) {
        await rollback(ctx.root, journal);
        log(
          `${c.yellow("rolled back:")} every file restored${journal.createdCommit ? ", release commit removed" : ""}${journal.createdTag ? `, tag ${journal.createdTag} deleted` : ""}`,
        );
      }
      throw e;
    }
  }
  return outcomes;
}
