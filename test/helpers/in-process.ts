/**
 * Running an entry's flow inside the test's own process: what it writes to stdout and
 * stderr is collected, and an error that escapes is reported as the entry would report
 * it (exit 2 for usage, 1 otherwise). It saves the runtime's start-up on every call;
 * the subprocess path stays covered by each entry's smoke tests (`run-entry.ts`).
 * The flow's output goes through `core/log.ts`, whose sink is swapped for collectors
 * while it runs (the test runner's own stream is left alone); tests in one file run one
 * at a time, so one sink at a time is enough.
 */
import { reportError } from "../../tasks/lib/core/cli.ts";
import { setOutput, setQuiet } from "../../tasks/lib/core/log.ts";
import { GIT_ENV } from "./gitdir.ts";
import type { EntryResult } from "./run-entry.ts";

/** The environment `runEntry` would give the entry, as the flow's `env` parameter. */
export function entryEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const merged: Record<string, string | undefined> = { ...process.env, ...GIT_ENV, NO_COLOR: "1", ...overrides };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
}

export async function runInProcess(main: () => Promise<number>): Promise<EntryResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const previous = setOutput({ stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
  // Each run starts as a new process would: not quiet (a `--json` run before set it).
  setQuiet(false);
  let code: number;
  try {
    code = await main();
  } catch (e) {
    code = reportError(e);
  } finally {
    setOutput(previous);
    setQuiet(false);
  }
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}
