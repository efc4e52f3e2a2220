/**
 * Process boundaries of a mutating run: every child process (git included) and every
 * file write, counted once the run is armed. They exist so a test can prove a kill at
 * any instant is survivable, without guessing times:
 *
 * - `RELEASE_TRACE_BOUNDARIES=1` prints `boundary <n>: <what>` to stderr before each one;
 * - `RELEASE_KILL_AT=<n>` sends the process SIGKILL right before boundary n
 *   (nothing of that boundary happens: the process is gone, as after `kill -9`).
 *
 * Unarmed (inspection, dry runs, before the checks passed) it costs one comparison.
 */
import { writeFileSync, renameSync, rmSync } from "node:fs";

let armed = false;
let count = 0;
let trace = false;
let killAt = 0;

/** Start counting (the first mutation is near). Reads the two variables from `env`. */
export function armBoundaries(env: NodeJS.ProcessEnv): void {
  armed = true;
  count = 0;
  trace = env.RELEASE_TRACE_BOUNDARIES === "1";
  killAt = Number(env.RELEASE_KILL_AT ?? 0) || 0;
}

/** Mark a boundary: `what` says what is about to happen (shown when tracing). */
export function boundary(what: string): void {
  if (!armed) return;
  count++;
  if (trace) process.stderr.write(`boundary ${count}: ${what}\n`);
  if (count === killAt) process.kill(process.pid, "SIGKILL");
}

/** writeFileSync behind a boundary. */
export function writeFileAt(file: string, data: string | Uint8Array, label = file): void {
  boundary(`write ${label}`);
  writeFileSync(file, data);
}

/** Write `file` atomically (temp file, then rename), each behind a boundary. */
export function writeFileAtomic(file: string, data: string, label = file): void {
  const tmp = `${file}.tmp`;
  writeFileAt(tmp, data, `${label} (temp)`);
  boundary(`rename ${label}`);
  renameSync(tmp, file);
}

/** rmSync behind a boundary. */
export function removeAt(file: string, label = file): void {
  boundary(`remove ${label}`);
  rmSync(file, { force: true });
}
