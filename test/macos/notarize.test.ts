import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunOptions, RunResult } from "../../tasks/lib/core/exec.ts";
import { isAccepted, notarizationError, parseNotaryLog, parseSubmitOutput } from "../../tasks/lib/macos/notarize.ts";
import type { FinalizePlan } from "../../tasks/lib/macos/plan.ts";
import { clearSecrets, redact } from "../../tasks/lib/core/redact.ts";
import { runPlan } from "../../tasks/lib/macos/run.ts";
import { NOTARY_CREDENTIALS, recorded } from "../helpers/recorded.ts";

test("parseSubmitOutput(): Accepted is the only success", () => {
  const ok = parseSubmitOutput(recorded("submit-accepted.json"));
  assert.deepEqual(ok, {
    id: "2efe2717-52ef-43a5-96dc-0797e4ca1041",
    status: "Accepted",
    message: "Processing complete",
  });
  assert.equal(isAccepted(ok), true);
  assert.equal(isAccepted(parseSubmitOutput(recorded("submit-invalid.json"))), false);
  assert.equal(isAccepted(parseSubmitOutput(recorded("submit-in-progress.json"))), false);
  assert.equal(isAccepted({ id: "x", status: "accepted", message: undefined }), false, "no case folding");
  assert.throws(
    () => parseSubmitOutput("Error: HTTP status code: 401. Unable to authenticate."),
    /printed no JSON status[\s\S]*401/,
  );
});

test("parseNotaryLog() lists each issue with path, message and architecture", () => {
  const log = parseNotaryLog(recorded("log-invalid.json"));
  assert.equal(log.status, "Invalid");
  assert.deepEqual(
    log.issues.map((i) => [i.path.split("/").pop(), i.architecture]),
    [
      ["libcrypto.3.dylib", "arm64"],
      ["atlas-server", "arm64"],
    ],
  );
  const err = notarizationError(
    "out/Atlas.zip",
    parseSubmitOutput(recorded("submit-invalid.json")),
    recorded("log-invalid.json"),
  );
  assert.equal(err.code, "macos.notarize-failed");
  assert.match(err.message, /status Invalid \(submission 9c7a3c1e/);
  assert.match(err.message, /error: Atlas\.zip\/Atlas\.app\/.*libcrypto\.3\.dylib \[arm64\]: The binary is not signed/);
  assert.match(err.message, /hardened runtime/);
  const pending = notarizationError("out/Atlas.zip", parseSubmitOutput(recorded("submit-in-progress.json")), undefined);
  assert.match(pending.fix ?? "", /notarytool info 4b1f0a6e/);
});

/** A process door that replays recorded results and remembers every command. */
function replay(results: Record<string, RunResult>) {
  const calls: { kind: "read" | "write"; command: string[]; cwd: string }[] = [];
  const answer = (command: string[]): RunResult => {
    const key = Object.keys(results).find((k) => command.join(" ").startsWith(k));
    return key ? results[key]! : { stdout: "", stderr: "", exitCode: 0 };
  };
  return {
    calls,
    door: {
      read: async (command: string[], o: RunOptions) => (
        calls.push({ kind: "read", command, cwd: o.cwd }), answer(command)
      ),
      write: async (command: string[], o: RunOptions) => (
        calls.push({ kind: "write", command, cwd: o.cwd }), answer(command)
      ),
    },
  };
}

const PLAN: FinalizePlan = {
  app: "Atlas.app",
  version: "1.4.0",
  arch: "aarch64",
  repairs: [],
  notes: [],
  cleanup: [],
  steps: [
    { kind: "codesign", command: ["codesign", "--force", "--sign", "ID", "Atlas.app"], paths: ["Atlas.app"] },
    {
      kind: "verify",
      command: ["codesign", "--verify", "--deep", "--strict", "--verbose=2", "Atlas.app"],
      paths: ["Atlas.app"],
    },
    {
      kind: "archive",
      command: ["ditto", "-c", "-k", "--keepParent", "Atlas.app", "out/Atlas.zip"],
      paths: ["Atlas.app", "out/Atlas.zip"],
    },
    {
      kind: "notarize",
      command: [
        "xcrun",
        "notarytool",
        "submit",
        "out/Atlas.zip",
        "--wait",
        "--output-format",
        "json",
        "--apple-id",
        "$APPLE_ID",
        "--team-id",
        "$APPLE_TEAM_ID",
        "--password",
        "$APPLE_PASSWORD",
      ],
      paths: ["out/Atlas.zip"],
    },
    { kind: "staple", command: ["xcrun", "stapler", "staple", "Atlas.app"], paths: ["Atlas.app"] },
  ],
};
const ENV = { ...NOTARY_CREDENTIALS };
const ctx = (door: ReturnType<typeof replay>["door"]) => ({
  parent: "/work-parent",
  plan: PLAN,
  env: ENV,
  door,
  publish: { tagPrefix: "v", now: new Date(0) },
});

test("runPlan() runs each step from the bundle's parent and staples after an Accepted submission", async () => {
  const r = replay({
    "xcrun notarytool submit": { stdout: recorded("submit-accepted.json"), stderr: "", exitCode: 0 },
  });
  await runPlan(ctx(r.door));
  assert.deepEqual(
    r.calls.map((c) => `${c.kind} ${c.command.slice(0, 3).join(" ")}`),
    [
      "write codesign --force --sign",
      "write codesign --verify --deep",
      "write ditto -c -k",
      "write xcrun notarytool submit",
      "write xcrun stapler staple",
    ],
  );
  assert.ok(r.calls.every((c) => c.cwd === "/work-parent"));
  assert.ok(r.calls[3]!.command.includes("abcd-efgh-ijkl-mnop"), "credentials are expanded only when the step runs");
});

test("runPlan() stops on Invalid (exit 0 from notarytool), fetches the log, prints its issues and never staples", async () => {
  clearSecrets();
  const r = replay({
    "xcrun notarytool submit": { stdout: recorded("submit-invalid.json"), stderr: "", exitCode: 0 },
    "xcrun notarytool log 9c7a3c1e-88f2-4d1b-a7a1-5c2e3f9b0d11": {
      stdout: recorded("log-invalid.json"),
      stderr: "",
      exitCode: 0,
    },
  });
  await assert.rejects(runPlan(ctx(r.door)), /status Invalid[\s\S]*libcrypto\.3\.dylib \[arm64\]/);
  assert.deepEqual(r.calls.slice(-1)[0]!.command.slice(0, 4), [
    "xcrun",
    "notarytool",
    "log",
    "9c7a3c1e-88f2-4d1b-a7a1-5c2e3f9b0d11",
  ]);
  assert.ok(!r.calls.some((c) => c.command.includes("stapler")));
  assert.equal(redact("pw abcd-efgh-ijkl-mnop"), "pw ***", "the notary password is registered as a secret");
});

test("runPlan() treats In Progress as a failure even when the log is not available yet", async () => {
  const r = replay({
    "xcrun notarytool submit": { stdout: recorded("submit-in-progress.json"), stderr: "", exitCode: 0 },
    "xcrun notarytool log": {
      stdout: '{"message":"Submission log is not yet available or submissionId does not exist"}',
      stderr: "",
      exitCode: 69,
    },
  });
  await assert.rejects(runPlan(ctx(r.door)), (e: Error & { fix?: string }) => {
    assert.match(e.message, /status In Progress/);
    assert.match(e.fix ?? "", /notarytool info/);
    return true;
  });
  assert.ok(!r.calls.some((c) => c.command.includes("stapler")));
});

test("runPlan() reads the log of a rejected API-key submission with the same API key, never an Apple ID", async () => {
  const r = replay({
    "xcrun notarytool submit": { stdout: recorded("submit-invalid.json"), stderr: "", exitCode: 0 },
    "xcrun notarytool log": { stdout: recorded("log-invalid.json"), stderr: "", exitCode: 0 },
  });
  const apiKey = [
    "--key",
    "AuthKey_ABC1234567.p8",
    "--key-id",
    "ABC1234567",
    "--issuer",
    "69a6de7e-1111-2222-3333-5bc37c11a4d1",
  ];
  const steps = PLAN.steps.map((s) =>
    s.kind === "notarize" ? { ...s, command: [...s.command.slice(0, s.command.indexOf("json") + 1), ...apiKey] } : s,
  );
  await assert.rejects(runPlan({ ...ctx(r.door), plan: { ...PLAN, steps }, env: {} }), /status Invalid/);
  const log = r.calls.at(-1)!.command;
  assert.deepEqual(log.slice(0, 4), ["xcrun", "notarytool", "log", "9c7a3c1e-88f2-4d1b-a7a1-5c2e3f9b0d11"]);
  assert.deepEqual(log.slice(-6), apiKey);
  assert.ok(!log.includes("--apple-id"));
});
