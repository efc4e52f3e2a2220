/**
 * Apple's tools, replayed. Each recording is the stdout/stderr/exit code of one real
 * call, written in our own words after the output format of the real tool; the
 * comment beside each says what it was modelled on. `recordedDoor()` answers the
 * finalizer's process door from these by argv prefix, so the macOS logic runs on Linux.
 * (ditto and hdiutil also leave a small file where they were asked to write one.)
 * The recordings live in test/macos/recorded/; `fakeAppleBin()` puts stand-ins for the
 * tools on PATH (the preconditions look for them) that fail if they are ever run.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ProcessError, type RunOptions, type RunResult } from "../../tasks/lib/core/exec.ts";

/** Apple ID notarization credentials for the tests (fake; notarytool only ever sees recordings). */
export const NOTARY_CREDENTIALS = {
  APPLE_ID: "dev@example.com",
  APPLE_PASSWORD: "abcd-efgh-ijkl-mnop",
  APPLE_TEAM_ID: "TEAM123456",
} as const;

/**
 * The environment of a finalizer run that signs, notarizes and publishes: the fake Apple
 * tools first on PATH, the notary credentials, the updater key (read from `updaterKeyFile`)
 * with its password, and the GitHub token of the stand-in.
 */
export function publishingRunEnv(o: {
  bin: string;
  updaterKeyFile: string;
  updaterKeyPassword: string;
  githubToken: string;
}): Record<string, string | undefined> {
  return {
    PATH: `${o.bin}:${process.env.PATH}`,
    ...NOTARY_CREDENTIALS,
    TAURI_SIGNING_PRIVATE_KEY: readFileSync(o.updaterKeyFile, "utf8"),
    TAURI_SIGNING_PRIVATE_KEY_PASSWORD: o.updaterKeyPassword,
    GITHUB_TOKEN: o.githubToken,
    HOME: process.env.HOME,
  };
}

export const RECORDED_DIR = join(import.meta.dirname, "..", "macos", "recorded");

/** The text of one recording, e.g. `wait-accepted.json`. */
export const recorded = (name: string): string => readFileSync(join(RECORDED_DIR, name), "utf8");
const file = recorded;

export interface Recording extends RunResult {
  /** what real output it was modelled on */
  origin: string;
}

const rec = (origin: string, r: Partial<RunResult>): Recording => ({
  stdout: "",
  stderr: "",
  exitCode: 0,
  ...r,
  origin,
});

export const RECORDED = {
  submitNoWait: rec(
    "`xcrun notarytool submit X --no-wait --output-format json`: a progress line, then one JSON object {id, message, path}, exit 0; Apple has not looked at it yet",
    { stdout: file("submit-no-wait.json") },
  ),
  submitNoWaitOther: rec("the same for another submission (another id)", {
    stdout: file("submit-no-wait-other.json"),
  }),
  waitAccepted: rec(
    "`xcrun notarytool wait ID --timeout Nm --output-format json` once Apple accepted it: {id, message, status: Accepted}, exit 0",
    { stdout: file("wait-accepted.json") },
  ),
  waitInvalid: rec(
    "the same when Apple rejected the archive: status Invalid, a non-zero exit (release scripts test `if ! notarytool wait`)",
    { stdout: file("wait-invalid.json"), exitCode: 1 },
  ),
  waitTimeout: rec(
    "the same when --timeout ran out first: status In Progress with a timeout message, a non-zero exit",
    { stdout: file("wait-timeout.json"), exitCode: 1 },
  ),
  waitTimeoutNoJson: rec("a wait that gave up printing only an error line, no JSON (the status must come from info)", {
    stderr: file("wait-timeout-no-json.txt"),
    exitCode: 1,
  }),
  infoInProgress: rec(
    "`xcrun notarytool info ID --output-format json` before Apple finished: {createdDate, id, message, name, status: In Progress}",
    { stdout: file("info-in-progress.json") },
  ),
  infoAccepted: rec("the same once Apple accepted it", { stdout: file("info-accepted.json") }),
  logInvalid: rec(
    "`xcrun notarytool log ID --output-format json` for a rejected submission: issues with path/message/architecture",
    {
      stdout: file("log-invalid.json"),
    },
  ),
  hdiutilCreate: rec(
    "`hdiutil create -srcfolder ... -format UDZO X.dmg`: a progress row of dots, then `created: X.dmg`",
    {
      stdout: file("hdiutil-create.txt"),
    },
  ),
  displayDeveloperId: rec(
    "`codesign -dvvv X.app` (on stderr) for a notarizable app: runtime flag, the three Authority lines, Timestamp= and TeamIdentifier=",
    { stderr: file("codesign-display-devid.txt") },
  ),
  displayNoTimestamp: rec("the same for a signature made without --timestamp: `Signed Time=` instead of `Timestamp=`", {
    stderr: file("codesign-display-no-timestamp.txt"),
  }),
  displayAdHoc: rec(
    "`codesign -dvvv` on an ad-hoc signature: flags=0x2(adhoc), Signature=adhoc, TeamIdentifier=not set",
    {
      stderr: file("codesign-display-adhoc.txt"),
    },
  ),
  verifyValid: rec("`codesign --verify --deep --strict --verbose=2 X.app` on a good signature (stderr), exit 0", {
    stderr: file("codesign-verify-valid.txt"),
  }),
  verifySealed: rec(
    "the same after a file was added to the sealed bundle (an AppleDouble `._X`): `a sealed resource is missing or invalid`, exit 1",
    { stderr: file("codesign-verify-sealed.txt"), exitCode: 1 },
  ),
  stapleOk: rec("`xcrun stapler staple X.app`: `Processing:` lines, then `The staple and validate action worked!`", {
    stdout: file("stapler-staple-ok.txt"),
  }),
  validateOk: rec("`xcrun stapler validate X.app` with a ticket: `The validate action worked!`, exit 0", {
    stdout: file("stapler-validate-ok.txt"),
  }),
  validateMissing: rec(
    "`xcrun stapler validate` without a ticket: `X does not have a ticket stapled to it.`, exit 65",
    {
      stdout: file("stapler-validate-missing.txt"),
      exitCode: 65,
    },
  ),
  spctlAccepted: rec(
    "`spctl --assess --type execute --verbose=4 X.app` on a notarized app (stderr): accepted, source=Notarized Developer ID",
    {
      stderr: file("spctl-accepted.txt"),
    },
  ),
  spctlRejected: rec("the same on a signed but unnotarized app: rejected, source=Unnotarized Developer ID, exit 3", {
    stderr: file("spctl-rejected.txt"),
    exitCode: 3,
  }),
  findIdentity: rec(
    "`security find-identity -v -p codesigning K`: numbered SHA-1 + quoted name lines, then the count",
    {
      stdout: file("security-find-identity.txt"),
    },
  ),
  findIdentityNone: rec("the same on a keychain without a usable identity: `0 valid identities found`", {
    stdout: file("security-find-identity-none.txt"),
  }),
  listKeychains: rec("`security list-keychains -d user`: one quoted, indented path per line", {
    stdout: file("security-list-keychains.txt"),
  }),
  importOk: rec("`security import X.p12 -k K -P ... -T /usr/bin/codesign`: `1 identity imported.`", {
    stdout: file("security-import.txt"),
  }),
  importWrongPassword: rec(
    "the same with a wrong .p12 password: `MAC verification failed during PKCS12 import (wrong password?)`, exit 1",
    {
      stderr: file("security-import-wrong-password.txt"),
      exitCode: 1,
    },
  ),
  silent: rec(
    "the tools that print nothing on success (create-keychain, unlock-keychain, set-keychain-settings, codesign --sign, xattr, ditto)",
    {},
  ),
} as const;

export type RecordingName = keyof typeof RECORDED;

export interface Call {
  kind: "read" | "write";
  command: string[];
  cwd?: string;
}

/**
 * A door that answers by the longest matching argv prefix (`"codesign -dvvv"`), else
 * silently with exit 0. hdiutil also leaves a small file where it was asked to write.
 */
export function recordedDoor(rules: Record<string, RecordingName> = {}, parent?: string) {
  const calls: Call[] = [];
  const defaults: Record<string, RecordingName> = {
    "xcrun notarytool submit": "submitNoWait",
    "xcrun notarytool wait": "waitAccepted",
    "xcrun notarytool info": "infoInProgress",
    "xcrun notarytool log": "logInvalid",
    "xcrun stapler staple": "stapleOk",
    "xcrun stapler validate": "validateOk",
    "codesign -dvvv": "displayDeveloperId",
    "codesign --verify": "verifyValid",
    "spctl --assess": "spctlAccepted",
    "security find-identity": "findIdentity",
    "security list-keychains -d user": "listKeychains",
    "security import": "importOk",
    "hdiutil create": "hdiutilCreate",
  };
  const table = { ...defaults, ...rules };
  const answer = (kind: Call["kind"], command: string[], o: RunOptions): RunResult => {
    calls.push({ kind, command, cwd: o.cwd });
    const line = command.join(" ");
    const key = Object.keys(table)
      .filter((k) => line === k || line.startsWith(`${k} `))
      .sort((a, b) => b.length - a.length)[0];
    // `list-keychains -d user -s ...` sets the list: silent, unlike the bare read.
    const name = key && !(key === "security list-keychains -d user" && command.includes("-s")) ? table[key]! : "silent";
    // hdiutil and ditto leave a small file where they were asked to write (the notarizer hashes what it submits).
    const leave = (text: string) => {
      const out = join(o.cwd ?? parent ?? ".", command.at(-1)!);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
    };
    if (command[0] === "hdiutil" && command[1] === "create") leave("recorded disk image\n");
    if (command[0] === "ditto" && command[1] === "-c") leave(`recorded zip of ${command.at(-2)}\n`);
    const r = RECORDED[name];
    const result = { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
    // As the real door does: a failing call throws unless the caller reads the result itself.
    if (r.exitCode !== 0 && !o.nothrow) throw new ProcessError(command, result);
    return result;
  };
  return {
    calls,
    door: {
      read: async (c: string[], o: RunOptions) => answer("read", c, o),
      write: async (c: string[], o: RunOptions) => answer("write", c, o),
    },
  };
}

export const APPLE_TOOLS = ["codesign", "xattr", "ditto", "xcrun", "spctl", "hdiutil", "security"] as const;

/** `<dir>/bin` holding a stand-in for each of Apple's tools that fails if it is ever run (exit 99). */
export function fakeAppleBin(dir: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  for (const tool of APPLE_TOOLS) {
    writeFileSync(join(bin, tool), "#!/bin/sh\nexit 99\n");
    chmodSync(join(bin, tool), 0o755);
  }
  return bin;
}
