/**
 * One error type for refusals, with a fix. Messages read "Cannot <action>: <state>";
 * `fix` says what to run or change. A `UsageError` is a wrong command line (exit 2);
 * anything else that escapes is a bug.
 */
import type { ErrorCode } from "./codes.ts";

export class ReleaseError extends Error {
  override name = "ReleaseError";
  constructor(
    /** stable code from the registry (`codes.ts`), often a check id such as `git.dirty` */
    readonly code: ErrorCode,
    message: string,
    readonly fix?: string,
  ) {
    super(message);
  }
}

export class UsageError extends Error {
  override name = "UsageError";
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export function isReleaseError(e: unknown): e is ReleaseError {
  return e instanceof ReleaseError;
}
