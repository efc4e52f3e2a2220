/**
 * What the publishing steps need beyond the local cut: the GitHub client with the
 * operator's token, the repository slug, whether to watch, the repository's
 * immutable-releases setting and who starts each release workflow. Opened from the
 * checks' facts (the token and the setting are read once), and guarded by the check
 * `github.publish`: with --yes, no token or no repository slug blocks the cut before
 * any mutation. The steps write what they learn back into it for the report.
 */
import { fail, pass, skip, warn, type Check, type CheckContext } from "../core/checks/types.ts";
import { ReleaseError } from "../core/errors.ts";
import type { GitHub } from "../github/client.ts";
import { githubFacts } from "../github/github-checks.ts";
import type { WorkflowWatch } from "../github/watch.ts";
import type { BuildProgress } from "../github/build-watch.ts";
import { immutableSettingOf } from "../github/immutable-checks.ts";
import type { ImmutableSetting } from "../github/immutable.ts";
import { releaseRoles, type ReleaseRoles } from "../github/release-roles.ts";
import type { Verification } from "../github/verify.ts";
import { workflowSources } from "./workflow-sources.ts";
import { NO_TOKEN_FIX, type ResolvedToken } from "../github/token.ts";
import { releaseFacts } from "./release-checks.ts";

export interface PublishSession {
  gh: GitHub;
  /** "owner/name" */
  repo: string;
  token: ResolvedToken;
  /** false with --no-watch: the cut stops at the draft until every asset is there */
  watch: boolean;
  /** the API base URL (verification runs `gh` only against the real GitHub) */
  apiUrl: string;
  /** the repository's immutable-releases setting, as the operator's token reads it */
  immutable: ImmutableSetting;
  /** which release workflows the cut dispatches and which the publication starts */
  roles: ReleaseRoles;
  /** the committed text of the release workflows */
  sources: Record<string, string>;
  /** filled by the draft step */
  release?: {
    id: number;
    html_url: string;
    outcome: "created" | "updated" | "up to date";
    draft: boolean;
    immutable: boolean;
  };
  /** filled by the builds and assets steps */
  builds?: BuildProgress;
  /** set when the cut stopped at the draft (--no-watch, assets still missing) */
  waiting?: { missing: string[]; running: string[]; notStarted: string[] };
  /** filled by the verify step */
  verification?: Verification;
  /** filled by the watch step */
  fanOut?: WorkflowWatch[];
}

const NO_REPO_FIX = "Set repository in release.config.ts, pass --github-repo OWNER/NAME, or give origin a GitHub URL.";

export const publishReadyCheck: Check = {
  id: "github.publish",
  title: "token and repository to publish with",
  async run(ctx) {
    const { execute } = releaseFacts(ctx);
    const repo = ctx.config.repository;
    const { token } = await githubFacts(ctx);
    const missing = [
      !token && "no GitHub token (GH_TOKEN, GITHUB_TOKEN, or a logged-in `gh`)",
      !repo && "no repository slug (owner/name)",
    ].filter(Boolean) as string[];
    const fix = [!token && NO_TOKEN_FIX, !repo && NO_REPO_FIX].filter(Boolean).join(" ");
    if (!missing.length) return pass(`publishing ${repo} with the token from ${token!.source}`);
    if (execute) return fail(`Cannot publish: ${missing.join("; ")}`, fix);
    if (ctx.offline) return skip("offline");
    return warn(`--yes will refuse: ${missing.join("; ")}`, fix);
  },
};

/** The session for the publishing steps; call after the checks passed (they resolved the token). */
export async function openPublishSession(ctx: CheckContext, opts: { watch: boolean }): Promise<PublishSession> {
  const { token, gh } = await githubFacts(ctx);
  // Reached only when github.publish was skipped by hand: refuse before any mutation all the same.
  if (!token || !gh)
    throw new ReleaseError(
      "github.publish",
      "Cannot publish: no GitHub token (GH_TOKEN, GITHUB_TOKEN, or a logged-in `gh`)",
      NO_TOKEN_FIX,
    );
  if (!ctx.config.repository)
    throw new ReleaseError("github.publish", "Cannot publish: no repository slug (owner/name)", NO_REPO_FIX);
  const files = ctx.config.github.releaseWorkflows;
  const sources = workflowSources(ctx.root, files);
  return {
    gh,
    token,
    repo: ctx.config.repository,
    watch: opts.watch,
    apiUrl: token.apiUrl,
    immutable: await immutableSettingOf(ctx),
    roles: releaseRoles(files, sources),
    sources,
  };
}
