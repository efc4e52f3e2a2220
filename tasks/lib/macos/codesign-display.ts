/**
 * Reading `codesign -dvvv` (it prints to stderr, one `Key=value` per line) for what
 * notarization requires of every signature: a Developer ID chain up to Apple's root,
 * the expected team, a secure timestamp (`Timestamp=`; a signature without one shows
 * only `Signed Time=`) and the hardened runtime (`flags=0x10000(runtime)`).
 */
export interface SignatureFacts {
  identifier?: string;
  authorities: string[];
  teamId?: string;
  timestamp?: string;
  signedTime?: string;
  adHoc: boolean;
  runtime: boolean;
  /** the CodeDirectory hash: what a notarization ticket is issued for */
  cdhash?: string;
}

export function parseCodesignDisplay(text: string): SignatureFacts {
  const facts: SignatureFacts = { authorities: [], adHoc: false, runtime: false };
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf("=");
    if (at < 0) continue;
    const key = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    if (key === "Identifier") facts.identifier = value;
    else if (key === "Authority") facts.authorities.push(value);
    else if (key === "TeamIdentifier" && value !== "not set") facts.teamId = value;
    else if (key === "Timestamp") facts.timestamp = value;
    else if (key === "CDHash") facts.cdhash = value;
    else if (key === "Signed Time") facts.signedTime = value;
    else if (key === "Signature" && value === "adhoc") facts.adHoc = true;
    else if (key === "CodeDirectory v" && /flags=0x[0-9a-f]*\([^)]*\bruntime\b/.test(value)) facts.runtime = true;
  }
  return facts;
}

/** What is wrong with a release signature (empty when Apple would accept it). */
export function signatureProblems(f: SignatureFacts, expectedTeam: string | undefined): string[] {
  const problems: string[] = [];
  if (f.adHoc) return ["it is ad-hoc (no Developer ID)"];
  const [leaf, intermediate, root] = f.authorities;
  if (!leaf?.startsWith("Developer ID Application:"))
    problems.push(
      `its leaf authority is ${leaf ? `"${leaf}"` : "missing"}, not a Developer ID Application certificate`,
    );
  if (intermediate !== "Developer ID Certification Authority")
    problems.push(
      `its chain does not go through Developer ID Certification Authority (${f.authorities.join(" > ") || "none"})`,
    );
  if (root !== "Apple Root CA")
    problems.push(`its chain does not end at Apple Root CA (${f.authorities.join(" > ") || "none"})`);
  if (expectedTeam && f.teamId !== expectedTeam)
    problems.push(`its team is ${f.teamId ?? "not set"}, expected ${expectedTeam}`);
  if (!f.timestamp)
    problems.push(
      `it has no secure timestamp${f.signedTime ? ` (only a local Signed Time=${f.signedTime})` : ""}; sign with --timestamp`,
    );
  if (!f.runtime) problems.push("the hardened runtime is off; sign with --options runtime");
  return problems;
}

/** The team id in an identity name: "Developer ID Application: Acme (TEAM123456)". */
export function teamOfIdentity(identity: string | undefined): string | undefined {
  return identity ? /\(([A-Z0-9]{10})\)\s*$/.exec(identity)?.[1] : undefined;
}
