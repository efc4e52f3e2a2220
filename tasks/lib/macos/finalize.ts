/**
 * The finalizer's flow, shared by the entry and the tests: gather the facts (bundle,
 * scan, repairs), build the plan, then, depending on the mode, print it, apply only
 * the repairs, or check every precondition before the first change and run it.
 */
import { mkdtemp } from "node:fs/promises";
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
import { scanBundle } from "./scan.ts";
import { resolveUpdaterKey } from "../signing/updater-key-resolve.ts";
import { KEY_ENV, locateUpdaterKey } from "../signing/updater-key-locate.ts";

export interface FinalizeRequest {
  app: string;
  mode: "plan" | "repair-only" | "run";
  config: ReleaseConfig;
  cwd: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  now: Date;
  identity?: string;
  keychain?: string;
  entitlements?: string;
  adHoc: boolean;
  skipNotarize: boolean;
  skipSpctl: boolean;
  skipDmg: boolean;
  skipUpload: boolean;
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

export async function gather(r: FinalizeRequest): Promise<Gathered> {
  const app = resolve(r.cwd, r.app);
  // A tarball is unpacked beside the outputs for a run, into a throwaway folder otherwise.
  const tarball = /\.(tar|tar\.gz|tgz)$/i.test(app);
  const workDir = !tarball
    ? undefined
    : r.mode === "plan"
      ? await mkdtemp(join(tmpdir(), "finalize-macos-"))
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
      identity: r.identity ?? "$APPLE_SIGNING_IDENTITY",
      adHoc: r.adHoc,
      keychain: r.keychain,
      entitlements: r.entitlements ? planPath(parent, resolve(r.cwd, r.entitlements)) : undefined,
      skipNotarize: r.skipNotarize,
      skipSpctl: r.skipSpctl,
      skipDmg: r.skipDmg,
      skipUpload: r.skipUpload,
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
    platform: r.platform,
    adHoc: r.adHoc,
    identity: r.identity,
    keychain: r.keychain,
    entitlements: r.entitlements ? resolve(r.cwd, r.entitlements) : undefined,
    skipNotarize: r.skipNotarize,
    skipSpctl: r.skipSpctl,
    skipDmg: r.skipDmg,
    skipUpload: r.skipUpload,
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

/** A real run: preconditions, repairs, then the plan. */
export async function finalize(r: FinalizeRequest): Promise<Gathered> {
  if (r.adHoc && !r.skipNotarize) {
    throw new ReleaseError(
      "macos.ad-hoc-notarize",
      "Cannot notarize an ad-hoc signature: Apple accepts only Developer ID signatures",
      "Add --skip-notarize to an --ad-hoc run (it is for local checks).",
    );
  }
  const { facts } = await checkPreconditions(r);
  const g = await gather({ ...r, identity: r.identity ?? facts.foundIdentity });
  const bundle = await repairBundle(g);
  const key = resolveUpdaterKey(r.env, { keyPath: r.updaterKeyPath, passwordEnv: r.updaterPasswordEnv }, r.cwd);
  await runPlan({
    parent: bundleParent(bundle),
    plan: g.plan,
    env: {
      ...r.env,
      ...(r.identity || facts.foundIdentity ? { APPLE_SIGNING_IDENTITY: r.identity ?? facts.foundIdentity } : {}),
    },
    door: r.door,
    publish: { gh: r.gh, repo: r.repository, tag: r.releaseTag, notes: r.notes, arch: g.arch, key, now: r.now },
  });
  return { ...g, bundle };
}
