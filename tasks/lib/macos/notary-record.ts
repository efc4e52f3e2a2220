/**
 * The finalizer's record of its notary submissions, `<output-dir>/notarization.json`.
 * It is written right after a submission, before any waiting, so a run that stops
 * (its bound reached, the job timed out, the runner lost) leaves the id behind; the
 * next run finds it and waits for that submission instead of submitting the same
 * bundle again. The generated workflow keeps the file as an artifact of the run
 * (`notarization-<target>`), because a re-run job starts on a fresh runner while the
 * run's artifacts stay. It holds ids and hashes, no secret.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { ReleaseError } from "../core/errors.ts";

export interface Submission {
  /** the submitted file, as the plan names it (relative to the bundle's parent) */
  file: string;
  id: string;
  /** sha256 of the submitted file: the same bytes */
  sha256?: string;
  /** cdhash of the app inside it: the same signed code, which a ticket is issued for */
  cdhash?: string;
  submitted: string;
  status: string;
  updated: string;
}

export interface NotaryRecord {
  version: 1;
  submissions: Submission[];
}

export const emptyRecord = (): NotaryRecord => ({ version: 1, submissions: [] });

/**
 * The submission to resume for a file about to be submitted: the newest one of the
 * same file with the same bytes, or with the same signed code (a bundle signed again
 * has new bytes and the same cdhash, and Apple's ticket is keyed by the cdhash).
 */
export function resumable(
  record: NotaryRecord,
  want: { file: string; sha256?: string; cdhash?: string },
): Submission | undefined {
  const same = (s: Submission) =>
    s.file === want.file &&
    ((want.sha256 !== undefined && s.sha256 === want.sha256) ||
      (want.cdhash !== undefined && s.cdhash === want.cdhash));
  return record.submissions.filter(same).at(-1);
}

/** The record with one submission added or its status changed (matched by file and id). */
export function withSubmission(record: NotaryRecord, s: Submission): NotaryRecord {
  const others = record.submissions.filter((x) => x.id !== s.id || x.file !== s.file);
  return { ...record, submissions: [...others, s] };
}

export function readRecord(path: string): NotaryRecord {
  if (!existsSync(path)) return emptyRecord();
  try {
    const doc = JSON.parse(readFileSync(path, "utf8")) as NotaryRecord;
    if (doc.version !== 1 || !Array.isArray(doc.submissions)) throw new Error("not a version-1 record");
    return doc;
  } catch (e) {
    throw new ReleaseError(
      "macos.notarize-record",
      `Cannot read the notarization record ${path}: ${(e as Error).message}`,
      "Delete the file to submit again from scratch, or restore it from the run's notarization artifact.",
    );
  }
}

/** Written whole, then renamed over the old one: a run killed mid-write leaves the previous record. */
export function writeRecord(path: string, record: NotaryRecord): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
