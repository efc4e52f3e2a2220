/**
 * Entry: finalize the macOS app. `--plan` prints every step (any OS), `--repair-only`
 * repairs the bundle layout (any OS), otherwise: preconditions, repairs, signing,
 * verification, notarization, updater archive and signature, DMG, latest.json
 * (unless --skip-manifest: tasks/updater-manifest.ts assembles it later), upload. `rollback-updater VERSION` puts an earlier latest.json back.
 */
import { resolve } from "node:path";
import { parseCli, runMain } from "./lib/core/cli.ts";
import { FINALIZE_MACOS } from "./lib/core/entries.ts";
import { UsageError } from "./lib/core/errors.ts";
import { log, out, setQuiet } from "./lib/core/log.ts";
import { registerSecretsFromEnv } from "./lib/core/redact.ts";
import type { FinalizeRequest } from "./lib/macos/finalize.ts";

async function main(argv = process.argv.slice(2), env = process.env, cwd = process.cwd()): Promise<number> {
  const { values: v, positionals } = parseCli(FINALIZE_MACOS, argv);
  registerSecretsFromEnv(env);
  // Imported after the flags are parsed, so `--help` loads no domain code and no library.
  const { loadConfig } = await import("./lib/core/config/index.ts");
  const str = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : undefined);
  const flag = (k: string) => v[k] === true;
  const config = await loadConfig(cwd, { env, githubRepo: str("github-repo") });
  const token = env.GITHUB_TOKEN;
  const gh = token
    ? (await import("./lib/github/client.ts")).createGitHub({
        token,
        baseUrl: config.github.apiUrl ?? env.GITHUB_API_URL,
      })
    : undefined;

  if (positionals[0] === "rollback-updater") {
    const version = positionals[1];
    if (!version || positionals.length > 2)
      throw new UsageError("rollback-updater needs exactly one VERSION, e.g. `rollback-updater 1.4.2`");
    if (!gh || !config.repository)
      throw new UsageError("rollback-updater needs GITHUB_TOKEN and --github-repo (or GITHUB_REPOSITORY)");
    const { rollbackUpdater } = await import("./lib/macos/rollback.ts");
    await rollbackUpdater(gh, { repo: config.repository, version, tagPrefix: config.tagPrefix });
    log(`latest.json of ${version} is back on the latest release`);
    return 0;
  }
  if (positionals.length)
    throw new UsageError(`unknown command ${positionals[0]}; the only command is rollback-updater VERSION`);
  const app = str("app");
  if (!app)
    throw new UsageError(
      "--app PATH is required (the .app, a folder holding one, the bundle's artifact folder, or a .tar/.tar.gz)",
    );
  if (flag("plan") && flag("repair-only")) throw new UsageError("--plan and --repair-only exclude each other");
  if (flag("json")) setQuiet(false);

  const request: FinalizeRequest = {
    app,
    mode: flag("plan") ? "plan" : flag("repair-only") ? "repair-only" : "run",
    config,
    cwd,
    env,
    platform: process.platform,
    now: new Date(),
    identity: str("identity") ?? (env.APPLE_SIGNING_IDENTITY || undefined),
    keychain: str("keychain"),
    p12: str("p12"),
    entitlements: str("entitlements") ?? config.macos.entitlements,
    sidecarEntitlements: str("sidecar-entitlements") ?? config.macos.sidecarEntitlements,
    notaryKey: str("key"),
    notaryKeyId: str("key-id"),
    notaryIssuer: str("issuer"),
    adHoc: flag("ad-hoc"),
    skipNotarize: flag("skip-notarize"),
    skipSpctl: flag("skip-spctl"),
    skipDmg: flag("skip-dmg"),
    skipUpload: flag("skip-upload"),
    skipManifest: flag("skip-manifest"),
    outputDir: str("output-dir") ?? "dist/macos",
    arch: str("arch"),
    releaseTag: str("release-tag"),
    repository: config.repository,
    updaterKeyPath: str("updater-key-path"),
    updaterPasswordEnv: str("updater-key-password-env"),
    notes: str("notes"),
    gh,
  };
  if (request.arch && !["aarch64", "x86_64", "universal"].includes(request.arch))
    throw new UsageError(`--arch must be aarch64, x86_64 or universal, not ${request.arch}`);
  if (request.p12 && request.keychain)
    throw new UsageError("--p12 imports into a temporary keychain; --keychain names an existing one: pass one of them");

  const { finalize, gather, repairBundle } = await import("./lib/macos/finalize.ts");
  if (request.mode === "plan") {
    const { renderPlan } = await import("./lib/macos/plan.ts");
    const g = await gather(request);
    out(flag("json") ? JSON.stringify(g.plan, null, 2) : renderPlan(g.plan));
    return 0;
  }
  if (request.mode === "repair-only") {
    const g = await gather(request);
    const bundle = await repairBundle(g);
    const report = { app: resolve(bundle.appPath), repairs: g.plan.repairs };
    if (flag("json")) out(JSON.stringify(report, null, 2));
    else {
      for (const r of g.plan.repairs) log(`repaired ${r.path}: ${r.action}`);
      log(
        g.plan.repairs.length
          ? `${g.plan.repairs.length} repair(s) applied to ${bundle.appPath}`
          : `${bundle.appPath}: nothing to repair`,
      );
    }
    return 0;
  }
  const g = await finalize(request);
  log(`finalized ${g.bundle.appPath} ${g.plan.version} (${g.arch})`);
  return 0;
}

runMain(() => main());
