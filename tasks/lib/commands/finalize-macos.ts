/**
 * `tasks/finalize-macos.ts`, minus the process boundary: parse flags, load the config,
 * then print the plan (`--plan`), repair the bundle (`--repair-only`), finalize, or put
 * an earlier latest.json back (`rollback-updater VERSION`). Returns the exit code; `env`
 * and `cwd` are parameters, so a test runs the whole flow without a process.
 */
import { resolve } from "node:path";
import { parseCli, type FlowOptions } from "../core/cli.ts";
import { loadConfig } from "../core/config/index.ts";
import { FINALIZE_MACOS } from "../core/entries.ts";
import { UsageError } from "../core/errors.ts";
import { log, out, setQuiet } from "../core/log.ts";
import { registerSecretsFromEnv } from "../core/redact.ts";
import type { FinalizeRequest } from "../macos/finalize.ts";
import { switchesFromFlags } from "../macos/switches.ts";

/** `--notary-timeout 90`: whole minutes, at least one. */
function minutes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--notary-timeout takes whole minutes (e.g. 60), not ${value}`);
  return Number(value);
}

export async function finalizeMacosMain(argv: string[], opts: FlowOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const { values: v, positionals } = parseCli(FINALIZE_MACOS, argv);
  registerSecretsFromEnv(env);
  const config = await loadConfig(cwd, { env, githubRepo: v["github-repo"] });
  const token = env.GITHUB_TOKEN;
  // Octokit and each mode's domain code load only when that mode runs.
  const gh = token
    ? (await import("../github/client.ts")).createGitHub({
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
    const { rollbackAdvice, rollbackUpdater } = await import("../macos/rollback.ts");
    const result = await rollbackUpdater(gh, { repo: config.repository, version, tagPrefix: config.tagPrefix });
    log(rollbackAdvice(result));
    return 0;
  }
  if (positionals.length)
    throw new UsageError(`unknown command ${positionals[0]}; the only command is rollback-updater VERSION`);
  const app = v.app;
  if (!app)
    throw new UsageError(
      "--app PATH is required (the .app, a folder holding one, the bundle's artifact folder, or a .tar/.tar.gz)",
    );
  if (v.plan === true && v["repair-only"] === true) throw new UsageError("--plan and --repair-only exclude each other");
  if (v.json === true) setQuiet(false);

  const request: FinalizeRequest = {
    app,
    mode: v.plan === true ? "plan" : v["repair-only"] === true ? "repair-only" : "run",
    config,
    cwd,
    env,
    platform: process.platform,
    now: new Date(),
    identity: v.identity ?? (env.APPLE_SIGNING_IDENTITY || undefined),
    keychain: v.keychain,
    p12: v.p12,
    entitlements: v.entitlements ?? config.macos.entitlements,
    sidecarEntitlements: v["sidecar-entitlements"] ?? config.macos.sidecarEntitlements,
    notaryKey: v.key,
    notaryKeyId: v["key-id"],
    notaryIssuer: v.issuer,
    notaryTimeoutMinutes: minutes(v["notary-timeout"]) ?? config.workflows.notaryTimeoutMinutes,
    ...switchesFromFlags(v),
    outputDir: v["output-dir"] ?? "dist/macos",
    arch: v.arch,
    releaseTag: v["release-tag"],
    repository: config.repository,
    updaterKeyPath: v["updater-key-path"],
    updaterPasswordEnv: v["updater-key-password-env"],
    notes: v.notes,
    gh,
  };
  if (request.arch && !["aarch64", "x86_64", "universal"].includes(request.arch))
    throw new UsageError(`--arch must be aarch64, x86_64 or universal, not ${request.arch}`);
  if (request.p12 && request.keychain)
    throw new UsageError("--p12 imports into a temporary keychain; --keychain names an existing one: pass one of them");

  const { finalize, gather, repairBundle } = await import("../macos/finalize.ts");
  if (request.mode === "plan") {
    const { planDocument, renderPlan } = await import("../macos/plan.ts");
    const g = await gather(request);
    out(v.json === true ? JSON.stringify(planDocument(g.plan), null, 2) : renderPlan(g.plan));
    return 0;
  }
  if (request.mode === "repair-only") {
    const g = await gather(request);
    const bundle = await repairBundle(g);
    const report = { app: resolve(bundle.appPath), repairs: g.plan.repairs };
    if (v.json === true) out(JSON.stringify(report, null, 2));
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
