/**
 * The Tauri updater key checks (`updater.*`): the key is there, its password is set,
 * the password opens it, and its public half is the one installed apps trust.
 */
import type { CheckId } from "../core/codes.ts";
import { fail, pass, skip, type Check, type CheckContext, type CheckOutcome } from "../core/checks/types.ts";
import { memoFact } from "../core/checks/facts.ts";
import { readUpdaterMaterial, type UpdaterMaterial } from "./updater-key-material.ts";
import { decryptSecretKey, parsePublicKey, parseSecretKey, type DecryptResult } from "./minisign.ts";

interface UpdaterReport {
  material: UpdaterMaterial;
  /** the key could not be parsed */
  parseError?: string;
  decrypted?: DecryptResult;
}

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    "updater.report"?: Promise<UpdaterReport>;
  }
}

const reportOf = (ctx: CheckContext): Promise<UpdaterReport> =>
  memoFact(ctx, "updater.report", async () => {
    const material = readUpdaterMaterial(ctx.root, ctx.config.workflows.tauriDir, ctx.env);
    const report: UpdaterReport = { material };
    if (!material.keyText) return report;
    try {
      const sk = parseSecretKey(material.keyText);
      if (material.password !== undefined) report.decrypted = await decryptSecretKey(sk, material.password);
    } catch (e) {
      report.parseError = (e as Error).message;
    }
    return report;
  });

const check = (id: CheckId, title: string, verdict: (r: UpdaterReport, ctx: CheckContext) => CheckOutcome): Check => ({
  id,
  title,
  run: async (ctx) => verdict(await reportOf(ctx), ctx),
});

const GENERATE =
  "Generate one with `tauri signer generate -w ~/.tauri/app.key`, put its public key in tauri.conf.json (plugins.updater.pubkey)";

export const updaterKeyChecks: Check[] = [
  check("updater.key-missing", "the updater private key is given", (r, ctx) => {
    const m = r.material;
    if (m.keyError)
      return fail(
        `Cannot sign updates: ${m.keyError}`,
        "Set TAURI_SIGNING_PRIVATE_KEY to the key's content, or TAURI_SIGNING_PRIVATE_KEY_PATH to its file.",
      );
    if (r.parseError)
      return fail(
        `Cannot read the updater key from ${m.keySource}: ${r.parseError}`,
        `Use the .key file written by \`tauri signer generate\` (its content as is). ${GENERATE}.`,
      );
    if (m.keyText) return pass(`key from ${m.keySource}`);
    if (ctx.env.CI && m.configuredPubkey)
      return fail(
        "Cannot sign updates: neither TAURI_SIGNING_PRIVATE_KEY nor TAURI_SIGNING_PRIVATE_KEY_PATH is set",
        "Add the key as the TAURI_SIGNING_PRIVATE_KEY secret and pass it to the build step.",
      );
    return skip(
      m.configuredPubkey
        ? "no updater key in this environment (set TAURI_SIGNING_PRIVATE_KEY or _PATH to check it)"
        : "the updater is not configured (no pubkey in tauri.conf.json) and no key is given",
    );
  }),
  check("updater.password-missing", "the updater key password is set", (r) => {
    if (!r.material.keyText || r.parseError) return skip("no readable updater key");
    if (r.material.password === undefined)
      return fail(
        "Cannot sign updates non-interactively: TAURI_SIGNING_PRIVATE_KEY_PASSWORD is unset (the signer would prompt, or fail in CI)",
        "Set TAURI_SIGNING_PRIVATE_KEY_PASSWORD to the key's password — to an empty string if the key was generated without one.",
      );
    return pass(r.material.password === "" ? "set and empty (a key without a password)" : "set");
  }),
  check("updater.key-password", "the password opens the updater key", (r) => {
    if (!r.decrypted) return skip("no key and password to try (see updater.key-missing, updater.password-missing)");
    if (r.decrypted.ok) return pass(`the password opens key ${r.decrypted.publicKey.keyId}`);
    if (r.decrypted.reason === "password")
      return fail(
        `Cannot open the updater key from ${r.material.keySource}: TAURI_SIGNING_PRIVATE_KEY_PASSWORD is wrong${r.material.password === "" ? " (it is empty; the key has a password)" : ""} — the checksum does not verify`,
        "Set TAURI_SIGNING_PRIVATE_KEY_PASSWORD to the password given to `tauri signer generate`.",
      );
    return fail(`Cannot open the updater key: ${r.decrypted.detail}`, GENERATE + ".");
  }),
  check("updater.pubkey-mismatch", "the key's public half is tauri.conf.json's pubkey", (r) => {
    const m = r.material;
    if (!r.decrypted?.ok) return skip("the key is not open (see updater.key-password)");
    if (m.confError) return fail(`Cannot read ${m.confPath}: ${m.confError}`, `Fix the JSON in ${m.confPath}.`);
    if (!m.configuredPubkey)
      return skip(m.confExists ? `${m.confPath} configures no updater pubkey` : `no ${m.confPath}`);
    let configured;
    try {
      configured = parsePublicKey(m.configuredPubkey);
    } catch (e) {
      return fail(
        `Cannot read plugins.updater.pubkey in ${m.confPath}: ${(e as Error).message}`,
        "Paste the content of the .key.pub file written by `tauri signer generate`.",
      );
    }
    const derived = r.decrypted.publicKey;
    if (configured.keyId === derived.keyId && Buffer.from(configured.key).equals(Buffer.from(derived.key)))
      return pass(`pubkey ${derived.keyId} matches the private key`);
    return fail(
      `Cannot ship updates: the private key is ${derived.keyId} but ${m.confPath} trusts ${configured.keyId} — installed apps would reject every update`,
      "Put the matching .key.pub content in plugins.updater.pubkey, or sign with the key whose public half is configured (never rotate the key of a shipped app without a migration).",
    );
  }),
];
