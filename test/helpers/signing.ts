/**
 * Real signing material made with openssl: self-signed "Developer ID Application"
 * certificates (OU = team id, code signing usage), exported as legacy and OpenSSL 3
 * default .p12 files, plus the broken variants the checks must catch; and Tauri
 * updater keys made by the real Tauri signer, checked with minisign itself.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import forge from "node-forge";

export const PASSWORD = "correct horse 42";
export const IDENTITY = "Developer ID Application: Example Corp (ABCDE12345)";
export const TEAM = "ABCDE12345";

const ssl = (dir: string, args: string[]) =>
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });

export function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function cert(dir: string, name: string, cn: string, ou: string, days: number, key: string) {
  writeFileSync(
    join(dir, `${name}.cnf`),
    `[req]\ndistinguished_name=dn\nprompt=no\nx509_extensions=ext\n[dn]\nCN=${cn}\nOU=${ou}\nO=Example Corp\nC=US\n[ext]\nbasicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,codeSigning\n`,
  );
  ssl(dir, [
    "req",
    "-x509",
    "-new",
    "-key",
    key,
    "-out",
    `${name}.pem`,
    "-days",
    String(days),
    "-config",
    `${name}.cnf`,
  ]);
}

export interface SigningFiles {
  /** legacy (3DES/RC2, SHA-1 MAC): what macOS imports */
  legacy: string;
  /** OpenSSL 3 default (PBES2/AES-256/PBKDF2) */
  modern: string;
  /** certificate only, no private key */
  noKey: string;
  /** a certificate with somebody else's key */
  wrongKey: string;
  /** Developer ID of another team */
  otherTeam: string;
  /** an Apple Development certificate (not Developer ID) */
  development: string;
  /** not a .p12 at all */
  notP12: string;
}

export function makeSigningFiles(dir: string): SigningFiles {
  ssl(dir, ["genrsa", "-out", "key.pem", "2048"]);
  ssl(dir, ["genrsa", "-out", "key2.pem", "2048"]);
  cert(dir, "devid", IDENTITY, TEAM, 365, "key.pem");
  cert(dir, "other", "Developer ID Application: Other Corp (ZZZZZ99999)", "ZZZZZ99999", 365, "key.pem");
  cert(dir, "dev", `Apple Development: Jane Doe (${TEAM})`, TEAM, 365, "key.pem");
  const pass = `pass:${PASSWORD}`;
  // One export per case: `-legacy` (3DES/SHA-1, what macOS `security import` accepts) unless asked otherwise.
  const exportP12 = (cert: string, out: string, opts: { legacy?: boolean; keys?: boolean } = {}) =>
    ssl(dir, [
      "pkcs12",
      "-export",
      ...(opts.legacy === false ? [] : ["-legacy"]),
      ...(opts.keys === false ? ["-nokeys"] : ["-inkey", "key.pem"]),
      "-in",
      cert,
      "-out",
      out,
      "-passout",
      pass,
    ]);
  exportP12("devid.pem", "legacy.p12");
  exportP12("devid.pem", "modern.p12", { legacy: false });
  exportP12("devid.pem", "nokey.p12", { keys: false });
  exportP12("other.pem", "other.p12");
  exportP12("dev.pem", "dev.p12");
  // openssl refuses to pair a certificate with a key that is not its own; forge assembles
  // the openssl-made certificate and the other openssl-made key, with legacy 3DES.
  const wrong = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(readFileSync(join(dir, "key2.pem"), "utf8")),
    [forge.pki.certificateFromPem(readFileSync(join(dir, "devid.pem"), "utf8"))],
    PASSWORD,
    { algorithm: "3des" },
  );
  writeFileSync(join(dir, "wrongkey.p12"), Buffer.from(forge.asn1.toDer(wrong).getBytes(), "binary"));
  writeFileSync(join(dir, "not.p12"), "hello, I am not a certificate\n");
  const p = (f: string) => join(dir, f);
  return {
    legacy: p("legacy.p12"),
    modern: p("modern.p12"),
    noKey: p("nokey.p12"),
    wrongKey: p("wrongkey.p12"),
    otherTeam: p("other.p12"),
    development: p("dev.p12"),
    notP12: p("not.p12"),
  };
}

/** The environment the workflows use, for a .p12 file. */
export function signingEnv(p12: string, overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    APPLE_CERTIFICATE: readFileSync(p12).toString("base64"),
    APPLE_CERTIFICATE_PASSWORD: PASSWORD,
    APPLE_SIGNING_IDENTITY: IDENTITY,
    APPLE_TEAM_ID: TEAM,
    APPLE_ID: "dev@example.com",
    APPLE_PASSWORD: "app-specific-password",
    ...overrides,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

export const TAURI = join(import.meta.dirname, "..", "..", "node_modules", ".bin", "tauri");
export const hasTauri = () => existsSync(TAURI);
export const hasMinisign = () => spawnSync("minisign", ["-v"]).status === 0;

/** A real Tauri signer key pair: { key, pub } paths (base64-wrapped minisign files). */
export function generateKey(dir: string, password: string, name = "updater"): { key: string; pub: string } {
  const key = join(dir, `${name}.key`);
  execFileSync(TAURI, ["signer", "generate", "-w", key, "-p", password, "--ci"], {
    stdio: "pipe",
    env: { ...process.env, TAURI_SIGNING_PRIVATE_KEY: undefined },
  });
  return { key, pub: `${key}.pub` };
}

/** Verify a Tauri signature with minisign itself: decode the base64 wrappers first. */
export function minisignVerify(
  dir: string,
  file: string,
  signatureB64: string,
  pubPath: string,
): { ok: boolean; output: string } {
  const pub = join(dir, "verify.pub");
  const sig = join(dir, "verify.minisig");
  writeFileSync(pub, Buffer.from(readFileSync(pubPath, "utf8").trim(), "base64"));
  writeFileSync(sig, Buffer.from(signatureB64, "base64"));
  const r = spawnSync("minisign", ["-V", "-p", pub, "-m", file, "-x", sig], { encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
