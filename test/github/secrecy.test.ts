import assert from "node:assert/strict";
import { test } from "node:test";
import { reportError } from "../../tasks/lib/core/cli.ts";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { createGitHub } from "../../tasks/lib/github/client.ts";
import { githubChecks } from "../../tasks/lib/github/github-checks.ts";
import { publishRelease } from "../../tasks/lib/github/releases.ts";
import { resolveToken } from "../../tasks/lib/github/token.ts";
import { watchFanOut, formatWatch } from "../../tasks/lib/github/watch.ts";
import { checkContext } from "./helpers.ts";
import { withStandIn } from "../helpers/stand-in.ts";

/**
 * Everything written to stderr and stdout while `fn` runs. The test runner's own report
 * (bytes, serialized for the parent process) goes on to the real stream: the results of
 * tests that finished meanwhile, in other files of the same process, must not be lost.
 */
async function captured(fn: () => Promise<void>): Promise<string> {
  let text = "";
  const writes = [process.stderr.write, process.stdout.write] as const;
  const grabbing =
    (write: typeof process.stdout.write, stream: NodeJS.WriteStream) =>
    (chunk: unknown, ...rest: unknown[]) =>
      typeof chunk === "string"
        ? ((text += chunk), true)
        : (write as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
  process.stderr.write = grabbing(writes[0], process.stderr) as typeof process.stderr.write;
  process.stdout.write = grabbing(writes[1], process.stdout) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    [process.stderr.write, process.stdout.write] = writes;
  }
  return text;
}

test("the token never appears in anything the GitHub modules print, error paths included", async () => {
  await withStandIn(async (s) => {
    // A token the stand-in does not know (every call fails 401) and the real one with a 5xx storm.
    const revoked = "ghp_revoked0123456789abcdefghijklmnopqr";
    for (const token of [revoked, s.token]) {
      const env = { GH_TOKEN: token, GITHUB_API_URL: s.url, GITHUB_ACTIONS: "true" };
      const resolved = await resolveToken({ env });
      const gh = createGitHub({ token: resolved!.token, baseUrl: s.url, retries: 1, retryAfterMs: 1 });
      if (token === s.token) s.failNext(100, 503);
      const text = await captured(async () => {
        for (const r of await runChecks(githubChecks, checkContext(env, { repository: "acme/atlas" })))
          process.stderr.write(`${r.id} ${r.status} ${r.message} ${r.fix}\n`);
        await publishRelease(gh, {
          repo: "acme/atlas",
          tag: "v1.0.0",
          title: "t",
          notes: "n",
          prerelease: false,
        }).catch((e) => reportError(e));
        const watch = await watchFanOut(gh, {
          repo: "acme/atlas",
          tag: "v1.0.0",
          sha: "a".repeat(40),
          workflows: ["publish-pypi.yml"],
          timeoutMs: 0,
          pollMs: 1,
        });
        process.stderr.write(watch.map(formatWatch).join("\n"));
        // An API URL that carries the token (a misconfigured proxy URL) is redacted too.
        const viaUrl = createGitHub({ token, baseUrl: `http://x-access-token:${token}@127.0.0.1:9`, retries: 0 });
        await publishRelease(viaUrl, {
          repo: "acme/atlas",
          tag: "v1.0.0",
          title: "t",
          notes: "n",
          prerelease: false,
        }).catch((e) => reportError(e));
      });
      assert.match(text, /error|fail/, "the error paths ran and printed");
      assert.ok(!text.includes(token), `the token leaked:\n${text}`);
    }
  });
});
