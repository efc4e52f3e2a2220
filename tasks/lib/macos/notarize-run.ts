/**
 * The notarize steps of a run. Submit: unless the record holds a submission of the
 * same bytes or the same signed code, upload without waiting and record the id before
 * anything else. Wait: at most what is left of the run's bound (`--notary-timeout`);
 * then Accepted goes on to stapling, Invalid or Rejected fetches the log and stops
 * with its issues, and a submission still in progress stops with the id recorded, so
 * the next run waits for it instead of submitting the same bundle again.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ReleaseError } from "../core/errors.ts";
import { log as say } from "../core/log.ts";
import { NOTARY_STATUSES } from "../core/platform/apple.ts";
import {
  isFinal,
  isRejected,
  notarizationError,
  parseSubmissionId,
  pendingError,
  statusIn,
  SUBMISSION_ID,
} from "./notarize.ts";
import { readRecord, resumable, withSubmission, writeRecord, type Submission } from "./notary-record.ts";
import { expandArgs, type ProcessDoor, type RunContext, type RunState } from "./run-context.ts";
import type { NotaryStep, ProgramStep } from "./steps.ts";

const MINUTE = 60_000;

const now = (ctx: RunContext) => (ctx.clock ?? Date.now)();
const stateOf = (ctx: RunContext): RunState => (ctx.state ??= {});

/** sha256 of a file, or undefined when it is not there (a plan replayed without Apple's tools). */
function sha256Of(path: string): string | undefined {
  return existsSync(path) ? createHash("sha256").update(readFileSync(path)).digest("hex") : undefined;
}

/** The notarytool credentials of a plan command: everything after its `--output-format json`. */
const credentialsOf = (command: readonly string[]) => command.slice(command.indexOf("json") + 1);

function record(ctx: RunContext, n: NotaryStep, s: Submission): void {
  const path = join(ctx.parent, n.record);
  mkdirSync(dirname(path), { recursive: true });
  writeRecord(path, withSubmission(readRecord(path), s));
  (stateOf(ctx).submissions ??= {})[s.file] = s;
}

async function submitOrResume(s: ProgramStep, n: NotaryStep, ctx: RunContext, door: ProcessDoor): Promise<void> {
  const file = s.paths[0]!;
  const sha256 = sha256Of(join(ctx.parent, file));
  const cdhash = n.cdhashOf ? stateOf(ctx).cdhashes?.[n.cdhashOf] : undefined;
  const earlier = resumable(readRecord(join(ctx.parent, n.record)), { file, sha256, cdhash });
  if (earlier) {
    say(
      `notarization: resuming submission ${earlier.id} of ${file} (${earlier.status}, submitted ${earlier.submitted})`,
    );
    (stateOf(ctx).submissions ??= {})[file] = earlier;
    return;
  }
  const r = await door.write(expandArgs(s.command, ctx.env), { cwd: ctx.parent, nothrow: true });
  const id = parseSubmissionId(r.stdout || r.stderr);
  const at = new Date(now(ctx)).toISOString();
  const status = NOTARY_STATUSES.value.inProgress;
  record(ctx, n, {
    file,
    id,
    ...(sha256 ? { sha256 } : {}),
    ...(cdhash ? { cdhash } : {}),
    submitted: at,
    status,
    updated: at,
  });
  say(`notarization: submitted ${file} as ${id} (recorded in ${n.record})`);
}

/** `notarytool wait` within what is left of the bound, then `info` when wait printed no final status. */
async function settle(s: ProgramStep, n: NotaryStep, sub: Submission, ctx: RunContext, door: ProcessDoor) {
  const st = stateOf(ctx);
  st.notaryDeadline ??= now(ctx) + (n.timeoutMinutes ?? 0) * MINUTE;
  const left = st.notaryDeadline - now(ctx);
  let status: string | undefined;
  if (left >= MINUTE) {
    const minutes = `${Math.floor(left / MINUTE)}m`;
    const argv = s.command.map((a, i) =>
      a === SUBMISSION_ID ? sub.id : s.command[i - 1] === "--timeout" ? minutes : a,
    );
    const r = await door.read(expandArgs(argv, ctx.env), {
      cwd: ctx.parent,
      nothrow: true,
      timeoutMs: left + 5 * MINUTE,
    });
    status = statusIn(r.stdout || r.stderr);
  }
  if (!isFinal(status)) {
    const info = ["xcrun", "notarytool", "info", sub.id, "--output-format", "json", ...credentialsOf(s.command)];
    status =
      statusIn((await door.read(expandArgs(info, ctx.env), { cwd: ctx.parent, nothrow: true })).stdout) ?? status;
  }
  return status ?? sub.status;
}

async function waitWithinBound(s: ProgramStep, n: NotaryStep, ctx: RunContext, door: ProcessDoor): Promise<void> {
  const file = s.paths[0]!;
  const sub = stateOf(ctx).submissions?.[file];
  if (!sub)
    throw new ReleaseError(
      "macos.notarize-failed",
      `Cannot wait for ${file}: it was not submitted`,
      "This is a bug in the plan: report it.",
    );
  const status = isFinal(sub.status) ? sub.status : await settle(s, n, sub, ctx, door);
  if (status !== sub.status) record(ctx, n, { ...sub, status, updated: new Date(now(ctx)).toISOString() });
  if (status === NOTARY_STATUSES.value.accepted) return;
  if (isRejected(status)) {
    // The log is read with the same credentials the submission used (Apple ID or API key).
    const argv = ["xcrun", "notarytool", "log", sub.id, "--output-format", "json", ...credentialsOf(s.command)];
    const log = (await door.read(expandArgs(argv, ctx.env), { cwd: ctx.parent, nothrow: true })).stdout;
    throw notarizationError(file, { id: sub.id, status, message: undefined }, log);
  }
  throw pendingError(file, sub.id, n.record, n.timeoutMinutes ?? 0);
}

export function notarizeStep(s: ProgramStep, ctx: RunContext, door: ProcessDoor): Promise<void> {
  if (!s.notary) throw new Error(`bug: notarize step without its role: ${s.command.join(" ")}`);
  return s.notary.role === "submit" ? submitOrResume(s, s.notary, ctx, door) : waitWithinBound(s, s.notary, ctx, door);
}
