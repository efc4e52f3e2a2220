/**
 * Run one of the toolkit's entries in a process of its own and collect its exit code,
 * stdout and stderr. By default the entry runs as `node --import <tsx's loader>`: the
 * same TypeScript transform `tsx <entry>` applies, without the tsx CLI's wrapper
 * process (a second Node start-up per run, a third of a test's CPU). Smoke tests pass
 * `runtime: "tsx"` (exactly what the README says to type) or `"deno"`.
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { GIT_ENV } from "./gitdir.ts";

export const PROJECT_ROOT = join(import.meta.dirname, "..", "..");
const TSX = join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const TSX_LOADER = pathToFileURL(join(PROJECT_ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;

/**
 * The test process's own environment, taken before an in-process run swaps `process.env`
 * (in-process.ts): an entry started meanwhile must not inherit that run's environment.
 */
const TEST_PROCESS_ENV: Readonly<NodeJS.ProcessEnv> = { ...process.env };

export type EntryRuntime = "node" | "tsx" | "deno";

export interface EntryResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunEntryOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** "node" (default): node with tsx's loader; "tsx": the tsx CLI; "deno": `deno run -A` */
  runtime?: EntryRuntime;
  /** shorthand for runtime: "deno" */
  deno?: boolean;
}

/**
 * The environment an entry gets: the test process's own, git isolated from the machine's
 * config, no colour, then `overrides` (`undefined` removes a variable). In-process runs
 * pass the same to the flow (in-process.ts).
 */
export function entryEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const merged: Record<string, string | undefined> = { ...TEST_PROCESS_ENV, ...GIT_ENV, NO_COLOR: "1", ...overrides };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The environment and command line that run `entry` under the chosen runtime. */
function invocation(
  entry: string,
  args: string[],
  opts: RunEntryOptions,
): { env: Record<string, string>; cmd: string; cmdArgs: string[] } {
  const env = entryEnv(opts.env) as Record<string, string>;
  const script = join(PROJECT_ROOT, entry);
  const runtime = opts.runtime ?? (opts.deno ? "deno" : "node");
  if (runtime === "deno")
    return {
      env,
      cmd: join(PROJECT_ROOT, "node_modules", ".bin", "deno"),
      cmdArgs: ["run", "-A", "--quiet", script, ...args],
    };
  if (runtime === "tsx") return { env, cmd: TSX, cmdArgs: [script, ...args] };
  return { env, cmd: process.execPath, cmdArgs: ["--import", TSX_LOADER, script, ...args] };
}

export function runEntry(entry: string, args: string[], opts: RunEntryOptions = {}): EntryResult {
  const { env, cmd, cmdArgs } = invocation(entry, args, opts);
  const r = spawnSync(cmd, cmdArgs, {
    cwd: opts.cwd ?? PROJECT_ROOT,
    env,
    input: opts.input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

export interface StartedEntry {
  child: import("node:child_process").ChildProcess;
  /** resolves when the process exits (killed: code 1 unless it exited) */
  done: Promise<EntryResult>;
  /** signal the whole process group: the tsx CLI runs the entry in a child process of its own */
  kill(signal: NodeJS.Signals): void;
}

/**
 * Like `runEntry` but without blocking the event loop, so a server in the test's own
 * process (the GitHub stand-in) can answer the entry. The child can be killed.
 */
export function startEntry(entry: string, args: string[], opts: RunEntryOptions = {}): StartedEntry {
  const { env, cmd, cmdArgs } = invocation(entry, args, opts);
  const child = spawn(cmd, cmdArgs, {
    cwd: opts.cwd ?? PROJECT_ROOT,
    env,
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  child.stdin!.end(opts.input ?? "");
  const done = new Promise<EntryResult>((resolve) =>
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr })),
  );
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  return { child, done, kill };
}

export const runEntryAsync = (entry: string, args: string[], opts: RunEntryOptions = {}) =>
  startEntry(entry, args, opts).done;
