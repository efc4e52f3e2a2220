/**
 * The GitHub stand-in for a test: started on 127.0.0.1 with the fixture workflows,
 * a real Octokit client pointed at it (small retry delay), closed when `fn` ends.
 */
import { createGitHub, type GitHub } from "../../tasks/lib/github/client.ts";
import { startStandIn, type StandIn, type StandInOptions } from "../../tasks/stand-in/index.ts";
import { ALL_WORKFLOWS } from "../github/fixtures.ts";

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
