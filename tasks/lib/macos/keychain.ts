/**
 * A temporary keychain for a CI runner, as data: the Developer ID certificate
 * (`--p12 FILE`, or `APPLE_CERTIFICATE` as base64) is imported into a keychain made for
 * this run, unlocked, opened to codesign without a prompt (partition list), and put on
 * the user search list (codesign and notarytool look there). Its identity is checked
 * before the bundle is touched. The cleanup steps restore the search list and delete
 * the keychain; the runner runs them even when a step fails.
 */
import { envRef, type PlanStep, type ProgramStep } from "./steps.ts";

export const KEYCHAIN_PASSWORD_ENV = "FINALIZE_KEYCHAIN_PASSWORD";
export const CERTIFICATE_ENV = "APPLE_CERTIFICATE";
export const CERTIFICATE_PASSWORD_ENV = "APPLE_CERTIFICATE_PASSWORD";
/** Stands for the user's keychain search list as it was before the run (read when the step runs). */
export const SEARCH_LIST = "<current search list>";

export interface KeychainOptions {
  /** the keychain file to create (temporary), or the existing one passed with --keychain */
  path: string;
  /** create and import: the .p12 to import; undefined for an existing --keychain */
  p12?: string;
  /** the .p12 comes from APPLE_CERTIFICATE: decoded to `p12` first */
  fromEnv?: boolean;
  /** the identity to look for ("$APPLE_SIGNING_IDENTITY" or a name); undefined: the one Developer ID */
  identity?: string;
}

const security = (...args: string[]): ProgramStep => ({ kind: "keychain", command: ["security", ...args], paths: [] });

export function planKeychain(o: KeychainOptions): { steps: PlanStep[]; cleanup: PlanStep[] } {
  const check: ProgramStep = {
    kind: "keychain",
    command: ["security", "find-identity", "-v", "-p", "codesigning", o.path],
    paths: [o.path],
  };
  if (!o.p12) return { steps: [check], cleanup: [] };
  const pw = envRef(KEYCHAIN_PASSWORD_ENV);
  const steps: PlanStep[] = [];
  if (o.fromEnv)
    steps.push({
      kind: "keychain",
      inProcess: "write-certificate",
      command: ["node:p12", "decode", envRef(CERTIFICATE_ENV), o.p12],
      paths: [o.p12],
    });
  steps.push(
    { ...security("create-keychain", "-p", pw, o.path), paths: [o.path] },
    // Locks after 6 hours, never on sleep: long notarizations must not find it locked.
    { ...security("set-keychain-settings", "-lut", "21600", o.path), paths: [o.path] },
    { ...security("unlock-keychain", "-p", pw, o.path), paths: [o.path] },
    {
      ...security(
        "import",
        o.p12,
        "-k",
        o.path,
        "-f",
        "pkcs12",
        "-P",
        envRef(CERTIFICATE_PASSWORD_ENV),
        "-T",
        "/usr/bin/codesign",
      ),
      paths: [o.p12, o.path],
    },
    {
      ...security("set-key-partition-list", "-S", "apple-tool:,apple:,codesign:", "-s", "-k", pw, o.path),
      paths: [o.path],
    },
    { ...security("list-keychains", "-d", "user", "-s", o.path, SEARCH_LIST), paths: [o.path] },
    check,
  );
  const cleanup: PlanStep[] = [
    security("list-keychains", "-d", "user", "-s", SEARCH_LIST),
    { ...security("delete-keychain", o.path), paths: [o.path] },
  ];
  if (o.fromEnv)
    cleanup.push({ kind: "keychain", inProcess: "remove-file", command: ["node:rm", o.p12], paths: [o.p12] });
  return { steps, cleanup };
}

/** `security list-keychains -d user` prints one quoted path per line. */
export function parseSearchList(stdout: string): string[] {
  return [...stdout.matchAll(/^\s*"([^"]+)"\s*$/gm)].map((m) => m[1]!);
}

/** `1) HASH "Developer ID Application: Name (TEAM)"` lines -> the valid identities' names. */
export function parseIdentities(stdout: string): string[] {
  return [...stdout.matchAll(/^\s*\d+\)\s+[0-9A-F]{40}\s+"([^"]+)"/gm)].map((m) => m[1]!);
}

/**
 * The identity to sign with, from a find-identity listing: the given one (by name or
 * SHA-1), else the only Developer ID Application. The message says what is there.
 */
export function chooseIdentity(
  stdout: string,
  wanted: string | undefined,
): { ok: true; identity: string } | { ok: false; reason: string } {
  const names = parseIdentities(stdout);
  const hashes = [...stdout.matchAll(/^\s*\d+\)\s+([0-9A-F]{40})\s+"/gm)].map((m) => m[1]!);
  const listed = names.length ? names.join(", ") : "no valid codesigning identity";
  if (wanted) {
    if (names.includes(wanted) || hashes.includes(wanted.toUpperCase())) return { ok: true, identity: wanted };
    return { ok: false, reason: `the identity "${wanted}" is not there (found: ${listed})` };
  }
  const devId = names.filter((n) => n.startsWith("Developer ID Application:"));
  if (devId.length === 1) return { ok: true, identity: devId[0]! };
  return {
    ok: false,
    reason: devId.length
      ? `several Developer ID Application identities: ${devId.join(", ")}`
      : `no Developer ID Application identity (found: ${listed})`,
  };
}
