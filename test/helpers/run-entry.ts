/**
 * Run one of the toolkit's entries the way a user does (`tsx <entry> ...`) and
 * collect its exit code, stdout and stderr.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { GIT_ENV } from "./gitdir.ts";

export const PROJECT_ROOT = join(import.meta.dirname, "..", "..");
const TSX = join(PROJECT_ROOT, "node_modules", ".bin", "tsx");

export interface EntryResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunEntryOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** run under `deno run -A` instead of tsx */
  deno?: boolean;
}

export function runEntry(entry: string, args: string[], opts: RunEntryOptions = {}): EntryResult {
  const env: Record<string, string | undefined> = { ...process.env, ...GIT_ENV, NO_COLOR: "1", ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const script = join(PROJECT_ROOT, entry);
  const [cmd, cmdArgs] = opts.deno
    ? [join(PROJECT_ROOT, "node_modules", ".bin", "deno"), ["run", "-A", "--quiet", script, ...args]]
    : [TSX, [script, ...args]];
  const r = spawnSync(cmd, cmdArgs, { cwd: opts.cwd ?? PROJECT_ROOT, env: env as NodeJS.ProcessEnv, input: opts.input, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}
