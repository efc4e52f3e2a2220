/**
 * The one door for child processes. A call says whether it only reads or also
 * writes; writes are refused under dry-run. Output and errors are redacted.
 */
import { $ } from "zx";
import { boundary } from "./boundary.ts";
import { ReleaseError } from "./errors.ts";
import { redact } from "./redact.ts";

export interface RunOptions {
  cwd: string;
  /** Extra environment (merged over process.env unless `cleanEnv`). `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  cleanEnv?: boolean;
  input?: string;
  /** Return the result instead of throwing on a non-zero exit. */
  nothrow?: boolean;
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export class ProcessError extends ReleaseError {
  constructor(
    readonly command: string[],
    readonly result: RunResult,
  ) {
    const tail = (result.stderr || result.stdout).trim().split("\n").slice(-20).join("\n");
    super(
      "process.failed",
      redact(`Cannot run \`${command.join(" ")}\`: exit ${result.exitCode}${tail ? `\n${tail}` : ""}`),
    );
  }
}

let dryRun = false;
/** Under dry-run every `write` is refused with a bug error: planners must not reach it. */
export function setDryRun(value: boolean): void {
  dryRun = value;
}

function buildEnv(opts: RunOptions): Record<string, string> {
  const base: Record<string, string | undefined> = opts.cleanEnv ? {} : { ...process.env };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
}

async function spawnCommand(command: string[], opts: RunOptions): Promise<RunResult> {
  const [bin, ...args] = command;
  if (!bin) throw new Error("run() needs a command");
  // Each child process is a boundary a kill may fall on (see boundary.ts); argv is shown redacted.
  boundary(redact(command.slice(0, 4).join(" ")));
  const p = $({
    cwd: opts.cwd,
    env: buildEnv(opts),
    quiet: true,
    nothrow: true,
    verbose: false,
    input: opts.input,
    timeout: opts.timeoutMs,
  })`${bin} ${args}`;
  let result: RunResult;
  try {
    const r = await p;
    result = { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? 1 };
  } catch (e) {
    // Spawn failures (ENOENT) surface here.
    result = { stdout: "", stderr: String((e as Error).message ?? e), exitCode: 127 };
  }
  if (result.exitCode !== 0 && !opts.nothrow) throw new ProcessError(command, result);
  return result;
}

/** A command that only reads state (safe under dry-run). */
export function read(command: string[], opts: RunOptions): Promise<RunResult> {
  return spawnCommand(command, opts);
}

/** A command that changes state: refused under dry-run. */
export function write(command: string[], opts: RunOptions): Promise<RunResult> {
  if (dryRun) throw new Error(`bug: mutation attempted under --dry-run: ${redact(command.join(" "))}`);
  return spawnCommand(command, opts);
}

/** Whether a program is on PATH (no shell, no `which` dependency). */
export async function onPath(program: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const { access, constants } = await import("node:fs/promises");
  const { delimiter, join } = await import("node:path");
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    try {
      await access(join(dir, program), constants.X_OK);
      return true;
    } catch {
      /* keep looking */
    }
  }
  return false;
}
