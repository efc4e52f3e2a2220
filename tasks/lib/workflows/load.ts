/** The template context of a repository: its release.config.ts, resolved, checked against tauri.conf.json. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { templateContext, type RepoFacts, type TemplateContext } from "../../../templates/context.ts";
import { placementProblem, type TauriBundleConf } from "../../../templates/sidecar.ts";
import { ReleaseError } from "../core/errors.ts";
import { loadConfig, type ReleaseConfig } from "../core/config/index.ts";
import { readTauriConf, TAURI_CONF } from "../core/tauri-conf.ts";

type ConfigSource = Pick<ReleaseConfig, "name" | "branch" | "tagPrefix" | "workflows" | "source">;

/** Build the context from a loaded config; a bad action pin becomes a config error that names it. */
export function contextFromConfig(config: ConfigSource, facts: RepoFacts = {}): TemplateContext {
  try {
    return templateContext(config, facts);
  } catch (e) {
    throw new ReleaseError(
      "config.invalid",
      `Cannot render the workflows: ${(e as Error).message}`,
      `Fix workflows in ${config.source}.`,
    );
  }
}

/** The repository files the defaults depend on. */
export function readRepoFacts(root: string): RepoFacts {
  return { nodeVersionFile: existsSync(join(root, ".node-version")) };
}

/**
 * The sidecar placement must be what tauri.conf.json bundles, or the app ships without
 * its backend while every job goes green. Checked when the file is there (a JSON5 or
 * TOML config is not read).
 */
export function checkSidecarPlacement(root: string, ctx: TemplateContext, source: string): void {
  if (!ctx.sidecar || !ctx.generate.includes("build-tauri")) return;
  const file = join(ctx.tauriDir, TAURI_CONF);
  const read = readTauriConf(root, ctx.tauriDir);
  if (!read.exists) return;
  if (!read.conf)
    throw new ReleaseError(
      "config.invalid",
      `Cannot check the sidecar placement: ${file} is not JSON (${read.error})`,
      `Fix ${file}.`,
    );
  const problem = placementProblem(read.conf as TauriBundleConf, ctx.sidecar);
  if (problem)
    throw new ReleaseError(
      "config.invalid",
      `Cannot render the workflows: workflows.sidecar.placement is ${JSON.stringify(ctx.sidecar.placement)} but ${file} does not bundle it (${problem})`,
      `Make workflows.sidecar.placement in ${source} name what ${file} bundles (bundle.resources or bundle.externalBin), or bundle it there.`,
    );
}

/** The context of a repository whose config is loaded: its files read, the sidecar placement checked. */
export function repoTemplateContext(root: string, config: ConfigSource): TemplateContext {
  const ctx = contextFromConfig(config, readRepoFacts(root));
  checkSidecarPlacement(root, ctx, config.source);
  return ctx;
}

export async function loadTemplateContext(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TemplateContext> {
  return repoTemplateContext(root, await loadConfig(root, { env }));
}
