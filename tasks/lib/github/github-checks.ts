/**
 * The GitHub checks, run before anything is mutated:
 * - `github.token`: the token works (GET /user) and may write the repository;
 * - `github.actions-token`: inside Actions, the token is not the workflow's own
 *   GITHUB_TOKEN (whose release would start no workflow; see actions-token.ts).
 */
import { fail, pass, skip, type Check, type CheckContext } from "../core/checks/types.ts";
import { memoFact } from "../core/checks/facts.ts";
import type { GitHub } from "./client.ts";
import { judgeActionsToken } from "./actions-token.ts";
import { githubError, httpFailure } from "./errors.ts";
import { splitRepo } from "./releases.ts";
import { NO_TOKEN_FIX, resolveToken, type ResolvedToken } from "./token.ts";

export interface GitHubFacts {
  token: ResolvedToken | null;
  gh: GitHub | null;
}

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    github?: Promise<GitHubFacts>;
  }
}

/** Resolve the token once per run (it may run `gh auth token`) and share it between the checks (and the cut's publishing steps). */
export const githubFacts = (ctx: CheckContext): Promise<GitHubFacts> =>
  memoFact(ctx, "github", async () => {
    const token = await resolveToken({
      env: ctx.env,
      cwd: ctx.root,
      ...(ctx.config.github.apiUrl ? { apiUrl: ctx.config.github.apiUrl } : {}),
    });
    return {
      token,
      gh: token
        ? (await import("./client.ts")).createGitHub({
            token: token.token,
            baseUrl: token.apiUrl,
            retries: 2,
            retryAfterMs: 500,
          })
        : null,
    };
  });

const noToken = () => skip(`no GitHub token (GH_TOKEN, GITHUB_TOKEN, or a logged-in \`gh\`); ${NO_TOKEN_FIX}`);

export const tokenCheck: Check = {
  id: "github.token",
  title: "GitHub token can write the repository",
  async run(ctx) {
    if (ctx.offline) return skip("offline: the token is not checked");
    const { token, gh } = await githubFacts(ctx);
    if (!token || !gh) return noToken();
    const repo = ctx.config.repository;
    let who = `a ${token.kind} token from ${token.source}`;
    try {
      who = `${(await gh.rest.users.getAuthenticated()).data.login} (${token.kind} token from ${token.source})`;
    } catch (e) {
      // Installation tokens (GitHub Apps, the workflow token) cannot read /user; the repository tells.
      if (!(token.kind === "installation" && httpFailure(e).status === 403)) {
        const err = githubError(e, `use the token from ${token.source}`, {
          apiUrl: token.apiUrl,
          code: "github.token",
        });
        return fail(err.message, err.fix!);
      }
    }
    if (!repo)
      return skip(
        `token works for ${who}; no repository known to check write access (set repository in release.config.ts or pass --github-repo)`,
      );
    try {
      const d = (await gh.rest.repos.get(splitRepo(repo))).data;
      if (!d.permissions)
        return pass(`${who} can read ${repo}; write access of an installation token shows on the first write`);
      if (d.permissions.push || d.permissions.admin) return pass(`${who} can write ${repo}`);
      return fail(
        `Cannot publish to ${repo}: ${who} can read it but not write it`,
        `Use a token with Contents: read and write on ${repo} (classic tokens: the repo scope), or ask an admin for write access.`,
      );
    } catch (e) {
      const err = githubError(e, `read ${repo} with ${who}`, { repo, apiUrl: token.apiUrl, code: "github.token" });
      return fail(err.message, err.fix!);
    }
  },
};

export const actionsTokenCheck: Check = {
  id: "github.actions-token",
  title: "Not the workflow's own GITHUB_TOKEN",
  async run(ctx) {
    const inActions = ctx.env.GITHUB_ACTIONS === "true";
    if (!inActions) return judgeActionsToken({ inActions, source: "GITHUB_TOKEN", kind: "unknown" });
    const { token, gh } = await githubFacts(ctx);
    if (!token || !gh) return noToken();
    let viewerLogin: string | undefined;
    let userLogin: string | undefined;
    if (!ctx.offline && (token.kind === "installation" || token.kind === "unknown")) {
      try {
        const login = (await gh.graphql<{ viewer: { login: string } }>("query { viewer { login } }")).viewer.login;
        if (login.endsWith("[bot]")) viewerLogin = login;
        else userLogin = login;
      } catch {
        /* unanswered: fall back to GET /user, then to where the token came from */
      }
      if (token.kind === "unknown" && !viewerLogin && !userLogin) {
        try {
          userLogin = (await gh.rest.users.getAuthenticated()).data.login;
        } catch {
          /* not a user */
        }
      }
    }
    return judgeActionsToken({
      inActions,
      source: token.source,
      kind: token.kind,
      ...(viewerLogin ? { viewerLogin } : {}),
      ...(userLogin ? { userLogin } : {}),
    });
  },
};

export const githubChecks: Check[] = [actionsTokenCheck, tokenCheck];
