/**
 * Notarization as commands and results. A file is submitted without waiting
 * (`submit --no-wait` prints its id at once), then `wait --timeout` blocks at most the
 * time left of the run's bound; `info` says where a submission stands when `wait`
 * printed no final status. Success is `status == "Accepted"` and nothing else (the
 * tools exit 0 on some rejections and non-zero on a timeout); on Invalid or Rejected
 * the log (`notarytool log <id>`) is fetched and its `issues` are shown.
 */
import { ReleaseError } from "../core/errors.ts";
import { NOTARY_STATUSES, NOTARY_WAIT } from "../core/platform/apple.ts";
import { envRef, type PlanStep } from "./steps.ts";

export interface SubmitResult {
  id: string | undefined;
  status: string;
  message: string | undefined;
}

export interface NotaryIssue {
  severity: string;
  path: string;
  message: string;
  architecture: string;
}

export const NOTARY_ENV = ["APPLE_ID", "APPLE_PASSWORD", "APPLE_TEAM_ID"] as const;
/** App Store Connect API key, under the names Tauri's bundler reads. */
export const API_KEY_ENV = { key: "APPLE_API_KEY_PATH", keyId: "APPLE_API_KEY", issuer: "APPLE_API_ISSUER" } as const;

/**
 * How notarytool authenticates: an Apple ID with an app-specific password, or an App
 * Store Connect API key (`--key AuthKey_ID.p8 --key-id ID --issuer UUID`). The key
 * file, its id and the issuer are not secrets and appear in the plan; the password
 * stays an environment reference the runner expands when the step runs.
 */
export type NotaryAuth = { kind: "apple-id" } | { kind: "api-key"; key: string; keyId: string; issuer: string };

export function credentialArgs(auth: NotaryAuth = { kind: "apple-id" }): string[] {
  if (auth.kind === "api-key") return ["--key", auth.key, "--key-id", auth.keyId, "--issuer", auth.issuer];
  return [
    "--apple-id",
    envRef("APPLE_ID"),
    "--team-id",
    envRef("APPLE_TEAM_ID"),
    "--password",
    envRef("APPLE_PASSWORD"),
  ];
}

/** The API key from flags, else the environment; undefined when neither names one. */
export function apiKeyAuth(
  flags: { key?: string; keyId?: string; issuer?: string },
  env: NodeJS.ProcessEnv,
): NotaryAuth | undefined {
  const key = flags.key ?? env[API_KEY_ENV.key];
  const keyId = flags.keyId ?? env[API_KEY_ENV.keyId];
  const issuer = flags.issuer ?? env[API_KEY_ENV.issuer];
  if (!key && !keyId && !issuer) return undefined;
  return { kind: "api-key", key: key ?? "", keyId: keyId ?? "", issuer: issuer ?? "" };
}

/** Submit and return at once with the submission's id. */
export function submitCommand(file: string, auth?: NotaryAuth): string[] {
  const noWait = NOTARY_WAIT.value.submitFlag;
  return ["xcrun", "notarytool", "submit", file, noWait, "--output-format", "json", ...credentialArgs(auth)];
}

/** Where the plan shows the id a submission gets when it runs (the runner puts the real one in). */
export const SUBMISSION_ID = "<submission-id>";

/** Wait for a submission, at most `minutes` (the runner lowers it to what is left of the run's bound). */
export function waitCommand(id: string, minutes: number, auth?: NotaryAuth): string[] {
  const timeout = `${Math.max(1, Math.ceil(minutes))}${NOTARY_WAIT.value.timeoutUnit}`;
  return ["xcrun", "notarytool", "wait", id, "--timeout", timeout, "--output-format", "json", ...credentialArgs(auth)];
}

export function infoCommand(id: string, auth?: NotaryAuth): string[] {
  return ["xcrun", "notarytool", "info", id, "--output-format", "json", ...credentialArgs(auth)];
}

export function logCommand(id: string, auth?: NotaryAuth): string[] {
  return ["xcrun", "notarytool", "log", id, "--output-format", "json", ...credentialArgs(auth)];
}

export const stapleCommand = (path: string) => ["xcrun", "stapler", "staple", path];
export const stapleValidateCommand = (path: string) => ["xcrun", "stapler", "validate", path];

/** The last JSON object in the output (notarytool may print progress lines before it). */
function lastJsonObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  for (let start = trimmed.lastIndexOf("{"); start >= 0; start = trimmed.lastIndexOf("{", start - 1)) {
    try {
      const v = JSON.parse(trimmed.slice(start));
      if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      /* try an earlier brace */
    }
  }
  return undefined;
}

export function parseSubmitOutput(stdout: string): SubmitResult {
  const doc = lastJsonObject(stdout);
  if (!doc || typeof doc.status !== "string") {
    throw new ReleaseError(
      "macos.notarize-failed",
      `Cannot read the notarization result: notarytool printed no JSON status\n${stdout.trim().slice(-2000)}`,
      "Check the Apple credentials (APPLE_ID, APPLE_PASSWORD as an app-specific password, APPLE_TEAM_ID) and run again.",
    );
  }
  return {
    id: typeof doc.id === "string" ? doc.id : undefined,
    status: doc.status,
    message: typeof doc.message === "string" ? doc.message : undefined,
  };
}

/** The id `submit --no-wait` printed; a refusal (credentials, network) names what it printed. */
export function parseSubmissionId(stdout: string): string {
  const doc = lastJsonObject(stdout);
  if (typeof doc?.id === "string" && doc.id) return doc.id;
  throw new ReleaseError(
    "macos.notarize-failed",
    `Cannot submit for notarization: notarytool printed no submission id\n${stdout.trim().slice(-2000)}`,
    "Check the Apple credentials (APPLE_ID, APPLE_PASSWORD as an app-specific password, APPLE_TEAM_ID, or the API key) and run again.",
  );
}

/** The status in a wait/info answer, or undefined when it printed none (an error, a timeout without JSON). */
export function statusIn(stdout: string): string | undefined {
  const doc = lastJsonObject(stdout);
  return typeof doc?.status === "string" ? doc.status : undefined;
}

const S = NOTARY_STATUSES.value;
export const isAccepted = (r: SubmitResult) => r.status === S.accepted;
/** Apple has finished with the submission (accepted or not). */
export const isFinal = (status: string | undefined) =>
  status !== undefined && (status === S.accepted || S.failed.includes(status));
export const isRejected = (status: string | undefined) => status !== undefined && S.failed.includes(status);

export function parseNotaryLog(stdout: string): {
  status: string | undefined;
  summary: string | undefined;
  issues: NotaryIssue[];
} {
  const doc = lastJsonObject(stdout) ?? {};
  const issues = Array.isArray(doc.issues) ? (doc.issues as Record<string, unknown>[]) : [];
  const s = (v: unknown) => (typeof v === "string" ? v : v == null ? "" : String(v));
  return {
    status: typeof doc.status === "string" ? doc.status : undefined,
    summary: typeof doc.statusSummary === "string" ? doc.statusSummary : undefined,
    issues: issues.map((i) => ({
      severity: s(i.severity) || "error",
      path: s(i.path),
      message: s(i.message),
      architecture: s(i.architecture),
    })),
  };
}

export function formatIssues(issues: readonly NotaryIssue[]): string {
  if (!issues.length) return "  (the log lists no issues)";
  return issues
    .map(
      (i) =>
        `  ${i.severity}: ${i.path || "(submission)"}${i.architecture ? ` [${i.architecture}]` : ""}: ${i.message}`,
    )
    .join("\n");
}

/** The refusal for a submission that was not accepted, with the log's issues. */
export function notarizationError(file: string, result: SubmitResult, logStdout: string | undefined): ReleaseError {
  const log = logStdout === undefined ? undefined : parseNotaryLog(logStdout);
  const detail = log ? `\n${log.summary ? `  ${log.summary}\n` : ""}${formatIssues(log.issues)}` : "";
  const hint =
    result.status === S.inProgress
      ? `Apple has not finished; check later with \`xcrun notarytool info ${result.id ?? "<id>"}\`, then run the finalizer again.`
      : "Fix each issue above (usually: sign every nested Mach-O with the hardened runtime and a timestamp), then run the finalizer again.";
  return new ReleaseError(
    "macos.notarize-failed",
    `Cannot notarize ${file}: status ${result.status}${result.id ? ` (submission ${result.id})` : ""}${result.message ? `: ${result.message}` : ""}${detail}`,
    hint,
  );
}

/**
 * Apple has not finished within the run's bound: nothing is lost, the submission is
 * recorded and the next run waits for it instead of submitting again.
 */
export function pendingError(file: string, id: string, record: string, minutes: number): ReleaseError {
  return new ReleaseError(
    "macos.notarize-pending",
    `Cannot notarize ${file} yet: Apple has not finished submission ${id} within the ${minutes}-minute bound; the submission is recorded in ${record}`,
    `Run the finalizer again with the same --output-dir (in CI, re-run the job: the record is kept as the run's artifact): it waits for submission ${id} instead of submitting again. To wait longer in one run, raise --notary-timeout (workflows.notaryTimeoutMinutes).`,
  );
}

export interface NotarizeOptions {
  auth?: NotaryAuth;
  /** the record of submissions, relative to the bundle's parent */
  record: string;
  timeoutMinutes: number;
  /** the bundle whose cdhash identifies the submitted code */
  cdhashOf?: string;
}

/** Submit (or resume a recorded submission), then wait within the bound: two steps, one file. */
export function planNotarization(file: string, o: NotarizeOptions): PlanStep[] {
  return [
    {
      kind: "notarize",
      command: submitCommand(file, o.auth),
      paths: [file],
      notary: { role: "submit", record: o.record, ...(o.cdhashOf ? { cdhashOf: o.cdhashOf } : {}) },
    },
    {
      kind: "notarize",
      command: waitCommand(SUBMISSION_ID, o.timeoutMinutes, o.auth),
      paths: [file],
      notary: { role: "wait", record: o.record, timeoutMinutes: o.timeoutMinutes },
    },
  ];
}
