/**
 * The one door for child processes. A call says whether it only reads or also
 * writes; writes are refused under dry-run. Output and errors are redacted.
 */
import { spawn } from "node:child_process";
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
/** Under dry-run every `write` is refused with a bug error: planners must not reach it. Returns the previous value. */
export function setDryRun(value: boolean): boolean {
  const previous = dryRun;
  dryRun = value;
  return previous;
}

function buildEnv(opts: RunOptions): Record<string, string> {
  const base: Record<string, string | undefined> = opts.cleanEnv ? {} : { ...process.env };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * Spawned directly (no shell, so no quoting to get wrong), on node:child_process
 * rather than zx: the door is on every entry's start-up path, and zx alone costs more
 * to load than most commands take to run. A program that cannot be started reads
 * like the shell's answer (127 not found, 126 not executable), never a throw.
 */
function spawnCommand(command: string[], opts: RunOptions): Promise<RunResult> {
  const [bin, ...args] = command;
  if (!bin) throw new Error("run() needs a command");
  // Each child process is a boundary a kill may fall on (see boundary.ts); argv is shown redacted.
  boundary(redact(command.slice(0, 4).join(" ")));
  return new Promise<RunResult>((done, failed) => {
    const child = spawn(bin, args, {
      cwd: opts.cwd,
      env: buildEnv(opts),
      stdio: ["pipe", "pipe", "pipe"],
      ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => stdout.push(b));
    child.stderr.on("data", (b: Buffer) => stderr.push(b));
    // A child that exits without reading its input must not crash the door.
    child.stdin.on("error", () => {});
    child.stdin.end(opts.input ?? "");
    let spawnError: NodeJS.ErrnoException | undefined;
    child.on("error", (e: NodeJS.ErrnoException) => {
      spawnError = e;
    });
    child.on("close", (code) => {
      const result: RunResult = spawnError
        ? { stdout: "", stderr: `${bin}: ${spawnError.message}`, exitCode: spawnError.code === "ENOENT" ? 127 : 126 }
        : {
            stdout: Buffer.concat(stdout).toString("utf8"),
            stderr: Buffer.concat(stderr).toString("utf8"),
            exitCode: code ?? 1,
          };
      if (result.exitCode !== 0 && !opts.nothrow) failed(new ProcessError(command, result));
      else done(result);
    });
  });
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
