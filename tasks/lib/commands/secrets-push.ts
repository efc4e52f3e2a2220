/**
 * `tsx tasks/doctor.ts secrets push`: run the signing (and updater key) checks on the
 * local material, and only when none fails, seal each value with the repository's
 * public key (libsodium sealed box, as GitHub requires) and upload it as an Actions
 * secret. Prints names, never values.
 */
import sodium from "libsodium-wrappers";
import { runChecks } from "../core/checks/run.ts";
import type { CheckContext, CheckResult } from "../core/checks/types.ts";
import { githubOf } from "../github/check-client.ts";
import { ReleaseError } from "../core/errors.ts";
import { githubError } from "../github/errors.ts";
import { splitRepo } from "../github/releases.ts";
import { log, out } from "../core/log.ts";
import { registerSecret } from "../core/redact.ts";
import { signingChecks } from "../signing/p12-checks.ts";
import { signingReportOf } from "../signing/p12-inspect.ts";
import { APPLE_SIGNING_ENV } from "../core/config/workflows-schema.ts";
import { updaterKeyChecks } from "../signing/updater-key-checks.ts";
import { renderHuman } from "../doctor/report.ts";

/** Which secrets to upload (pure): the signing values that are set, plus the updater key when given. */
export function secretsToPush(
  values: Record<string, string | undefined>,
  certificateBase64: string | undefined,
  env: NodeJS.ProcessEnv,
): [string, string][] {
  const out: [string, string][] = [];
  for (const name of APPLE_SIGNING_ENV) {
    const v = name === "APPLE_CERTIFICATE" ? certificateBase64 : values[name];
    if (v !== undefined && v !== "") out.push([name, v]);
  }
  if (env.TAURI_SIGNING_PRIVATE_KEY) out.push(["TAURI_SIGNING_PRIVATE_KEY", env.TAURI_SIGNING_PRIVATE_KEY]);
  if (env.TAURI_SIGNING_PRIVATE_KEY_PASSWORD !== undefined && env.TAURI_SIGNING_PRIVATE_KEY)
    out.push(["TAURI_SIGNING_PRIVATE_KEY_PASSWORD", env.TAURI_SIGNING_PRIVATE_KEY_PASSWORD]);
  return out;
}

export async function seal(value: string, publicKeyBase64: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), key), sodium.base64_variants.ORIGINAL);
}

export async function secretsPush(ctx: CheckContext, opts: { json: boolean }): Promise<number> {
  const report = await signingReportOf(ctx);
  if (report.material.source === "none")
    throw new ReleaseError(
      "signing.secrets-missing",
      "Cannot push secrets: no signing material",
      "Pass --p12 FILE (with APPLE_CERTIFICATE_PASSWORD) or set APPLE_CERTIFICATE and the other APPLE_* variables.",
    );
  const results: CheckResult[] = await runChecks([...signingChecks, ...updaterKeyChecks], ctx);
  const failed = results.filter((r) => r.status === "fail");
  if (failed.length) {
    log(renderHuman(results));
    if (opts.json) out(JSON.stringify({ ok: false, pushed: [], checks: results }, null, 2));
    throw new ReleaseError(
      failed[0]!.id,
      `Cannot push secrets: ${failed.map((f) => f.id).join(", ")} failed, so nothing was uploaded`,
      failed[0]!.fix ?? "Fix the material above and run again.",
    );
  }
  const { gh, reason } = await githubOf({ ...ctx, offline: ctx.offline ?? false });
  if (!gh)
    throw new ReleaseError(
      "github.token",
      `Cannot push secrets: ${reason}`,
      "Set GH_TOKEN to a token with admin access to the repository, and do not pass --offline.",
    );
  const der = report.material.der;
  const certificate = der ? Buffer.from(der).toString("base64") : undefined;
  registerSecret(certificate);
  const secrets = secretsToPush(report.material.values, certificate, ctx.env);
  const { owner, repo } = splitRepo(ctx.config.repository!);
  const pushed: string[] = [];
  try {
    const { key, key_id } = (await gh.rest.actions.getRepoPublicKey({ owner, repo })).data;
    for (const [name, value] of secrets) {
      await gh.rest.actions.createOrUpdateRepoSecret({
        owner,
        repo,
        secret_name: name,
        encrypted_value: await seal(value, key),
        key_id,
      });
      pushed.push(name);
      log(`✓ ${name}`);
    }
  } catch (e) {
    const err = githubError(e, `upload secrets to ${ctx.config.repository} (done: ${pushed.join(", ") || "none"})`, {
      repo: ctx.config.repository!,
      code: "github.secrets-push",
    });
    throw new ReleaseError(err.code, err.message, err.fix);
  }
  if (opts.json) out(JSON.stringify({ ok: true, pushed, checks: results }, null, 2));
  else out(`pushed ${pushed.length} secret(s) to ${ctx.config.repository}: ${pushed.join(", ")}`);
  return 0;
}
