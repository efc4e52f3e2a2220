/**
 * Where the GitHub token comes from: GH_TOKEN, then GITHUB_TOKEN (the precedence the
 * `gh` CLI uses, so an operator can hand a personal token to a workflow that also
 * has its own GITHUB_TOKEN), else `gh auth token` when `gh` is on PATH. The API base
 * URL comes from the config, else GITHUB_API_URL. The token is registered as a
 * secret the moment it is read, so nothing printed can contain it.
 */
import { onPath, read } from "../core/exec.ts";
import { registerSecret } from "../core/redact.ts";
import { DEFAULT_API_URL, apiUrlFrom } from "./api-url.ts";

export type TokenSource = "GH_TOKEN" | "GITHUB_TOKEN" | "gh auth token";

/** What the token's prefix says it is (GitHub's documented token prefixes). */
export type TokenKind = "personal" | "fine-grained" | "oauth" | "user-to-server" | "installation" | "unknown";

export interface ResolvedToken {
  token: string;
  source: TokenSource;
  kind: TokenKind;
  apiUrl: string;
}

export interface ResolveTokenOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** config.github.apiUrl, which wins over GITHUB_API_URL */
  apiUrl?: string;
}

export function tokenKind(token: string): TokenKind {
  if (token.startsWith("ghp_")) return "personal";
  if (token.startsWith("github_pat_")) return "fine-grained";
  if (token.startsWith("gho_")) return "oauth";
  if (token.startsWith("ghu_")) return "user-to-server";
  // The workflow's GITHUB_TOKEN and every GitHub App installation token.
  if (token.startsWith("ghs_")) return "installation";
  return "unknown";
}

export function resolveApiUrl(opts: { env?: NodeJS.ProcessEnv; apiUrl?: string } = {}): string {
  return (opts.apiUrl ?? apiUrlFrom(opts.env ?? process.env)).replace(/\/+$/, "");
}

/** The host `gh` keys its login by: github.com for the public API, else the Enterprise host. */
function ghHostname(apiUrl: string): string | undefined {
  if (apiUrl === DEFAULT_API_URL) return undefined;
  try {
    return new URL(apiUrl).hostname;
  } catch {
    return undefined;
  }
}

/** The token to use, or null when there is none (no variable, no logged-in `gh`). */
export async function resolveToken(opts: ResolveTokenOptions = {}): Promise<ResolvedToken | null> {
  const env = opts.env ?? process.env;
  const apiUrl = resolveApiUrl({ env, ...(opts.apiUrl ? { apiUrl: opts.apiUrl } : {}) });
  for (const source of ["GH_TOKEN", "GITHUB_TOKEN"] as const) {
    const token = env[source]?.trim();
    if (token) {
      registerSecret(token);
      return { token, source, kind: tokenKind(token), apiUrl };
    }
  }
  if (!(await onPath("gh", env))) return null;
  const host = ghHostname(apiUrl);
  const r = await read(["gh", "auth", "token", ...(host ? ["--hostname", host] : [])], {
    cwd: opts.cwd ?? process.cwd(),
    env: { ...env },
    cleanEnv: true,
    nothrow: true,
    timeoutMs: 10_000,
  });
  const token = r.stdout.trim();
  if (r.exitCode !== 0 || !token) return null;
  registerSecret(token);
  return { token, source: "gh auth token", kind: tokenKind(token), apiUrl };
}

export const NO_TOKEN_FIX =
  "Set GH_TOKEN (or GITHUB_TOKEN) to a token that can write the repository's contents, or log in with `gh auth login`.";
