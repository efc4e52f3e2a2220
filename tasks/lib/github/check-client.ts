/** The doctor's GitHub client: the shared token resolution, one client per run. */
import type { CheckContext } from "../core/checks/types.ts";
import { memoFact } from "../core/checks/facts.ts";
import type { GitHub } from "./client.ts";
import { resolveToken } from "./token.ts";

export interface DoctorGitHub {
  gh: GitHub | null;
  /** why there is no client (offline, no token, no repository) */
  reason?: string;
}

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    "doctor.github"?: Promise<DoctorGitHub>;
  }
}

export const githubOf = (ctx: CheckContext): Promise<DoctorGitHub> =>
  memoFact(ctx, "doctor.github", async () => {
    if (ctx.offline) return { gh: null, reason: "offline (--offline): GitHub is not asked" };
    if (!ctx.config.repository)
      return { gh: null, reason: "no repository known (set repository in release.config.ts or pass --github-repo)" };
    const token = await resolveToken({
      env: ctx.env,
      cwd: ctx.root,
      ...(ctx.config.github.apiUrl ? { apiUrl: ctx.config.github.apiUrl } : {}),
    });
    if (!token)
      return { gh: null, reason: "no GitHub token (set GH_TOKEN or GITHUB_TOKEN, or log in with `gh auth login`)" };
    return {
      gh: (await import("./client.ts")).createGitHub({
        token: token.token,
        baseUrl: token.apiUrl,
        retries: 1,
        retryAfterMs: 200,
      }),
    };
  });
