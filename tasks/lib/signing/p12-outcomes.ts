/** Glue between the shared signing inspection and one check's verdict. */
import type { CheckContext, CheckOutcome } from "../core/checks/types.ts";
import { signingReportOf, type SigningReport } from "./p12-inspect.ts";
import type { OpenResult } from "./pkcs12.ts";

export type Opened = Extract<OpenResult, { ok: true }>;

export async function inspectSigningOf(
  ctx: CheckContext,
  verdict: (r: SigningReport) => CheckOutcome,
): Promise<CheckOutcome> {
  return verdict(await signingReportOf(ctx));
}
