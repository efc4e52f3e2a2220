/** Shared set-up for the GitHub tests: a stand-in and a real Octokit client pointed at it. */
import { createGitHub, type GitHub } from "../../tasks/lib/github/client.ts";
import { startStandIn, type StandIn, type StandInOptions } from "../../tasks/stand-in/index.ts";
import { parseConfig, type ReleaseConfig } from "../../tasks/lib/core/config/index.ts";
import type { CheckContext } from "../../tasks/lib/core/checks/types.ts";
import { ALL_WORKFLOWS } from "./fixtures.ts";

export async function withStandIn(
  fn: (s: StandIn, gh: GitHub) => Promise<void>,
  opts: StandInOptions = {},
): Promise<void> {
  const s = await startStandIn({ workflows: ALL_WORKFLOWS, ...opts });
  try {
    await fn(s, createGitHub({ token: s.token, baseUrl: s.url, retries: 2, retryAfterMs: 5 }));
  } finally {
    await s.close();
  }
}

export function checkContext(
  env: NodeJS.ProcessEnv,
  opts: { repository?: string; apiUrl?: string; offline?: boolean } = {},
): CheckContext {
  const parsed = parseConfig(
    {
      name: "Atlas",
      ...(opts.repository ? { repository: opts.repository } : {}),
      github: opts.apiUrl ? { apiUrl: opts.apiUrl } : {},
    },
    "test",
  );
  const config = {
    ...parsed,
    root: process.cwd(),
    source: "test",
    repository: opts.repository,
    versionFiles: [],
  } as unknown as ReleaseConfig;
  // PATH without `gh`, so the machine's own login never leaks into a test.
  return {
    root: process.cwd(),
    config,
    env: { PATH: "/nonexistent", ...env },
    now: new Date(),
    facts: {},
    ...(opts.offline ? { offline: true } : {}),
  };
}
