/**
 * Verifying a Tauri updater signature in code, the way the updater does before it
 * installs anything: the key ids match, the Ed25519 signature covers the file (its
 * BLAKE2b-512 hash for the prehashed "ED" form the Tauri signer writes), and the
 * global signature covers the trusted comment. Tests cross-check against the real
 * `minisign -V` on files the real Tauri signer signed.
 */
import { createHash, createPublicKey, verify } from "node:crypto";
import { parsePublicKey } from "./minisign.ts";

export type VerifyResult = { ok: true; keyId: string; trustedComment: string } | { ok: false; reason: string };

function signatureLines(text: string): string[] | undefined {
  let t = text.trim();
  if (!t.startsWith("untrusted comment:")) t = Buffer.from(t.replace(/\s+/g, ""), "base64").toString("utf8").trim();
  const lines = t.split(/\r?\n/);
  return lines.length >= 4 && lines[0]!.startsWith("untrusted comment:") && lines[2]!.startsWith("trusted comment: ")
    ? lines
    : undefined;
}

/** `signature`: a `.sig` file's content (Tauri's base64 form or the plain minisign file); `publicKey` likewise. */
export function verifyMinisign(data: Uint8Array, signature: string, publicKey: string): VerifyResult {
  const lines = signatureLines(signature);
  if (!lines) return { ok: false, reason: "the signature is not a minisign signature file" };
  let pub: { keyId: string; key: Uint8Array };
  try {
    pub = parsePublicKey(publicKey);
  } catch (e) {
    return { ok: false, reason: `the public key cannot be read: ${(e as Error).message}` };
  }
  const sig = Buffer.from(lines[1]!.trim(), "base64");
  if (sig.length !== 74) return { ok: false, reason: `the signature line has ${sig.length} bytes, not 74` };
  const alg = sig.subarray(0, 2).toString("latin1");
  const keyId = Buffer.from(sig.subarray(2, 10)).reverse().toString("hex").toUpperCase();
  if (keyId !== pub.keyId)
    return { ok: false, reason: `signed by key ${keyId}, not ${pub.keyId} (the configured pubkey)` };
  const key = createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(pub.key).toString("base64url") },
    format: "jwk",
  });
  const message = alg === "ED" ? createHash("blake2b512").update(data).digest() : alg === "Ed" ? data : undefined;
  if (!message) return { ok: false, reason: `unknown signature algorithm ${JSON.stringify(alg)}` };
  if (!verify(null, message, key, sig.subarray(10)))
    return { ok: false, reason: "the signature does not match the file (changed or not the signed file)" };
  const trustedComment = lines[2]!.slice("trusted comment: ".length);
  const global = Buffer.from(lines[3]!.trim(), "base64");
  if (!verify(null, Buffer.concat([sig.subarray(10), Buffer.from(trustedComment)]), key, global))
    return { ok: false, reason: "the trusted comment was altered (the global signature does not verify)" };
  return { ok: true, keyId, trustedComment };
}
