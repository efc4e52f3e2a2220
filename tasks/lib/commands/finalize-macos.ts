/**
 * `tasks/finalize-macos.ts`, minus the process boundary: parse flags, load the config,
 * then print the plan (`--plan`), repair the bundle (`--repair-only`), finalize, or put
 * an earlier latest.json back (`rollback-updater VERSION`). Returns the exit code; `env`
 * and `cwd` are parameters, so a test runs the whole flow without a process.
 */
import { resolve } from "node:path";
import { parseCli, type FlowOptions } from "../core/cli.ts";
import { loadConfig } from "../core/config/index.ts";
import type { ReleaseConfig } from "../core/config/load.ts";
import { FINALIZE_MACOS, type FlagsOf } from "../core/entries.ts";
import { UsageError } from "../core/errors.ts";
import { log, out, setQuiet } from "../core/log.ts";
import { registerSecretsFromEnv } from "../core/redact.ts";
import type { GitHub } from "../github/client.ts";
import type { FinalizeRequest } from "../macos/finalize.ts";
import { switchesFromFlags } from "../macos/switches.ts";

/** `--notary-timeout 90`: whole minutes, at least one. */
function minutes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--notary-timeout takes whole minutes (e.g. 60), not ${value}`);
  return Number(value);
}

type Flags = FlagsOf<typeof FINALIZE_MACOS>;

/** `rollback-updater VERSION`: mark an earlier release latest again (uploads nothing). */
async function rollback(positionals: string[], config: ReleaseConfig, gh: GitHub | undefined): Promise<number> {
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

/** The request the flags make, the environment and the config filling what they leave out; usage errors first. */
function requestOf(v: Flags, run: { config: ReleaseConfig; cwd: string; env: NodeJS.ProcessEnv; gh?: GitHub }) {
  const { config, env } = run;
  if (!v.app)
    throw new UsageError(
      "--app PATH is required (the .app, a folder holding one, the bundle's artifact folder, or a .tar/.tar.gz)",
    );
  if (v.plan === true && v["repair-only"] === true) throw new UsageError("--plan and --repair-only exclude each other");
  const request: FinalizeRequest = {
    app: v.app,
    mode: v.plan === true ? "plan" : v["repair-only"] === true ? "repair-only" : "run",
    config,
    cwd: run.cwd,
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
    gh: run.gh,
  };
  if (request.arch && !["aarch64", "x86_64", "universal"].includes(request.arch))
    throw new UsageError(`--arch must be aarch64, x86_64 or universal, not ${request.arch}`);
  if (request.p12 && request.keychain)
    throw new UsageError("--p12 imports into a temporary keychain; --keychain names an existing one: pass one of them");
  return request;
}

/** `--repair-only`: the bundle's layout repaired, on any OS; nothing signed. */
async function repairOnly(request: FinalizeRequest, json: boolean): Promise<number> {
  const { gather, repairBundle } = await import("../macos/finalize.ts");
  const g = await gather(request);
  const bundle = await repairBundle(g);
  const report = { app: resolve(bundle.appPath), repairs: g.plan.repairs };
  if (json) out(JSON.stringify(report, null, 2));
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
  if (positionals[0] === "rollback-updater") return rollback(positionals, config, gh);
  if (positionals.length)
    throw new UsageError(`unknown command ${positionals[0]}; the only command is rollback-updater VERSION`);
  const request = requestOf(v, { config, cwd, env, gh });
  const json = v.json === true;
  if (json) setQuiet(false);
  if (request.mode === "plan") {
    const { gather } = await import("../macos/finalize.ts");
    const { planDocument, renderPlan } = await import("../macos/plan.ts");
    const g = await gather(request);
    out(json ? JSON.stringify(planDocument(g.plan), null, 2) : renderPlan(g.plan));
    return 0;
  }
  if (request.mode === "repair-only") return repairOnly(request, json);
  const { finalize } = await import("../macos/finalize.ts");
  const g = await finalize(request);
  log(`finalized ${g.bundle.appPath} ${g.plan.version} (${g.arch})`);
  return 0;
}
