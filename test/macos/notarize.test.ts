import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { RunOptions, RunResult } from "../../tasks/lib/core/exec.ts";
import { clearSecrets, redact } from "../../tasks/lib/core/redact.ts";
import {
  isAccepted,
  isFinal,
  notarizationError,
  parseNotaryLog,
  parseSubmissionId,
  parseSubmitOutput,
  planNotarization,
  statusIn,
} from "../../tasks/lib/macos/notarize.ts";
import { emptyRecord, resumable, withSubmission, type NotaryRecord } from "../../tasks/lib/macos/notary-record.ts";
import type { FinalizePlan } from "../../tasks/lib/macos/plan.ts";
import { runPlan } from "../../tasks/lib/macos/run.ts";
import type { PlanStep } from "../../tasks/lib/macos/steps.ts";
import { NOTARY_CREDENTIALS, recorded, recordedDoor, type RecordingName } from "../helpers/recorded.ts";
import { tempDirFor } from "../helpers/tmp.ts";

const LONG = "4b1f0a6e-2c4d-4e8f-9a1b-3c5d7e9f1a2b";
const REJECTED = "9c7a3c1e-88f2-4d1b-a7a1-5c2e3f9b0d11";

test("parseSubmissionId() reads the id `submit --no-wait` prints after its progress line; a refusal shows what it printed", () => {
  assert.equal(parseSubmissionId(recorded("submit-no-wait.json")), LONG);
  assert.throws(
    () => parseSubmissionId("Error: HTTP status code: 401. Unable to authenticate."),
    (e: Error & { code?: string }) =>
      e.code === "macos.notarize-failed" && /no submission id[\s\S]*401/.test(e.message),
  );
});

test("Accepted is the only success; Invalid and Rejected are final; In Progress and a JSON-less answer are not", () => {
  assert.equal(isAccepted(parseSubmitOutput(recorded("wait-accepted.json"))), true);
  assert.equal(isAccepted(parseSubmitOutput(recorded("wait-invalid.json"))), false);
  assert.equal(isAccepted({ id: "x", status: "accepted", message: undefined }), false, "no case folding");
  assert.deepEqual(
    ["wait-accepted.json", "wait-invalid.json", "wait-timeout.json", "info-in-progress.json"].map((f) =>
      isFinal(statusIn(recorded(f))),
    ),
    [true, true, false, false],
  );
  assert.equal(isFinal("Rejected"), true);
  assert.equal(statusIn(recorded("wait-timeout-no-json.txt")), undefined);
});

test("parseNotaryLog() lists each issue with path, message and architecture; the refusal carries them", () => {
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
    parseSubmitOutput(recorded("wait-invalid.json")),
    recorded("log-invalid.json"),
  );
  assert.equal(err.code, "macos.notarize-failed");
  assert.match(err.message, /status Invalid \(submission 9c7a3c1e/);
  assert.match(err.message, /error: Atlas\.zip\/Atlas\.app\/.*libcrypto\.3\.dylib \[arm64\]: The binary is not signed/);
  assert.match(err.fix ?? "", /hardened runtime/);
});

test("resumable(): the same file with the same bytes or the same signed code; never another file", () => {
  const at = "2026-12-07T09:00:00.000Z";
  const one = {
    file: "out/Atlas.zip",
    id: "a",
    sha256: "s1",
    cdhash: "c1",
    submitted: at,
    status: "In Progress",
    updated: at,
  };
  const rec: NotaryRecord = withSubmission(emptyRecord(), one);
  assert.equal(resumable(rec, { file: "out/Atlas.zip", sha256: "s1" })?.id, "a");
  assert.equal(resumable(rec, { file: "out/Atlas.zip", sha256: "s2", cdhash: "c1" })?.id, "a", "signed again");
  assert.equal(resumable(rec, { file: "out/Atlas.zip", sha256: "s2", cdhash: "c2" }), undefined, "other code");
  assert.equal(resumable(rec, { file: "out/Atlas.dmg", sha256: "s1" }), undefined);
  assert.equal(resumable(rec, { file: "out/Atlas.zip" }), undefined, "nothing to compare");
  // A status update replaces the entry of the same file and id; the same id for another file is another entry.
  const accepted = withSubmission(rec, { ...one, status: "Accepted" });
  assert.deepEqual(
    accepted.submissions.map((s) => s.status),
    ["Accepted"],
  );
  assert.equal(withSubmission(accepted, { ...one, file: "out/Atlas.dmg" }).submissions.length, 2);
});

/** The app signed and inspected, zipped, notarized within a bound, stapled: what the finalizer's plan does around Apple. */
function plan(timeoutMinutes = 60, extra: PlanStep[] = []): FinalizePlan {
  return {
    app: "Atlas.app",
    version: "1.4.0",
    arch: "aarch64",
    repairs: [],
    notes: [],
    cleanup: [],
    steps: [
      { kind: "inspect", command: ["codesign", "-dvvv", "Atlas.app"], paths: ["Atlas.app"] },
      {
        kind: "archive",
        command: ["ditto", "-c", "-k", "--keepParent", "Atlas.app", "out/Atlas.zip"],
        paths: ["Atlas.app", "out/Atlas.zip"],
      },
      ...planNotarization("out/Atlas.zip", { record: "out/notarization.json", timeoutMinutes, cdhashOf: "Atlas.app" }),
      { kind: "staple", command: ["xcrun", "stapler", "staple", "Atlas.app"], paths: ["Atlas.app"] },
      ...extra,
    ],
  };
}

/** A fake clock that moves only when a recorded call says Apple took time. */
function clock(start = Date.parse("2026-12-07T09:00:00Z")) {
  let t = start;
  return { now: () => t, advance: (minutes: number) => void (t += minutes * 60_000) };
}

function run(
  parent: string,
  rules: Record<string, RecordingName>,
  opts: { timeout?: number; clockAt?: ReturnType<typeof clock>; env?: NodeJS.ProcessEnv; extra?: PlanStep[] } = {},
) {
  const r = recordedDoor(rules, parent);
  const c = opts.clockAt ?? clock();
  const done = runPlan({
    parent,
    plan: plan(opts.timeout, opts.extra),
    env: opts.env ?? { ...NOTARY_CREDENTIALS },
    door: r.door,
    publish: { tagPrefix: "v", now: new Date(0) },
    clock: c.now,
  });
  return { calls: r.calls, done };
}

const notary = (calls: { command: string[] }[]) =>
  calls.filter((c) => c.command[1] === "notarytool").map((c) => `${c.command[2]} ${c.command[3]}`);
const recordOf = (parent: string): NotaryRecord =>
  JSON.parse(readFileSync(join(parent, "out/notarization.json"), "utf8"));

test("submit without waiting, record the id, wait within the bound, staple after Accepted", async (t) => {
  const parent = tempDirFor(t);
  const { calls, done } = run(parent, {});
  await done;
  assert.deepEqual(notary(calls), [`submit out/Atlas.zip`, `wait ${LONG}`]);
  const submit = calls.find((c) => c.command[2] === "submit")!.command;
  assert.ok(submit.includes("--no-wait") && !submit.includes("--wait"), submit.join(" "));
  assert.ok(submit.includes("abcd-efgh-ijkl-mnop"), "credentials are expanded only when the step runs");
  const wait = calls.find((c) => c.command[2] === "wait")!.command;
  assert.deepEqual(wait.slice(4, 6), ["--timeout", "60m"]);
  assert.ok(calls.at(-1)!.command.join(" ").startsWith("xcrun stapler staple"));
  const [sub] = recordOf(parent).submissions;
  assert.equal(sub!.id, LONG);
  assert.equal(sub!.status, "Accepted");
  assert.equal(sub!.cdhash, "3f1c0a7be2d94c1e6a8b5f0d2c4e6a8b1d3f5a7c", "the inspected app's cdhash");
  assert.match(sub!.sha256 ?? "", /^[0-9a-f]{64}$/);
  assert.equal(sub!.submitted, "2026-12-07T09:00:00.000Z");
});

test("submit → timeout → the next run resumes the recorded id without submitting again → Accepted", async (t) => {
  const parent = tempDirFor(t);
  const first = run(parent, { "xcrun notarytool wait": "waitTimeout" });
  await assert.rejects(first.done, (e: Error & { code?: string; fix?: string }) => {
    assert.equal(e.code, "macos.notarize-pending");
    assert.match(
      e.message,
      new RegExp(`submission ${LONG} within the 60-minute bound; .*recorded in out/notarization\\.json`),
    );
    assert.match(e.fix ?? "", /same --output-dir .* re-run the job/);
    return true;
  });
  // wait gave up, info confirmed Apple is still at it; nothing was stapled.
  assert.deepEqual(notary(first.calls), [`submit out/Atlas.zip`, `wait ${LONG}`, `info ${LONG}`]);
  assert.ok(!first.calls.some((c) => c.command.includes("stapler")));
  assert.equal(recordOf(parent).submissions[0]!.status, "In Progress");

  // The rerun zips the app again (new bytes: the zip's own timestamps), but the signed code is the same.
  writeFileSync(join(parent, "out/Atlas.zip"), "zipped again\n");
  const second = run(parent, {});
  await second.done;
  assert.deepEqual(notary(second.calls), [`wait ${LONG}`], "no second submission of the same bundle");
  assert.ok(second.calls.at(-1)!.command.join(" ").startsWith("xcrun stapler staple"));
  assert.deepEqual(
    recordOf(parent).submissions.map((s) => [s.id, s.status]),
    [[LONG, "Accepted"]],
  );
});

test("a wait that prints no JSON is settled by info: Accepted there staples", async (t) => {
  const parent = tempDirFor(t);
  const { calls, done } = run(parent, {
    "xcrun notarytool wait": "waitTimeoutNoJson",
    "xcrun notarytool info": "infoAccepted",
  });
  await done;
  assert.deepEqual(notary(calls), [`submit out/Atlas.zip`, `wait ${LONG}`, `info ${LONG}`]);
  assert.ok(calls.at(-1)!.command.includes("stapler"));
});

test("Invalid fetches and prints the log, never staples; a rerun of the same code reports it again without submitting", async (t) => {
  clearSecrets();
  const parent = tempDirFor(t);
  const rules: Record<string, RecordingName> = {
    "xcrun notarytool submit": "submitNoWaitOther",
    "xcrun notarytool wait": "waitInvalid",
  };
  const first = run(parent, rules);
  await assert.rejects(
    first.done,
    /status Invalid \(submission 9c7a3c1e[\s\S]*libcrypto\.3\.dylib \[arm64\]: The binary is not signed/,
  );
  assert.deepEqual(notary(first.calls), [`submit out/Atlas.zip`, `wait ${REJECTED}`, `log ${REJECTED}`]);
  assert.ok(!first.calls.some((c) => c.command.includes("stapler")));
  assert.equal(recordOf(parent).submissions[0]!.status, "Invalid");
  assert.equal(redact("pw abcd-efgh-ijkl-mnop"), "pw ***", "the notary password is registered as a secret");

  const second = run(parent, rules);
  await assert.rejects(second.done, /status Invalid/);
  assert.deepEqual(notary(second.calls), [`log ${REJECTED}`], "Apple's answer for this code is known");
});

test("code that changed since the recorded submission is submitted anew", async (t) => {
  const parent = tempDirFor(t);
  await run(parent, {
    "xcrun notarytool submit": "submitNoWaitOther",
    "xcrun notarytool wait": "waitInvalid",
  }).done.catch(() => undefined);
  // Fixed, signed and zipped again: other bytes and another cdhash, so the Invalid submission is not this code's.
  const r = recordedDoor({}, parent);
  const door = {
    read: (c: string[], o: RunOptions): Promise<RunResult> =>
      c[0] === "codesign" && c[1] === "-dvvv"
        ? Promise.resolve({
            stdout: "",
            stderr: recorded("codesign-display-devid.txt").replace(/CDHash=\w+/, "CDHash=77aa"),
            exitCode: 0,
          })
        : r.door.read(c, o),
    write: async (c: string[], o: RunOptions) => {
      const result = await r.door.write(c, o);
      if (c[0] === "ditto") writeFileSync(join(parent, "out/Atlas.zip"), "fixed build\n");
      return result;
    },
  };
  await runPlan({
    parent,
    plan: plan(),
    env: { ...NOTARY_CREDENTIALS },
    door,
    publish: { tagPrefix: "v", now: new Date(0) },
  });
  assert.deepEqual(notary(r.calls), [`submit out/Atlas.zip`, `wait ${LONG}`]);
  assert.deepEqual(
    recordOf(parent).submissions.map((s) => [s.id, s.status, s.cdhash]),
    [
      [REJECTED, "Invalid", "3f1c0a7be2d94c1e6a8b5f0d2c4e6a8b1d3f5a7c"],
      [LONG, "Accepted", "77aa"],
    ],
  );
});

test("every wait of a run shares one bound: the DMG waits only what the app's wait left", async (t) => {
  const parent = tempDirFor(t);
  writeFileSync(join(parent, "Atlas.dmg"), "disk image\n");
  const c = clock();
  const r = recordedDoor({}, parent);
  // Apple took 45 minutes over the app.
  const door = {
    read: async (cmd: string[], o: RunOptions) => {
      if (cmd[2] === "wait" && !r.calls.some((x) => x.command[2] === "wait")) c.advance(45);
      return r.door.read(cmd, o);
    },
    write: r.door.write,
  };
  const dmg = planNotarization("Atlas.dmg", { record: "out/notarization.json", timeoutMinutes: 60 });
  await runPlan({
    parent,
    plan: plan(60, dmg),
    env: { ...NOTARY_CREDENTIALS },
    door,
    publish: { tagPrefix: "v", now: new Date(0) },
    clock: c.now,
  });
  const waits = r.calls.filter((x) => x.command[2] === "wait").map((x) => x.command[5]);
  assert.deepEqual(waits, ["60m", "15m"]);
  assert.deepEqual(
    recordOf(parent).submissions.map((s) => s.file),
    ["out/Atlas.zip", "Atlas.dmg"],
  );
});

test("a bound spent on the app's wait leaves the DMG asked once (info), not waited for; the rerun resumes both", async (t) => {
  const parent = tempDirFor(t);
  writeFileSync(join(parent, "Atlas.dmg"), "disk image\n");
  const dmg = planNotarization("Atlas.dmg", { record: "out/notarization.json", timeoutMinutes: 60 });
  const c = clock();
  const r = recordedDoor({}, parent);
  const door = {
    // Apple took the whole hour over the app, then accepted it.
    read: async (cmd: string[], o: RunOptions) => (cmd[2] === "wait" && c.advance(60), r.door.read(cmd, o)),
    write: r.door.write,
  };
  const ctx = {
    parent,
    plan: plan(60, dmg),
    env: { ...NOTARY_CREDENTIALS },
    door,
    publish: { tagPrefix: "v", now: new Date(0) },
    clock: c.now,
  };
  await assert.rejects(
    runPlan(ctx),
    (e: Error & { code?: string }) => e.code === "macos.notarize-pending" && /Atlas\.dmg/.test(e.message),
  );
  assert.deepEqual(notary(r.calls), [`submit out/Atlas.zip`, `wait ${LONG}`, `submit Atlas.dmg`, `info ${LONG}`]);

  const again = recordedDoor({}, parent);
  await runPlan({ ...ctx, door: again.door, clock: clock().now });
  assert.deepEqual(
    notary(again.calls),
    [`wait ${LONG}`],
    "the app's Accepted is known; the DMG's submission is waited for",
  );
  assert.deepEqual(
    recordOf(parent).submissions.map((s) => [s.file, s.status]),
    [
      ["out/Atlas.zip", "Accepted"],
      ["Atlas.dmg", "Accepted"],
    ],
  );
});

test("the log and info of an API-key submission are read with the same API key, never an Apple ID", async (t) => {
  const parent = tempDirFor(t);
  const apiKey = [
    "--key",
    "AuthKey_ABC1234567.p8",
    "--key-id",
    "ABC1234567",
    "--issuer",
    "69a6de7e-1111-2222-3333-5bc37c11a4d1",
  ];
  const r = recordedDoor(
    { "xcrun notarytool submit": "submitNoWaitOther", "xcrun notarytool wait": "waitInvalid" },
    parent,
  );
  const p = plan();
  const steps = p.steps.map((s) =>
    s.kind === "notarize" ? { ...s, command: [...s.command.slice(0, s.command.indexOf("json") + 1), ...apiKey] } : s,
  );
  await assert.rejects(
    runPlan({ parent, plan: { ...p, steps }, env: {}, door: r.door, publish: { tagPrefix: "v", now: new Date(0) } }),
    /status Invalid/,
  );
  const log = r.calls.at(-1)!.command;
  assert.deepEqual(log.slice(0, 4), ["xcrun", "notarytool", "log", REJECTED]);
  assert.deepEqual(log.slice(-6), apiKey);
  assert.ok(!log.includes("--apple-id"));
});

test("a record that is not the finalizer's stops the run before anything is submitted", async (t) => {
  const parent = tempDirFor(t);
  mkdirSync(join(parent, "out"));
  writeFileSync(join(parent, "out/notarization.json"), "{ not json");
  const { calls, done } = run(parent, {});
  await assert.rejects(done, (e: Error & { code?: string }) => e.code === "macos.notarize-record");
  assert.deepEqual(notary(calls), []);
});
