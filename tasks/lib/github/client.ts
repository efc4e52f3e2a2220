/**
 * The Octokit client every module uses: retries on 5xx and secondary rate limits,
 * base URL from the caller (GITHUB_API_URL, GitHub Enterprise, or the stand-in).
 */
import { retry } from "@octokit/plugin-retry";
import { Octokit } from "@octokit/rest";
import { apiUrlFrom } from "./api-url.ts";

export { apiUrlFrom, DEFAULT_API_URL } from "./api-url.ts";

const RetryingOctokit = Octokit.plugin(retry);
export type GitHub = InstanceType<typeof RetryingOctokit>;

export interface GitHubOptions {
  token: string;
  /** default: GITHUB_API_URL, else https://api.github.com */
  baseUrl?: string;
  /** retries after a 5xx or a secondary rate limit (default 3) */
  retries?: number;
  /** delay between retries in ms (tests use a small one) */
  retryAfterMs?: number;
}

export function createGitHub(opts: GitHubOptions): GitHub {
  return new RetryingOctokit({
    auth: opts.token,
    baseUrl: (opts.baseUrl ?? apiUrlFrom(process.env)).replace(/\/+$/, ""),
    userAgent: "release-contract",
    retry: { retries: opts.retries ?? 3, retryAfterBaseValue: opts.retryAfterMs ?? 1000 },
    // Octokit logs request failures to the console; errors are reported (redacted) by the caller.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}
