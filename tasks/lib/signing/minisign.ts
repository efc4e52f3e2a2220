/**
 * Tauri updater keys are minisign keys, base64-wrapped once more. The secret key is
 * encrypted: scrypt (salsa20/8, sha256) of the password gives a keystream that is
 * XORed over key id + secret key + checksum; the checksum is BLAKE2b-256 of the
 * signature algorithm, key id and secret key. Decrypting in code and verifying the
 * checksum proves the password opens the key without spawning the Tauri CLI (tests
 * cross-check against keys and public keys the real CLI made).
 */
import { scrypt } from "node:crypto";

export interface SecretKeyFile {
  signatureAlgorithm: string;
  kdfAlgorithm: string;
  checksumAlgorithm: string;
  salt: Uint8Array;
  opsLimit: number;
  memLimit: number;
  /** key id (8) + secret key (64) + checksum (32), encrypted when kdfAlgorithm is "Sc" */
  keynum: Uint8Array;
}

export interface PublicKey {
  keyId: string;
  key: Uint8Array;
}

/** A minisign file's payload line, accepting the Tauri form (base64 of the whole file) and the plain file. */
export function payloadOf(text: string): Uint8Array {
  let t = text.trim();
  if (!t.startsWith("untrusted comment:")) {
    const decoded = Buffer.from(t.replace(/\s+/g, ""), "base64").toString("utf8");
    if (!decoded.startsWith("untrusted comment:")) throw new Error("it is neither a minisign key nor base64 of one");
    t = decoded.trim();
  }
  const line = t.split(/\r?\n/)[1];
  if (!line) throw new Error("the key has no payload line");
  return new Uint8Array(Buffer.from(line.trim(), "base64"));
}

const ascii = (b: Uint8Array) => Buffer.from(b).toString("latin1");
const hexId = (b: Uint8Array) => Buffer.from(b).reverse().toString("hex").toUpperCase();

export function parseSecretKey(text: string): SecretKeyFile {
  const b = payloadOf(text);
  if (b.length !== 158) throw new Error(`the secret key has ${b.length} bytes, not 158`);
  const view = Buffer.from(b);
  return {
    signatureAlgorithm: ascii(b.subarray(0, 2)),
    kdfAlgorithm: ascii(b.subarray(2, 4)),
    checksumAlgorithm: ascii(b.subarray(4, 6)),
    salt: b.subarray(6, 38),
    opsLimit: Number(view.readBigUInt64LE(38)),
    memLimit: Number(view.readBigUInt64LE(46)),
    keynum: b.subarray(54, 158),
  };
}

export function parsePublicKey(text: string): PublicKey {
  const b = payloadOf(text);
  if (b.length !== 42 || ascii(b.subarray(0, 2)) !== "Ed") throw new Error("it is not a minisign Ed25519 public key");
  return { keyId: hexId(b.subarray(2, 10)), key: b.subarray(10, 42) };
}

/** libsodium's mapping of (opslimit, memlimit) to scrypt's N, r, p. */
export function scryptParams(opsLimit: number, memLimit: number): { N: number; r: number; p: number } {
  const ops = Math.max(opsLimit, 32768);
  const r = 8;
  let nLog2 = 1;
  if (ops < memLimit / 32) {
    const maxN = ops / (r * 4);
    while (nLog2 < 63 && 2 ** nLog2 <= maxN / 2) nLog2++;
    return { N: 2 ** nLog2, r, p: 1 };
  }
  const maxN = memLimit / (r * 128);
  while (nLog2 < 63 && 2 ** nLog2 <= maxN / 2) nLog2++;
  const maxrp = Math.min(Math.floor(ops / 4 / 2 ** nLog2), 0x3fffffff);
  return { N: 2 ** nLog2, r, p: Math.max(1, Math.floor(maxrp / r)) };
}

function derive(
  password: string,
  salt: Uint8Array,
  length: number,
  params: { N: number; r: number; p: number },
): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    scrypt(
      password,
      salt,
      length,
      { ...params, maxmem: 256 * params.N * params.r * params.p + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(new Uint8Array(key))),
    ),
  );
}

export type DecryptResult =
  | { ok: true; publicKey: PublicKey }
  | { ok: false; reason: "password" | "unsupported"; detail: string };

/** Decrypt with the password and verify the checksum; on success, the public half. */
export async function decryptSecretKey(sk: SecretKeyFile, password: string): Promise<DecryptResult> {
  if (sk.signatureAlgorithm !== "Ed" || sk.checksumAlgorithm !== "B2")
    return { ok: false, reason: "unsupported", detail: `algorithms ${sk.signatureAlgorithm}/${sk.checksumAlgorithm}` };
  let keynum = sk.keynum;
  if (sk.kdfAlgorithm === "Sc") {
    const stream = await derive(password, sk.salt, keynum.length, scryptParams(sk.opsLimit, sk.memLimit));
    keynum = keynum.map((byte, i) => byte ^ stream[i]!);
  } else if (sk.kdfAlgorithm !== "\0\0")
    return { ok: false, reason: "unsupported", detail: `key derivation ${JSON.stringify(sk.kdfAlgorithm)}` };
  const keyId = keynum.subarray(0, 8);
  const secret = keynum.subarray(8, 72);
  const checksum = keynum.subarray(72, 104);
  // libsodium is loaded only when a key is opened, not by every entry that imports this module.
  const { default: sodium } = await import("libsodium-wrappers");
  await sodium.ready;
  const expected = sodium.crypto_generichash(32, new Uint8Array([...Buffer.from("Ed"), ...keyId, ...secret]), null);
  if (!Buffer.from(expected).equals(Buffer.from(checksum)))
    return { ok: false, reason: "password", detail: "the checksum does not verify" };
  // An Ed25519 secret key is seed (32) + public key (32).
  return { ok: true, publicKey: { keyId: hexId(keyId), key: secret.slice(32, 64) } };
}
