/**
 * The Apple signing checks (`signing.*`): each reads the shared inspection and says
 * one thing that would otherwise fail 30 minutes later on a macOS runner.
 */
import type { CheckId } from "../core/codes.ts";
import { APPLE_SIGNING_ENV } from "../core/config/workflows-schema.ts";
import { fail, pass, skip, warn, type Check, type CheckContext, type CheckOutcome } from "../core/checks/types.ts";
import { signingReportOf, type SigningReport } from "./p12-inspect.ts";
import type { OpenResult } from "./pkcs12.ts";

type Opened = Extract<OpenResult, { ok: true }>;

/** One check's verdict over the inspection every `signing.*` check shares (made once per run). */
const inspectSigningOf = async (ctx: CheckContext, verdict: (r: SigningReport) => CheckOutcome) =>
  verdict(await signingReportOf(ctx));

const DAY = 24 * 60 * 60 * 1000;

export const signingChecks: Check[] = [
  {
    id: "signing.secrets-missing",
    title: "signing values are set",
    run: (ctx) =>
      inspectSigningOf(ctx, (r) => {
        const v = r.material.values;
        if (r.material.source === "none")
          return skip(
            "no signing material: pass --p12 FILE or set APPLE_CERTIFICATE and the other APPLE_* variables to check it",
          );
        // A certificate read from --p12 needs no APPLE_CERTIFICATE.
        const needed = APPLE_SIGNING_ENV.filter((n) => r.material.source !== "file" || n !== "APPLE_CERTIFICATE");
        const fallback: Partial<Record<string, string | undefined>> = {
          APPLE_SIGNING_IDENTITY: r.expectedIdentity,
          APPLE_TEAM_ID: r.expectedTeamId,
        };
        const unset = needed.filter((n) => v[n] === undefined && !fallback[n]);
        const empty = needed.filter((n) => v[n] !== undefined && v[n]!.trim() === "");
        const problems = [
          ...(unset.length ? [`unset: ${unset.join(", ")}`] : []),
          ...(empty.length ? [`set but empty: ${empty.join(", ")}`] : []),
        ];
        if (problems.length === 0) return pass("every signing value is set");
        const onlyNotarization = empty.length === 0 && unset.every((n) => n === "APPLE_ID" || n === "APPLE_PASSWORD");
        const message = `Cannot sign and notarize: ${problems.join("; ")}`;
        const fix =
          "Set each one (locally: export it; in CI: a repository secret, e.g. `tsx tasks/doctor.ts secrets push`).";
        return onlyNotarization && r.material.source === "file"
          ? warn(`${message} (needed for notarization)`, fix)
          : fail(message, fix);
      }),
  },
  {
    id: "signing.p12-invalid",
    title: "the certificate is a base64 PKCS#12",
    run: (ctx) =>
      inspectSigningOf(ctx, (r) => {
        if (r.material.readError)
          return fail(
            `Cannot read the certificate: ${r.material.readError}`,
            "Set APPLE_CERTIFICATE to the output of `base64 -i certificate.p12` (one line), or pass --p12 FILE.",
          );
        if (!r.material.der) return skip("no certificate given");
        if (r.structureError)
          return fail(
            `Cannot read the certificate: it is not a PKCS#12 file (${r.structureError})`,
            "Export the Developer ID certificate and its key from Keychain Access as .p12, or with `openssl pkcs12 -export -legacy`.",
          );
        return pass(
          `a PKCS#12 file (bags: ${r.algorithms!.encryption.join(", ")}; MAC ${r.algorithms!.macDigest ?? "none"})`,
        );
      }),
  },
  opened("signing.p12-password", "the password opens the .p12", (o) =>
    pass(`the password opens the .p12 (${o.certs.length} certificate(s))`),
  ),
  {
    id: "signing.p12-legacy-format",
    title: "the .p12 uses an encryption macOS can import",
    run: (ctx) =>
      inspectSigningOf(ctx, (r) => {
        if (!r.algorithms) return skip("no readable .p12 (see signing.p12-invalid)");
        const a = r.algorithms;
        const fix =
          "Re-export it: `openssl pkcs12 -in cert.p12 -nodes -out all.pem && openssl pkcs12 -export -legacy -in all.pem -out cert-legacy.p12`, then update APPLE_CERTIFICATE.";
        if (a.modern)
          return fail(
            `Cannot import the .p12 on macOS: it is encrypted with PBES2 (AES/PBKDF2, the OpenSSL 3 default), which \`security import\` rejects (bags: ${a.encryption.join(", ")})`,
            fix,
          );
        if (a.macDigest && a.macDigest !== "SHA-1")
          return warn(`the .p12 MAC uses ${a.macDigest}; older macOS versions only verify SHA-1`, fix);
        return pass(`legacy encryption macOS imports (${a.encryption.join(", ")}; MAC ${a.macDigest ?? "none"})`);
      }),
  },
  opened("signing.key-mismatch", "the .p12 holds the certificate's private key", (o) => {
    if (!o.hasKey)
      return fail(
        "Cannot sign: the .p12 holds no private key, only certificates",
        "Export the identity (certificate AND its private key) from Keychain Access: select both, Export 2 items… as .p12.",
      );
    if (!o.keyMatchesCert)
      return fail(
        "Cannot sign: the private key in the .p12 does not belong to its certificate",
        "Export the certificate together with its own private key.",
      );
    return pass("the private key matches the certificate");
  }),
  opened("signing.identity-mismatch", "the certificate is the configured identity", (o, r) => {
    const found = o.certs.map((c) => c.commonName);
    if (!r.expectedIdentity) return skip("no expected identity (set APPLE_SIGNING_IDENTITY or macos.signingIdentity)");
    if (found[0] === r.expectedIdentity) return pass(`identity "${found[0]}"`);
    return fail(
      `Cannot sign as "${r.expectedIdentity}": the .p12 holds ${found.map((f) => `"${f}"`).join(", ") || "no certificate"}`,
      `Set APPLE_SIGNING_IDENTITY to "${found[0] ?? ""}", or export the certificate of "${r.expectedIdentity}".`,
    );
  }),
  opened("signing.team-id-mismatch", "the certificate's team id is APPLE_TEAM_ID", (o, r) => {
    const leaf = o.certs[0];
    if (!leaf)
      return fail("Cannot read a team id: the .p12 holds no certificate", "Export the certificate with its key.");
    const team = leaf.organizationalUnit ?? /\(([A-Z0-9]{10})\)\s*$/.exec(leaf.commonName)?.[1];
    if (!r.expectedTeamId) return skip("no expected team id (set APPLE_TEAM_ID or macos.teamId)");
    if (team === r.expectedTeamId) return pass(`team id ${team}`);
    return fail(
      `Cannot notarize for team ${r.expectedTeamId}: the certificate belongs to team ${team ?? "(none)"}`,
      `Set APPLE_TEAM_ID to ${team ?? "the certificate's team id"}, or use the certificate of team ${r.expectedTeamId}.`,
    );
  }),
  opened("signing.not-developer-id", "the certificate is a Developer ID Application certificate", (o) => {
    const leaf = o.certs[0];
    if (leaf && leaf.commonName.startsWith("Developer ID Application:") && leaf.codeSigning)
      return pass(`"${leaf.commonName}" signs apps for distribution`);
    return fail(
      `Cannot distribute outside the App Store with "${leaf?.commonName ?? "no certificate"}": it is not a Developer ID Application certificate${leaf && !leaf.codeSigning ? " (no code signing usage)" : ""}`,
      'Create a "Developer ID Application" certificate in the Apple Developer account and export it with its key.',
    );
  }),
  opened("signing.cert-expiry", "the certificate is valid for at least 30 days", (o, _r, now) => {
    const leaf = o.certs[0];
    if (!leaf) return skip("no certificate");
    const until = leaf.notAfter.toISOString().slice(0, 10);
    const fix = "Renew the Developer ID Application certificate, export it, and update APPLE_CERTIFICATE.";
    if (leaf.notAfter.getTime() <= now.getTime()) return fail(`Cannot sign: the certificate expired on ${until}`, fix);
    if (leaf.notBefore.getTime() > now.getTime())
      return fail(
        `Cannot sign: the certificate is not valid before ${leaf.notBefore.toISOString().slice(0, 10)}`,
        "Check the machine clock, or wait until the certificate is valid.",
      );
    const days = Math.floor((leaf.notAfter.getTime() - now.getTime()) / DAY);
    if (days < 30) return warn(`the certificate expires in ${days} day(s), on ${until}`, fix);
    return pass(`valid until ${until} (${days} days)`);
  }),
];

/** A check that needs the .p12 opened with its password; skips (or fails on the password) otherwise. */
function opened(id: CheckId, title: string, body: (o: Opened, r: SigningReport, now: Date) => CheckOutcome): Check {
  return {
    id,
    title,
    run: (ctx) =>
      inspectSigningOf(ctx, (r) => {
        if (!r.opened)
          return skip(
            r.algorithms
              ? "no APPLE_CERTIFICATE_PASSWORD to open the .p12"
              : "no readable .p12 (see signing.p12-invalid)",
          );
        if (!r.opened.ok) {
          if (id !== "signing.p12-password") return skip("the .p12 could not be opened (see signing.p12-password)");
          if (r.opened.reason === "password")
            return fail(
              "Cannot open the .p12: APPLE_CERTIFICATE_PASSWORD is wrong (the MAC does not verify)",
              "Set APPLE_CERTIFICATE_PASSWORD to the password chosen when the .p12 was exported.",
            );
          return fail(
            `Cannot open the .p12: ${r.opened.detail}`,
            "Re-export it with `openssl pkcs12 -export -legacy`.",
          );
        }
        return body(r.opened, r, ctx.now);
      }),
  };
}
