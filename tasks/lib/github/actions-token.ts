/**
 * Telling the workflow's own GITHUB_TOKEN from a token whose release starts the
 * release workflows. Pure: the facts in, the verdict out.
 *
 * The rule, in order:
 * 1. Outside GitHub Actions (GITHUB_ACTIONS is not "true") there is no workflow token.
 * 2. A user token (ghp_, github_pat_, gho_, ghu_) is never the workflow token.
 * 3. An installation token (ghs_) is the workflow token or a GitHub App's. GitHub says
 *    which through GraphQL `viewer { login }`: `github-actions[bot]` is the workflow
 *    token (refuse); another `*[bot]` is an App (allow).
 * 4. When that answer is unavailable (offline, an API error) or the token has no known
 *    prefix and GET /user did not identify a user: a token read from GITHUB_TOKEN is
 *    taken to be the workflow token (refuse); from GH_TOKEN, a warning.
 */
import { fail, pass, warn, type CheckOutcome } from "../core/checks/types.ts";
import type { TokenKind, TokenSource } from "./token.ts";

export const ACTIONS_BOT = "github-actions[bot]";

export interface ActionsTokenFacts {
  inActions: boolean;
  source: TokenSource;
  kind: TokenKind;
  /** GraphQL viewer login, when asked and answered */
  viewerLogin?: string;
  /** GET /user identified a user (an unknown-prefix token that is a user's) */
  userLogin?: string;
}

export const ACTIONS_TOKEN_FIX =
  "A release created with the workflow's GITHUB_TOKEN starts no `release: published` workflow (GitHub does not start workflows from events that token causes), so PyPI, the desktop builds and the binaries would never run. " +
  "Use a personal access token or a GitHub App installation token instead and pass it as GH_TOKEN (e.g. `GH_TOKEN: ${{ secrets.RELEASE_TOKEN }}`), or run `tsx release.ts` locally.";

const USER_KINDS: TokenKind[] = ["personal", "fine-grained", "oauth", "user-to-server"];

export function judgeActionsToken(f: ActionsTokenFacts): CheckOutcome {
  if (!f.inActions) return pass("not running inside GitHub Actions");
  if (USER_KINDS.includes(f.kind))
    return pass(`the token from ${f.source} is a user token (${f.kind}); its release starts the release workflows`);
  if (f.viewerLogin === ACTIONS_BOT)
    return fail(
      `Cannot publish with this token: the token from ${f.source} is the workflow's own GITHUB_TOKEN (GitHub identifies it as ${ACTIONS_BOT})`,
      ACTIONS_TOKEN_FIX,
    );
  if (f.viewerLogin?.endsWith("[bot]"))
    return pass(
      `the token from ${f.source} belongs to the GitHub App ${f.viewerLogin}; its release starts the release workflows`,
    );
  if (f.userLogin) return pass(`the token from ${f.source} belongs to the user ${f.userLogin}`);
  if (f.source === "GITHUB_TOKEN")
    return fail(
      `Cannot publish with this token: inside GitHub Actions the ${f.kind === "installation" ? "installation " : ""}token from GITHUB_TOKEN is taken to be the workflow's own token (it could not be identified as a user or a GitHub App)`,
      ACTIONS_TOKEN_FIX,
    );
  return warn(
    `the token from ${f.source} could not be identified as a user or a GitHub App; if it is the workflow's GITHUB_TOKEN, the release workflows will not start`,
    ACTIONS_TOKEN_FIX,
  );
}
