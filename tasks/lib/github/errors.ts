/**
 * Turning an Octokit failure into a refusal a person can act on: what was attempted,
 * what GitHub said, and what to do. Tokens never appear (the text is redacted, and
 * Octokit's own error carries no Authorization value).
 */
import type { ErrorCode } from "../core/codes.ts";
import { ReleaseError } from "../core/errors.ts";
import { redact } from "../core/redact.ts";

export interface HttpFailure {
  status?: number;
  message: string;
}

/** The status and GitHub's own message from an Octokit error (or a network error). */
export function httpFailure(e: unknown): HttpFailure {
  type Cause = { code?: string; message?: string; cause?: Cause };
  const err = e as { status?: number; message?: string; response?: { data?: { message?: string } }; cause?: Cause };
  // Octokit reports a network failure as status 500 without a response: that is "unreachable".
  if (!err?.response) {
    const code = err?.cause?.cause?.code ?? err?.cause?.code;
    return { message: code ? `${code}: ${err?.message ?? ""}`.trim() : (err?.message ?? String(e)) };
  }
  const status = typeof err.status === "number" && err.status > 0 ? err.status : undefined;
  const message = err.response.data?.message ?? err.message ?? String(e);
  return status === undefined ? { message } : { status, message };
}

export const isNotFound = (e: unknown) => httpFailure(e).status === 404;

/** "Cannot <action>: <what GitHub said>" with the fix for that status. */
export function githubError(
  e: unknown,
  action: string,
  ctx: { repo?: string; apiUrl?: string; code?: ErrorCode } = {},
): ReleaseError {
  const { status, message } = httpFailure(e);
  const code = ctx.code ?? "github.api";
  const repo = ctx.repo ?? "the repository";
  const said = status
    ? `GitHub answered ${status} (${message})`
    : `the GitHub API at ${ctx.apiUrl ?? "its URL"} could not be reached (${message})`;
  let fix: string;
  if (status === 401)
    fix = "The token is missing, expired or revoked: set GH_TOKEN to a valid token (or run `gh auth login`).";
  else if (status === 403)
    fix = `The token may not do this on ${repo}: use a token with Contents: read and write (classic: repo scope), or ask an admin for write access.`;
  else if (status === 404)
    fix = `Check that ${repo} exists and that the token can see it (private repositories need a token with access to them).`;
  else if (status === 422) fix = "GitHub rejected the request as invalid; the message above names the field.";
  else if (status && status >= 500)
    fix =
      "GitHub failed after retries; wait a moment and run the same command again (completed steps are not repeated).";
  else fix = "Check the network and GITHUB_API_URL, then run the same command again.";
  return new ReleaseError(code, redact(`Cannot ${action}: ${said}`), fix);
}
