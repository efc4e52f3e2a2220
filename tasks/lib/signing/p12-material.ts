/**
 * Gathering the Apple signing material: a `.p12` file given with `--p12`, or the same
 * environment variables the workflows read. Unset and set-but-empty are told apart.
 * Every value is registered as a secret before anything can print it.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { APPLE_SIGNING_ENV } from "../core/config/workflows-schema.ts";
import { registerSecret } from "../core/redact.ts";

export type SigningEnvName = (typeof APPLE_SIGNING_ENV)[number];

export interface SigningMaterial {
  /** where the certificate came from */
  source: "file" | "env" | "none";
  /** the .p12 path when given with --p12 */
  p12Path?: string;
  /** the raw certificate bytes, when they could be read and decoded */
  der?: Uint8Array;
  /** why the certificate could not be read or decoded */
  readError?: string;
  /** each variable: undefined = unset, "" = set and empty */
  values: Record<SigningEnvName, string | undefined>;
}

/** Strict base64 (whitespace allowed between lines): anything else is rejected, not guessed. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, "");
  if (!compact || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  return new Uint8Array(Buffer.from(compact, "base64"));
}

export function readSigningMaterial(
  env: NodeJS.ProcessEnv,
  p12Path: string | undefined,
  cwd = process.cwd(),
): SigningMaterial {
  const values = Object.fromEntries(APPLE_SIGNING_ENV.map((n) => [n, env[n]])) as SigningMaterial["values"];
  for (const n of ["APPLE_CERTIFICATE", "APPLE_CERTIFICATE_PASSWORD", "APPLE_PASSWORD"] as const)
    registerSecret(values[n]);
  if (p12Path) {
    const path = resolve(cwd, p12Path);
    try {
      return { source: "file", p12Path: path, der: new Uint8Array(readFileSync(path)), values };
    } catch (e) {
      return {
        source: "file",
        p12Path: path,
        readError: `cannot read ${p12Path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        values,
      };
    }
  }
  const b64 = values.APPLE_CERTIFICATE;
  if (b64 === undefined)
    return { source: APPLE_SIGNING_ENV.some((n) => values[n] !== undefined) ? "env" : "none", values };
  if (b64.trim() === "") return { source: "env", values };
  const der = decodeBase64(b64);
  return der ? { source: "env", der, values } : { source: "env", readError: "APPLE_CERTIFICATE is not base64", values };
}
