/**
 * `tasks/updater-manifest.ts`, minus the process boundary: parse flags, load the config,
 * then assemble latest.json from the release's signed updater artifacts and upload it
 * (or print the plan). Returns the exit code; `env` and `cwd` are parameters, so a test
 * runs the whole flow without a process.
 */
import { parseCli, type FlowOptions } from "../core/cli.ts";
import { loadConfig } from "../core/config/load.ts";
import { UPDATER_MANIFEST } from "../core/entries.ts";
import { UsageError } from "../core/errors.ts";
import { log, out, setQuiet } from "../core/log.ts";
import { registerSecretsFromEnv } from "../core/redact.ts";
import { resolveRoot } from "../core/repo-root.ts";

export async function updaterManifestMain(argv: string[], opts: FlowOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const { values: v, positionals } = parseCli(UPDATER_MANIFEST, argv);
  registerSecretsFromEnv(env);
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const tag = v["release-tag"];
  if (!tag) throw new UsageError("--release-tag TAG is required (the workflow passes github.event.release.tag_name)");
  const json = v.json === true;
  if (json) setQuiet(true);
  const root = await resolveRoot(v.repo, cwd);
  const config = await loadConfig(root, { env, githubRepo: v["github-repo"] });
  if (!config.repository) throw new UsageError("name the repository: --github-repo OWNER/NAME or GITHUB_REPOSITORY");
  if (!env.GITHUB_TOKEN) throw new UsageError("GITHUB_TOKEN is required to read the release and upload latest.json");
  // Octokit and the manifest code load only once a run is certain.
  const { createGitHub } = await import("../github/client.ts");
  const { assembleManifest, renderReport } = await import("../updater/assemble.ts");
  const { readTauriConf, tauriUpdaterPubkey } = await import("../core/tauri-conf.ts");
  const pubkey = tauriUpdaterPubkey(readTauriConf(root, config.workflows.tauriDir).conf);
  if (!pubkey)
    log(`note: ${config.workflows.tauriDir}/tauri.conf.json has no updater pubkey; signer key ids are not checked`);
  const gh = createGitHub({ token: env.GITHUB_TOKEN, baseUrl: config.github.apiUrl ?? env.GITHUB_API_URL });
  const report = await assembleManifest({
    gh,
    repo: config.repository,
    tag,
    tagPrefix: config.tagPrefix,
    notes: v.notes,
    now: new Date(),
    pubkey,
    upload: v.plan !== true,
    ...(v.checksums ? { checksums: v.checksums } : {}),
  });
  if (!pubkey)
    log(`note: ${config.workflows.tauriDir}/tauri.conf.json has no updater pubkey; signer key ids were not checked`);
  out(json ? JSON.stringify(report, null, 2) : renderReport(report));
  return 0;
}
