/**
 * Reading a PKCS#12 (.p12) file two ways. Without the password, `@peculiar/asn1-pfx`
 * reads the MAC digest and the algorithms that encrypt the bags (PBES2/AES from
 * OpenSSL 3 vs. the 3DES/RC2 that macOS `security import` accepts). With the
 * password, node-forge opens it (modern and legacy alike) and yields the certificate
 * and the private key. Node's own `tls` is not used: it cannot open legacy files
 * without `--openssl-legacy-provider`.
 */
import { AuthenticatedSafe, PFX, PKCS8ShroudedKeyBag, SafeContents } from "@peculiar/asn1-pfx";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import forge from "node-forge";

const OID_NAMES: Record<string, string> = {
  "1.2.840.113549.1.5.13": "PBES2",
  "1.2.840.113549.1.12.1.1": "pbeWithSHAAnd128BitRC4",
  "1.2.840.113549.1.12.1.2": "pbeWithSHAAnd40BitRC4",
  "1.2.840.113549.1.12.1.3": "pbeWithSHAAnd3-KeyTripleDES-CBC",
  "1.2.840.113549.1.12.1.4": "pbeWithSHAAnd2-KeyTripleDES-CBC",
  "1.2.840.113549.1.12.1.5": "pbeWithSHAAnd128BitRC2-CBC",
  "1.2.840.113549.1.12.1.6": "pbeWithSHAAnd40BitRC2-CBC",
  "1.3.14.3.2.26": "SHA-1",
  "2.16.840.1.101.3.4.2.1": "SHA-256",
  "2.16.840.1.101.3.4.2.2": "SHA-384",
  "2.16.840.1.101.3.4.2.3": "SHA-512",
};
const name = (oid: string) => OID_NAMES[oid] ?? oid;

const ID_DATA = "1.2.840.113549.1.7.1";
const ID_ENCRYPTED_DATA = "1.2.840.113549.1.7.6";
const ID_SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2";

export interface P12Algorithms {
  macDigest: string | undefined;
  /** encryption algorithm of each encrypted part (certificate bags, shrouded key bags) */
  encryption: string[];
  /** true when any part uses PBES2 (AES/PBKDF2), which macOS `security import` rejects */
  modern: boolean;
}

/** The encryption algorithm of a CMS EncryptedData (version, then EncryptedContentInfo). */
function encryptedDataAlgorithm(der: ArrayBuffer): string {
  const node = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString("binary")));
  const eci = (node.value as forge.asn1.Asn1[])[1]!;
  const algId = (eci.value as forge.asn1.Asn1[])[1]!;
  return forge.asn1.derToOid((algId.value as forge.asn1.Asn1[])[0]!.value as string);
}

/** Parse the structure without the password; throws when it is not PKCS#12. */
export function readAlgorithms(der: Uint8Array): P12Algorithms {
  const pfx = AsnConvert.parse(der, PFX);
  if (pfx.authSafe.contentType !== ID_DATA)
    throw new Error(`unsupported authSafe content type ${pfx.authSafe.contentType}`);
  const safe = AsnConvert.parse(AsnConvert.parse(pfx.authSafe.content, OctetString), AuthenticatedSafe);
  const encryption: string[] = [];
  for (const info of safe) {
    if (info.contentType === ID_ENCRYPTED_DATA) encryption.push(encryptedDataAlgorithm(info.content));
    else if (info.contentType === ID_DATA) {
      const bags = AsnConvert.parse(AsnConvert.parse(info.content, OctetString), SafeContents);
      for (const bag of bags)
        if (bag.bagId === ID_SHROUDED_KEY_BAG)
          encryption.push(AsnConvert.parse(bag.bagValue, PKCS8ShroudedKeyBag).encryptionAlgorithm.algorithm);
    }
  }
  const macOid = pfx.macData?.mac.digestAlgorithm.algorithm;
  return {
    macDigest: macOid ? name(macOid) : undefined,
    encryption: encryption.map(name),
    modern: encryption.includes("1.2.840.113549.1.5.13"),
  };
}

export interface CertInfo {
  commonName: string;
  organizationalUnit: string | undefined;
  notBefore: Date;
  notAfter: Date;
  codeSigning: boolean;
}

export type OpenResult =
  | { ok: true; certs: CertInfo[]; hasKey: boolean; keyMatchesCert: boolean }
  | { ok: false; reason: "password" | "unsupported"; detail: string };

function certInfo(cert: forge.pki.Certificate): CertInfo {
  const attr = (short: string) => cert.subject.getField(short)?.value as string | undefined;
  const eku = cert.getExtension("extKeyUsage") as { codeSigning?: boolean } | undefined;
  return {
    commonName: attr("CN") ?? "",
    organizationalUnit: attr("OU"),
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    codeSigning: Boolean(eku?.codeSigning),
  };
}

/** Open with the password: certificates (the key's own first), whether a key is present and matches it. */
export function openP12(der: Uint8Array, password: string): OpenResult {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString("binary")));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, true, password);
  } catch (e) {
    const detail = (e as Error).message;
    const isPassword = /MAC could not be verified|Invalid password|PKCS#12 MAC/i.test(detail);
    return { ok: false, reason: isPassword ? "password" : "unsupported", detail };
  }
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const certs = certBags.map((b) => b.cert).filter((c): c is forge.pki.Certificate => Boolean(c));
  const key = keyBags.map((b) => b.key).find(Boolean) as forge.pki.rsa.PrivateKey | undefined;
  const matches = (c: forge.pki.Certificate) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return Boolean(key?.n && pub?.n && pub.n.equals(key.n) && pub.e.equals(key.e));
  };
  // The signing certificate is the one whose public key is the key's; the rest is the chain.
  const leafIndex = Math.max(0, certs.findIndex(matches));
  const ordered = certs.length ? [certs[leafIndex]!, ...certs.filter((_, i) => i !== leafIndex)] : [];
  return {
    ok: true,
    certs: ordered.map(certInfo),
    hasKey: Boolean(key),
    keyMatchesCert: Boolean(ordered[0] && matches(ordered[0])),
  };
}
