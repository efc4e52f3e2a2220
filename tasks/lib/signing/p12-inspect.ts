/**
 * One inspection of the signing material, shared by every `signing.*` check: the
 * structure (without the password) and the contents (with it).
 */
import type { CheckContext } from "../core/checks/types.ts";
import { memoFact } from "../core/checks/facts.ts";
import { readSigningMaterial, type SigningMaterial } from "./p12-material.ts";
import type { OpenResult, P12Algorithms } from "./pkcs12.ts";

export interface SigningReport {
  material: SigningMaterial;
  algorithms?: P12Algorithms;
  /** the bytes are not PKCS#12 */
  structureError?: string;
  opened?: OpenResult;
  /** expected identity and team id (environment first, then config) */
  expectedIdentity?: string;
  expectedTeamId?: string;
}

/** The fact key under which an entry passes the `--p12` path. */
export const P12_FACT = "signing.p12Path";

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    "signing.p12Path"?: string;
    "signing.report"?: Promise<SigningReport>;
  }
}

export async function inspectSigning(
  material: SigningMaterial,
  expected: { identity?: string; teamId?: string } = {},
): Promise<SigningReport> {
  const report: SigningReport = { material };
  if (expected.identity) report.expectedIdentity = expected.identity;
  if (expected.teamId) report.expectedTeamId = expected.teamId;
  if (!material.der) return report;
  // node-forge and the ASN.1 reader are loaded only when there is a certificate to read.
  const { openP12, readAlgorithms } = await import("./pkcs12.ts");
  try {
    report.algorithms = readAlgorithms(material.der);
  } catch (e) {
    report.structureError = (e as Error).message;
    return report;
  }
  const password = material.values.APPLE_CERTIFICATE_PASSWORD;
  if (password !== undefined) report.opened = openP12(material.der, password);
  return report;
}

export const signingReportOf = (ctx: CheckContext): Promise<SigningReport> =>
  memoFact(ctx, "signing.report", () => {
    const material = readSigningMaterial(ctx.env, ctx.facts[P12_FACT], ctx.root);
    return inspectSigning(material, {
      identity: ctx.env.APPLE_SIGNING_IDENTITY || ctx.config.macos.signingIdentity,
      teamId: ctx.env.APPLE_TEAM_ID || ctx.config.macos.teamId,
    });
  });
