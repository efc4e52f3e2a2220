/**
 * What the macOS finalizer and the signing checks rely on from Apple's tools: the
 * notary service's statuses, how `notarytool wait` is bounded, why a resumed
 * submission still staples after the app is signed again, and the PKCS#12 formats
 * `security import` and OpenSSL 3 accept.
 */
import { fact, type PlatformFact } from "./fact.ts";

const CHECKED = "2026-12-07";

/**
 * A submission's status as `notarytool info` / `wait` / `submit --wait` print it
 * (`--output-format json`, key `status`). Only Accepted may be stapled; Invalid and
 * Rejected are final and have a log; In Progress is not finished.
 */
export const NOTARY_STATUSES = fact(
  { accepted: "Accepted", inProgress: "In Progress", failed: ["Invalid", "Rejected"] as readonly string[] },
  "xcrun notarytool info/wait --output-format json (statuses of Apple's Notary API submissions: Accepted, In Progress, Invalid, Rejected)",
  CHECKED,
);

/**
 * `notarytool submit --no-wait` prints the submission's `id` at once; `notarytool wait
 * ID --timeout <n>m` blocks at most that long and exits non-zero when the submission is
 * not Accepted or the time ran out, so the status is read from its JSON (and from `info`
 * when that JSON has none); `notarytool log ID` prints the issues of a finished submission.
 */
export const NOTARY_WAIT = fact(
  { submitFlag: "--no-wait", timeoutUnit: "m" },
  "xcrun notarytool submit/wait/info/log --help; their use in public release scripts (wait --timeout 20m / 30m, log on a non-zero wait), read 2026-12-07",
  CHECKED,
);

/**
 * A notarization ticket lists the cdhash of each signed item, and `stapler` fetches the
 * ticket by the app's cdhash. The cdhash covers the code, Info.plist and the sealed
 * resources, not the signature's timestamp: the same bundle signed again has the same
 * cdhash, so a submission made before a rerun still covers it.
 */
export const NOTARY_TICKETS = fact(
  { keyedBy: "cdhash" },
  "https://developer.apple.com/forums/thread/710738 (Notarisation Fundamentals: ticketContents lists path, arch and cdhash)",
  CHECKED,
);

/**
 * macOS `security import` reads a PKCS#12 encrypted the legacy way (3DES/RC2 with a
 * SHA-1 MAC) and rejects OpenSSL 3's default (PBES2, AES-256, PBKDF2); OpenSSL 3 reads
 * the legacy format only with `-legacy`, which loads its legacy provider.
 */
export const PKCS12_FORMATS = fact(
  { securityImport: "legacy (3DES/RC2, SHA-1 MAC)", openssl3ReadsLegacyWith: "-legacy" },
  "the project's retrospective (a .p12 exported by OpenSSL 3 rejected by security import; re-export with -legacy); openssl-pkcs12(1) of OpenSSL 3 (-legacy); the test that runs the machine's openssl on a legacy .p12",
  CHECKED,
);

export const appleFacts: readonly PlatformFact<unknown>[] = [
  NOTARY_STATUSES,
  NOTARY_WAIT,
  NOTARY_TICKETS,
  PKCS12_FORMATS,
];
