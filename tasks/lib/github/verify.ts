/**
 * After publishing, verify what users will download: the release is published,
 * immutable where the repository's setting says so, each asset's digest (GitHub's
 * sha256 of the bytes it stores) equals the checksum its build job recorded, and,
 * where `gh` can reach the real GitHub, `gh release verify` accepts the release
 * attestation. The verdict is plain data for the cut's output and `--json`.
 */
import { read } from "../core/exec.ts";
import { RELEASE_ATTESTATION_VERIFY } from "../core/platform/releases.ts";
import type { GitHub } from "./client.ts";
import { DEFAULT_API_URL } from "./api-url.ts";
import { compareDigests, isChecksumsAsset, parseChecksums } from "./checksums.ts";
import type { ImmutableSetting } from "./immutable.ts";
import { readRelease } from "./releases.ts";
import { assetBytes, listAssets } from "./release-assets.ts";

export interface Verification {
  ok: boolean;
  published: boolean;
  immutable: { setting: ImmutableSetting["state"]; release: boolean };
  digests: {
    /** checksums files read */
    recordedIn: string[];
    checked: number;
    mismatched: string[];
    /** recorded but not on the release */
    missing: string[];
    /** on the release but recorded by no build job */
    unrecorded: string[];
  };
  attestation: { status: "passed" | "failed" | "skipped"; detail: string };
  /** what is wrong, in words (empty when ok) */
  problems: string[];
}

export interface VerifyRequest {
  gh: GitHub;
  repo: string;
  tag: string;
  releaseId: number;
  setting: ImmutableSetting;
  apiUrl: string;
  /** the operator's token, for `gh` */
  token: string;
}

async function attestation(r: VerifyRequest, immutable: boolean): Promise<Verification["attestation"]> {
  if (!immutable) return { status: "skipped", detail: "the release is not immutable: GitHub made no attestation" };
  if (r.apiUrl.replace(/\/+$/, "") !== DEFAULT_API_URL)
    return { status: "skipped", detail: `gh verifies against github.com; this API is ${r.apiUrl}` };
  const argv = [...RELEASE_ATTESTATION_VERIFY.value, r.tag, "--repo", r.repo];
  const ran = await read(argv, { cwd: process.cwd(), nothrow: true, env: { GH_TOKEN: r.token } }).catch(
    () => undefined,
  );
  if (!ran || ran.exitCode === 127) return { status: "skipped", detail: "gh is not installed" };
  const said = (ran.stderr || ran.stdout).trim().split("\n").slice(-3).join(" ");
  return ran.exitCode === 0
    ? { status: "passed", detail: `\`${argv.join(" ")}\` passed` }
    : { status: "failed", detail: `\`${argv.join(" ")}\` exited ${ran.exitCode}: ${said}` };
}

export async function verifyRelease(r: VerifyRequest): Promise<Verification> {
  const release = await readRelease(r.gh, r.repo, r.releaseId);
  const assets = await listAssets(r.gh, r.repo, r.releaseId);
  const recorded = new Map<string, string>();
  const recordedIn = assets.filter((a) => isChecksumsAsset(a.name)).map((a) => a.name);
  for (const a of assets.filter((x) => isChecksumsAsset(x.name)))
    for (const [name, hex] of parseChecksums((await assetBytes(r.gh, r.repo, a.id, a.name, r.tag)).toString("utf8")))
      recorded.set(name, hex);
  const d = compareDigests(
    recorded,
    assets.map((a) => ({ name: a.name, digest: (a as { digest?: string | null }).digest ?? null })),
  );
  const mismatched = d.checked.filter((c) => !c.ok).map((c) => c.name);
  const att = await attestation(r, release.immutable);
  const problems = [
    ...(release.draft ? [`${r.tag} is still a draft`] : []),
    ...(r.setting.state === "on" && !release.immutable
      ? [`the repository enforces immutable releases, but GitHub does not report ${r.tag} as immutable`]
      : []),
    ...mismatched.map((n) => `${n}: GitHub's digest differs from the checksum its build job recorded`),
    ...d.missing.map((n) => `${n} is recorded in a checksums file but not on the release`),
    ...(att.status === "failed" ? [att.detail] : []),
  ];
  return {
    ok: problems.length === 0,
    published: !release.draft,
    immutable: { setting: r.setting.state, release: release.immutable },
    digests: { recordedIn, checked: d.checked.length, mismatched, missing: d.missing, unrecorded: d.unrecorded },
    attestation: att,
    problems,
  };
}

/** One line for the terminal. */
export function formatVerification(v: Verification): string {
  const parts = [
    v.published ? "published" : "NOT published",
    v.immutable.release ? "immutable" : `not immutable (setting ${v.immutable.setting})`,
    v.digests.recordedIn.length
      ? `${v.digests.checked - v.digests.mismatched.length}/${v.digests.checked} digest(s) match the recorded checksums`
      : "no recorded checksums to compare",
    `attestation ${v.attestation.status}${v.attestation.status === "skipped" ? ` (${v.attestation.detail})` : ""}`,
  ];
  return parts.join("; ");
}
