/**
 * Entry: assemble `latest.json` from every platform's signed updater artifact already
 * on the release (macOS `.app.tar.gz`, Linux AppImage/deb/rpm, Windows msi/setup.exe,
 * each with its `.sig`), validate it, and upload it once. The build workflow runs it
 * in one job after every build leg, so no leg overwrites another's entry.
 */
import { parseCli, runMain } from "./lib/core/cli.ts";
import { loadConfig } from "./lib/core/config/load.ts";
import { UPDATER_MANIFEST } from "./lib/core/entries.ts";
import { UsageError } from "./lib/core/errors.ts";
import { log, out, setQuiet } from "./lib/core/log.ts";
import { registerSecretsFromEnv } from "./lib/core/redact.ts";
import { resolveRoot } from "./lib/core/repo-root.ts";

async function main(argv = process.argv.slice(2), env = process.env): Promise<number> {
  const { values: v, positionals } = parseCli(UPDATER_MANIFEST, argv);
  registerSecretsFromEnv(env);
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const tag = v["release-tag"] as string | undefined;
  if (!tag) throw new UsageError("--release-tag TAG is required (the workflow passes github.event.release.tag_name)");
  const json = v.json === true;
  if (json) setQuiet(true);
  const root = await resolveRoot(v.repo as string | undefined);
  const config = await loadConfig(root, { env, githubRepo: v["github-repo"] as string | undefined });
  if (!config.repository) throw new UsageError("name the repository: --github-repo OWNER/NAME or GITHUB_REPOSITORY");
  if (!env.GITHUB_TOKEN) throw new UsageError("GITHUB_TOKEN is required to read the release and upload latest.json");
  // Octokit and the manifest code load only once a run is certain.
  const { createGitHub } = await import("./lib/github/client.ts");
  const { assembleManifest, renderReport } = await import("./lib/updater/assemble.ts");
  const { readUpdaterMaterial } = await import("./lib/signing/updater-key-material.ts");
  const pubkey = readUpdaterMaterial(root, config.workflows.tauriDir, {}).configuredPubkey;
  if (!pubkey)
    log(`note: ${config.workflows.tauriDir}/tauri.conf.json has no updater pubkey; signer key ids are not checked`);
  const gh = createGitHub({ token: env.GITHUB_TOKEN, baseUrl: config.github.apiUrl ?? env.GITHUB_API_URL });
  const report = await assembleManifest({
    gh,
    repo: config.repository,
    tag,
    tagPrefix: config.tagPrefix,
    notes: v.notes as string | undefined,
    now: new Date(),
    pubkey,
    upload: v.plan !== true,
  });
  if (!pubkey)
    log(`note: ${config.workflows.tauriDir}/tauri.conf.json has no updater pubkey; signer key ids were not checked`);
  out(json ? JSON.stringify(report, null, 2) : renderReport(report));
  return 0;
}

runMain(() => main());
