/**
 * The finalizer's flow, shared by the entry and the tests: gather the facts (bundle,
 * scan, repairs), build the plan, then, depending on the mode, print it, apply only
 * the repairs, or check every precondition before the first change and run it: the
 * keychain steps first, then the repairs, then signing and the rest; the temporary
 * keychain is removed whatever happens.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runChecks } from "../core/checks/run.ts";
import type { CheckContext, CheckResult } from "../core/checks/types.ts";
import type { ReleaseConfig } from "../core/config/load.ts";
import { ReleaseError } from "../core/errors.ts";
import type { GitHub } from "../github/client.ts";
import { bundleParent, rebuildApp, resolveBundle, type ResolvedBundle } from "./bundle.ts";
import { archFromMacho, buildPlan, planPath, type FinalizePlan } from "./plan.ts";
import { macosChecks, type MacosFacts } from "./preconditions.ts";
import { applyRepairs, applyRepairsToScan, planRepairs, type Repair } from "./repair.ts";
import { runPlan, type ProcessDoor } from "./run.ts";
import { registerSecret } from "../core/redact.ts";
import { CERTIFICATE_ENV, KEYCHAIN_PASSWORD_ENV, type KeychainOptions } from "./keychain.ts";
import { apiKeyAuth, type NotaryAuth } from "./notarize.ts";
import { scanBundle } from "./scan.ts";
import { refuseAdHocNotarization, switchesOf, type FinalizeSwitches } from "./switches.ts";
import { resolveUpdaterKey } from "../signing/updater-key-resolve.ts";
import { KEY_ENV, locateUpdaterKey } from "../signing/updater-key-locate.ts";

export interface FinalizeRequest extends FinalizeSwitches {
  app: string;
  mode: "plan" | "repair-only" | "run";
  config: ReleaseConfig;
  cwd: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  now: Date;
  identity?: string;
  keychain?: string;
  /** a .p12 to import into a temporary keychain (else APPLE_CERTIFICATE when no --keychain) */
  p12?: string;
  entitlements?: string;
  sidecarEntitlements?: string;
  /** App Store Connect API key (flags; the APPLE_API_* variables otherwise) */
  notaryKey?: string;
  notaryKeyId?: string;
  notaryIssuer?: string;
  /** the longest wait for Apple in all (default: workflows.notaryTimeoutMinutes) */
  notaryTimeoutMinutes?: number;
  outputDir: string;
  arch?: string;
  releaseTag?: string;
  repository?: string;
  updaterKeyPath?: string;
  updaterPasswordEnv?: string;
  notes?: string;
  gh?: GitHub;
  door?: ProcessDoor;
  findIdentities?: () => Promise<string>;
}

/** Where the temporary keychain lives: a fresh folder for a run, a placeholder in a plan. */
export interface KeychainPlace {
  dir?: string;
  options?: KeychainOptions;
  password?: string;
}

/** Where the run keeps its temporaries: the request's own TMPDIR (as a child process would), else the system's. */
const tempRoot = (r: Pick<FinalizeRequest, "env">): string => r.env.TMPDIR || tmpdir();

/** The keychain the run signs from: a temporary one when a certificate is given, else --keychain. */
export async function placeKeychain(r: FinalizeRequest): Promise<KeychainPlace> {
  const fromEnv = !r.p12 && !r.keychain && Boolean(r.env[CERTIFICATE_ENV]);
  if (!r.p12 && !fromEnv) return r.keychain ? { options: { path: resolve(r.cwd, r.keychain) } } : {};
  if (r.adHoc) return {};
  const dir = r.mode === "run" ? await mkdtemp(join(tempRoot(r), "finalize-keychain-")) : "$TMPDIR/finalize-keychain";
  const p12 = r.p12 ? resolve(r.cwd, r.p12) : join(dir, "certificate.p12");
  const password = r.mode === "run" ? randomBytes(24).toString("hex") : undefined;
  if (password) registerSecret(password);
  return {
    dir: r.mode === "run" ? dir : undefined,
    options: { path: join(dir, "signing.keychain-db"), p12, fromEnv },
    password,
  };
}

/** The notary credentials; an API key file is resolved from the working directory (or shown relative to `parent`). */
export function notaryAuthOf(r: FinalizeRequest, parent?: string): NotaryAuth | undefined {
  const auth = apiKeyAuth({ key: r.notaryKey, keyId: r.notaryKeyId, issuer: r.notaryIssuer }, r.env);
  if (auth?.kind !== "api-key" || !auth.key) return auth;
  const key = resolve(r.cwd, auth.key);
  return { ...auth, key: parent ? planPath(parent, key) : key };
}

export interface Gathered {
  bundle: ResolvedBundle;
  repairs: Repair[];
  plan: FinalizePlan;
  arch: string;
}

/** How the updater key appears in the plan (never its content): the file the signer will get. */
function planKeyPath(r: FinalizeRequest): string {
  const loc = locateUpdaterKey(r.env, { keyPath: r.updaterKeyPath, passwordEnv: r.updaterPasswordEnv, cwd: r.cwd });
  return loc.keyPath ?? r.updaterKeyPath ?? `<temporary 0600 key file from ${KEY_ENV}>`;
}

export async function gather(r: FinalizeRequest, place?: KeychainPlace): Promise<Gathered> {
  const app = resolve(r.cwd, r.app);
  // A tarball is unpacked beside the outputs for a run, into a throwaway folder otherwise.
  const tarball = /\.(tar|tar\.gz|tgz)$/i.test(app);
  const workDir = !tarball
    ? undefined
    : r.mode === "plan"
      ? await mkdtemp(join(tempRoot(r), "finalize-macos-"))
      : join(resolve(r.cwd, r.outputDir), "bundle");
  const bundle = await resolveBundle(app, { workDir });
  const scan = await scanBundle(bundle.root);
  const repairs = await planRepairs(bundle.root, scan, {
    executable: bundle.info.executable,
    sidecar: r.config.macos.sidecar,
  });
  const after = applyRepairsToScan(scan, repairs);
  const main = after.entries.find((e) => e.path === `Contents/MacOS/${bundle.info.executable}`);
  if (!main || main.type !== "file") {
    throw new ReleaseError(
      "macos.bundle-not-found",
      `Cannot finalize ${bundle.appName}: Contents/MacOS/${bundle.info.executable} (CFBundleExecutable) is missing`,
      "Rebuild the app; the main executable is not in the bundle.",
    );
  }
  const arch = r.arch ?? archFromMacho(main.macho?.archs) ?? "aarch64";
  const parent = bundleParent(bundle);
  const keychain = (place ?? (await placeKeychain({ ...r, mode: r.mode === "run" ? "plan" : r.mode }))).options;
  const entitlementsOf = (file: string | undefined) => (file ? planPath(parent, resolve(r.cwd, file)) : undefined);
  const plan = buildPlan(
    {
      appName: bundle.appName,
      productName: bundle.info.name,
      executable: bundle.info.executable,
      version: bundle.info.version ?? "0.0.0",
      scan: after,
      repairs,
    },
    {
      ...switchesOf(r),
      identity: r.identity ?? "$APPLE_SIGNING_IDENTITY",
      keychain,
      entitlements: entitlementsOf(r.entitlements),
      sidecarEntitlements: entitlementsOf(r.sidecarEntitlements),
      notaryAuth: notaryAuthOf(r, parent),
      notaryTimeoutMinutes: r.notaryTimeoutMinutes ?? r.config.workflows.notaryTimeoutMinutes,
      volumeName: r.config.macos.dmgVolumeName,
      outputDir: planPath(parent, resolve(r.cwd, r.outputDir)),
      arch,
      releaseTag: r.releaseTag,
      updaterKeyPath: planKeyPath(r),
    },
  );
  return { bundle, repairs, plan, arch };
}

/** Apply the repairs (and rebuild X.app around an artifact folder). */
export async function repairBundle(g: Gathered): Promise<ResolvedBundle> {
  await applyRepairs(g.bundle.root, g.repairs);
  return rebuildApp(g.bundle);
}

/** Every precondition of a real run; throws with all failures before anything changes. */
export async function checkPreconditions(r: FinalizeRequest): Promise<{ results: CheckResult[]; facts: MacosFacts }> {
  const facts: MacosFacts = {
    ...switchesOf(r),
    platform: r.platform,
    identity: r.identity,
    keychain: r.keychain,
    p12: r.p12 ? resolve(r.cwd, r.p12) : r.keychain ? undefined : r.env[CERTIFICATE_ENV] ? CERTIFICATE_ENV : undefined,
    entitlements: r.entitlements ? resolve(r.cwd, r.entitlements) : undefined,
    sidecarEntitlements: r.sidecarEntitlements ? resolve(r.cwd, r.sidecarEntitlements) : undefined,
    notaryAuth: notaryAuthOf(r),
    releaseTag: r.releaseTag,
    repository: r.repository,
    updaterKeyPath: r.updaterKeyPath,
    updaterPasswordEnv: r.updaterPasswordEnv,
    findIdentities: r.findIdentities,
  };
  const ctx: CheckContext = { root: r.cwd, config: r.config, env: r.env, now: r.now, facts: { macos: facts } };
  const results = await runChecks(macosChecks, ctx);
  const failed = results.filter((x) => x.status === "fail");
  if (failed.length) {
    throw new ReleaseError(
      failed[0]!.id,
      `Cannot finalize: ${failed.length} precondition(s) failed; nothing was changed\n${failed.map((f) => `  [${f.id}] ${f.message}\n    fix: ${f.fix}`).join("\n")}`,
      failed[0]!.fix ?? undefined,
    );
  }
  return { results, facts };
}

/** A real run: preconditions, repairs, then the plan; the temporary keychain is removed whatever happens. */
export async function finalize(r: FinalizeRequest): Promise<Gathered> {
  refuseAdHocNotarization(r);
  const { facts } = await checkPreconditions(r);
  const place = await placeKeychain(r);
  try {
    const g = await gather({ ...r, identity: r.identity ?? facts.foundIdentity }, place);
    const key = resolveUpdaterKey(r.env, { keyPath: r.updaterKeyPath, passwordEnv: r.updaterPasswordEnv }, r.cwd);
    const identity = r.identity ?? facts.foundIdentity;
    let bundle = g.bundle;
    const parent = bundleParent(g.bundle);
    await runPlan(
      {
        parent,
        plan: g.plan,
        env: {
          ...r.env,
          ...(identity ? { APPLE_SIGNING_IDENTITY: identity } : {}),
          ...(place.password ? { [KEYCHAIN_PASSWORD_ENV]: place.password } : {}),
        },
        door: r.door,
        publish: {
          gh: r.gh,
          repo: r.repository,
          tag: r.releaseTag,
          tagPrefix: r.config.tagPrefix,
          notes: r.notes,
          key,
          now: r.now,
          teamId: r.env.APPLE_TEAM_ID || r.config.macos.teamId || undefined,
        },
      },
      // The bundle is repaired only once the keychain holds a usable identity.
      { beforeBundle: async () => void (bundle = await repairBundle(g)) },
    );
    return { ...g, bundle };
  } finally {
    if (place.dir) await rm(place.dir, { recursive: true, force: true });
  }
}
