/**
 * Running an entry's flow inside the test's own process: what it writes to stdout and
 * stderr is collected, and an error that escapes is reported as the entry would report
 * it (exit 2 for usage, 1 otherwise). It saves the runtime's start-up on every call;
 * the subprocess path stays covered by each entry's smoke tests (`run-entry.ts`).
 * The flow's output goes through `core/log.ts`, whose sink is swapped for collectors
 * while it runs (the test runner's own stream is left alone).
 *
 * A process gets its environment as `process.env`, and the child processes it starts
 * (git above all: author, dates, hooks) inherit it. A mutating run therefore needs
 * `process.env` to be the entry's environment, not only its `env` parameter: with
 * `processEnv`, `process.env` holds exactly that environment while the flow runs, and
 * is put back afterwards. The sink and `process.env` are the process's own, so runs are
 * queued one at a time, even when a test starts several at once.
 */
import { reportError } from "../../tasks/lib/core/cli.ts";
import { setOutput, setQuiet } from "../../tasks/lib/core/log.ts";
import type { EntryResult } from "./run-entry.ts";

// The environment `runEntry` gives an entry, as the flow's `env` parameter.
export { entryEnv } from "./run-entry.ts";

let queue: Promise<unknown> = Promise.resolve();

export function runInProcess(
  main: () => Promise<number>,
  opts: { processEnv?: NodeJS.ProcessEnv } = {},
): Promise<EntryResult> {
  const run = queue.then(() => runNow(main, opts.processEnv));
  queue = run.catch(() => undefined);
  return run;
}

/** Make `process.env` exactly `env` (same object: modules that captured it see the change); returns the undo. */
function swapProcessEnv(env: NodeJS.ProcessEnv): () => void {
  const saved = { ...process.env };
  const replaceWith = (next: NodeJS.ProcessEnv) => {
    for (const k of Object.keys(process.env)) if (!(k in next)) delete process.env[k];
    Object.assign(process.env, next);
  };
  replaceWith(env);
  return () => replaceWith(saved);
}

async function runNow(main: () => Promise<number>, processEnv: NodeJS.ProcessEnv | undefined): Promise<EntryResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const restoreEnv = processEnv ? swapProcessEnv(processEnv) : () => {};
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
    restoreEnv();
  }
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}
