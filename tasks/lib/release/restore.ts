/**
 * Putting the tree back as it was before a cut, and proving it. Before the cut the
 * tree was clean, so its state is HEAD then (`origHead`): every path that differs
 * now was written by the cut, a preflight command or a commit hook. Restoring is
 * therefore git's own: remove the tag the cut made, move HEAD back over the release
 * commit, reset the index, rewrite changed files from it, delete files that are new.
 * Then every restored file is hashed from disk (no filters) and compared with its
 * blob in `origHead`: "restored" is said only when that holds.
 */
import { existsSync, readdirSync, rmdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { removeAt } from "../core/boundary.ts";
import { ReleaseError } from "../core/errors.ts";
import { RECORD_NAME, readCutRecord, recordFile, removeCutRecord, type CutRecord } from "./cut-record.ts";
import * as git from "./git.ts";

export interface RestoreOutcome {
  /** tracked files rewritten to their pre-cut bytes */
  rewritten: string[];
  /** files the cut or a hook created, deleted */
  removed: string[];
  commitRemoved: boolean;
  tagDeleted: boolean;
}

export function describeRestore(o: RestoreOutcome): string {
  const parts = [
    o.rewritten.length
      ? `${o.rewritten.length} file(s) rewritten to their pre-cut content (${o.rewritten.join(", ")})`
      : "",
    o.removed.length ? `${o.removed.length} new file(s) removed (${o.removed.join(", ")})` : "",
    o.commitRemoved ? "the release commit removed" : "",
    o.tagDeleted ? "the tag deleted" : "",
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "nothing had changed yet";
}

/** Remove empty folders left by deleted new files, up to (not including) the root. */
function pruneEmptyDirs(root: string, path: string): void {
  for (let dir = dirname(path); dir !== "." && dir !== "/" && dir !== ""; dir = dirname(dir)) {
    const abs = join(root, dir);
    if (!existsSync(abs) || readdirSync(abs).length) return;
    rmdirSync(abs);
  }
}

export async function restorePreCut(root: string, record: CutRecord): Promise<RestoreOutcome> {
  const outcome: RestoreOutcome = { rewritten: [], removed: [], commitRemoved: false, tagDeleted: false };
  // The tag was free before the cut (git.tag-exists), so a local one is this cut's; it was never pushed.
  if ((await git.localTagCommit(root, record.tag)) !== undefined) {
    await git.deleteTag(root, record.tag);
    outcome.tagDeleted = true;
  }
  const head = await git.headSha(root);
  if (head !== record.origHead) {
    const ours =
      head !== undefined &&
      (await git.headSubject(root)) === record.commitMessage &&
      (await git.parentOf(root, head)) === record.origHead;
    if (!ours)
      throw new ReleaseError(
        "release.restore-refused",
        `Cannot restore the state before the cut of ${record.tag}: HEAD (${head?.slice(0, 12) ?? "none"}) is neither ${record.origHead.slice(0, 12)} nor its release commit`,
        "Someone committed since; look at `git log` and `git status`, put the tree as you want it, then delete .git/release-cut.json and rerun.",
      );
    await git.resetSoft(root, record.origHead);
    outcome.commitRemoved = true;
  }
  await git.resetIndex(root);
  const changed = await git.dirtyPaths(root);
  const blobs = await git.blobsAt(root, record.origHead, changed);
  const tracked = changed.filter((p) => blobs.has(p));
  const added = changed.filter((p) => !blobs.has(p));
  await git.checkoutFromIndex(root, tracked);
  for (const p of added) {
    removeAt(join(root, p), p);
    pruneEmptyDirs(root, p);
  }
  outcome.rewritten = tracked;
  outcome.removed = added;
  await verifyRestored(root, record, tracked, added);
  return outcome;
}

/** Byte-for-byte: each rewritten file hashes to its blob in origHead, each removed file is gone, nothing else differs. */
async function verifyRestored(root: string, record: CutRecord, tracked: string[], added: string[]): Promise<void> {
  const problems: string[] = [];
  const want = await git.blobsAt(root, record.origHead, tracked);
  const have = await git.hashFiles(
    root,
    tracked.filter((p) => existsSync(join(root, p))),
  );
  let i = 0;
  for (const p of tracked) {
    if (!existsSync(join(root, p))) problems.push(`${p} (missing)`);
    else if (have[i++] !== want.get(p)) problems.push(`${p} (content differs)`);
  }
  for (const p of added) if (existsSync(join(root, p))) problems.push(`${p} (still present)`);
  if ((await git.headSha(root)) !== record.origHead) problems.push("HEAD");
  for (const p of await git.dirtyPaths(root)) if (!problems.some((x) => x.startsWith(p))) problems.push(p);
  if (problems.length)
    throw new ReleaseError(
      "release.restore-incomplete",
      `Cannot restore the state before the cut of ${record.tag}: still different from ${record.origHead.slice(0, 12)}: ${problems.join(", ")}`,
      `Restore them by hand (git status; git checkout ${record.origHead.slice(0, 12)} -- <path>), then delete .git/release-cut.json.`,
    );
}

export interface Recovery {
  tag: string;
  /** finished: the release commit was complete, the cut resumes from it; restored: back to the pre-cut state */
  action: "finished" | "restored";
  detail: string;
}

/**
 * A rerun's first act when a cut was interrupted (its record is in .git/). When the
 * release commit is complete (HEAD is it, on top of the recorded HEAD, tree clean) the
 * cut resumes from it; in any other intermediate state every file is restored to the
 * pre-cut state (verified) and the cut starts again. Either way the record goes.
 */
export async function recoverInterrupted(root: string): Promise<Recovery | undefined> {
  const record = await readCutRecord(root);
  if (!record) {
    // A kill between writing the record's temp file and renaming it: nothing else was written.
    const tmp = `${await recordFile(root)}.tmp`;
    if (existsSync(tmp)) removeAt(tmp, `.git/${RECORD_NAME}.tmp`);
    return undefined;
  }
  const head = await git.headSha(root);
  const complete =
    head !== undefined &&
    head !== record.origHead &&
    (await git.headSubject(root)) === record.commitMessage &&
    (await git.parentOf(root, head)) === record.origHead &&
    (await git.dirtyPaths(root)).length === 0;
  if (complete) {
    await removeCutRecord(root);
    return {
      tag: record.tag,
      action: "finished",
      detail: `its release commit ${head.slice(0, 12)} is complete; resuming from it`,
    };
  }
  const outcome = await restorePreCut(root, record);
  await removeCutRecord(root);
  return {
    tag: record.tag,
    action: "restored",
    detail: `restored the state before it (verified byte for byte against ${record.origHead.slice(0, 12)}): ${describeRestore(outcome)}`,
  };
}
