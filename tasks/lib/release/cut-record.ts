/**
 * The record of a cut in progress: `.git/release-cut.json`, written (atomically)
 * before the cut's first change and removed once its local part (commit and tag) is
 * complete. Git and the files alone cannot tell a half-written cut from the
 * operator's own edits; this record can, so a rerun after a crash restores only what
 * the cut did. It lives in the git directory: never committed, never in the tree.
 */
import { existsSync, readFileSync } from "node:fs";
import { removeAt, writeFileAtomic } from "../core/boundary.ts";
import { ReleaseError } from "../core/errors.ts";
import * as git from "./git.ts";

export interface CutRecord {
  /** format version */
  format: 1;
  tag: string;
  target: string;
  commitMessage: string;
  /** HEAD before the cut; the tree was clean, so every file's pre-cut content is this commit's */
  origHead: string;
  /** what the release commit stages (version files, CHANGELOG, lockfiles, releaseFiles) */
  pathspecs: string[];
}

export const RECORD_NAME = "release-cut.json";

const files = new Map<string, string>();

/** Where the record lives (asked of git once per repository: worktrees have their own git dir). */
export async function recordFile(root: string): Promise<string> {
  let file = files.get(root);
  if (!file) files.set(root, (file = await git.gitPath(root, RECORD_NAME)));
  return file;
}

/** The interrupted cut's record, or undefined. An unreadable record is reported, not guessed at. */
export async function readCutRecord(root: string): Promise<CutRecord | undefined> {
  const file = await recordFile(root);
  if (!existsSync(file)) return undefined;
  let data: CutRecord | undefined;
  try {
    data = JSON.parse(readFileSync(file, "utf8")) as CutRecord;
  } catch {
    data = undefined;
  }
  if (data?.format !== 1 || typeof data.origHead !== "string" || typeof data.tag !== "string")
    throw new ReleaseError(
      "release.interrupted",
      `Cannot read the record of an interrupted cut: .git/${RECORD_NAME} is not one this toolkit wrote`,
      `Look at git status and git log; put the tree as you want it, then delete .git/${RECORD_NAME} and rerun.`,
    );
  return data;
}

export async function writeCutRecord(root: string, record: CutRecord): Promise<void> {
  writeFileAtomic(await recordFile(root), `${JSON.stringify(record, null, 2)}\n`, `.git/${RECORD_NAME}`);
}

export async function removeCutRecord(root: string): Promise<void> {
  removeAt(await recordFile(root), `.git/${RECORD_NAME}`);
}
