#!/usr/bin/env -S npx tsx
/**
 * Entry: serve the GitHub stand-in on 127.0.0.1 until stopped, for rehearsing a
 * release by hand. Prints its base URL and an operator token; with --repo it reads
 * that repository's .github/workflows to decide which runs a release starts.
 */
import { join, resolve } from "node:path";
import { parseCli, runMain } from "./lib/core/cli.ts";
import { GITHUB_STAND_IN } from "./lib/core/entries.ts";
import { UsageError } from "./lib/core/errors.ts";
import { log, out } from "./lib/core/log.ts";

async function main(): Promise<number> {
  const { values } = parseCli(GITHUB_STAND_IN, process.argv.slice(2));
  const portText = values.port;
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535, not "${portText}"`);
  const repoDir = values.repo ? resolve(values.repo) : undefined;
  // Imported after the flags are parsed, so `--help` loads none of the stand-in.
  const { startStandIn } = await import("./stand-in/index.ts");
  const standIn = await startStandIn({
    port,
    ...(repoDir ? { workflowsDir: join(repoDir, ".github", "workflows"), gitDir: repoDir } : {}),
  });
  // The token is printed on purpose: it is the stand-in's own, valid only here.
  out(`GITHUB_API_URL=${standIn.url}`);
  out(`GITHUB_TOKEN=${standIn.token}`);
  log(
    `GitHub stand-in serving ${standIn.state.repo} with ${standIn.state.workflows.length} workflow(s); stop with Ctrl-C.`,
  );
  await new Promise<void>((done) => {
    const stop = () => void standIn.close().then(done);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}

runMain(main);
