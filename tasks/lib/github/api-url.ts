/**
 * The API base URL, apart from the client: the token resolution needs it on every
 * entry's start-up path, the Octokit client (a heavy import) only when GitHub is asked.
 */
export const DEFAULT_API_URL = "https://api.github.com";

export function apiUrlFrom(env: NodeJS.ProcessEnv): string {
  return (env.GITHUB_API_URL || DEFAULT_API_URL).replace(/\/+$/, "");
}
