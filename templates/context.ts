/**
 * The one context every template reads: built from release.config.ts, so a runtime
 * version, a name or a secret is written once and never copied between templates.
 */
import type { SigningEnv, WorkflowName, WorkflowsConfig } from "../tasks/lib/core/config/workflows-schema.ts";
import { resolveActions, type Actions } from "./actions.ts";

export interface Platform {
  runner: string;
  target: string;
  os: "macos" | "linux" | "windows";
  arch: string;
}

export interface TemplateContext {
  name: string;
  branch: string;
  tagPrefix: string;
  appName: string;
  cliName: string;
  pythonVersion: string;
  nodeVersion: string;
  uvVersion: string;
  pyinstallerVersion: string;
  tauriDir: string;
  frontend: { dir: string; install: string; build: string } | undefined;
  sidecarSpec: string;
  cliSpec: string;
  pypiEnvironment: string;
  tauriPlatforms: Platform[];
  cliPlatforms: Platform[];
  actions: Actions;
  signingSecrets: Record<SigningEnv, string>;
  toolkitDir: string;
  generate: WorkflowName[];
}

export const DEFAULT_TAURI_PLATFORMS: Platform[] = [
  { runner: "macos-14", target: "aarch64-apple-darwin", os: "macos", arch: "aarch64" },
  { runner: "macos-13", target: "x86_64-apple-darwin", os: "macos", arch: "x86_64" },
  { runner: "ubuntu-22.04", target: "x86_64-unknown-linux-gnu", os: "linux", arch: "x86_64" },
  { runner: "windows-2022", target: "x86_64-pc-windows-msvc", os: "windows", arch: "x86_64" },
];

export const DEFAULT_CLI_PLATFORMS: Platform[] = [
  { runner: "ubuntu-22.04", target: "x86_64-unknown-linux-gnu", os: "linux", arch: "x86_64" },
  { runner: "macos-14", target: "aarch64-apple-darwin", os: "macos", arch: "aarch64" },
  { runner: "windows-2022", target: "x86_64-pc-windows-msvc", os: "windows", arch: "x86_64" },
];

/** What the context needs from a loaded config (a plain object in tests). */
export interface ContextSource {
  name: string;
  branch: string;
  tagPrefix: string;
  workflows: WorkflowsConfig;
}

/** Fill the defaults that depend on other values (names, spec paths). Pure. */
export function templateContext(config: ContextSource): TemplateContext {
  const w = config.workflows;
  const cliName = w.cliName ?? config.name;
  return {
    name: config.name,
    branch: config.branch,
    tagPrefix: config.tagPrefix,
    appName: w.appName ?? config.name,
    cliName,
    pythonVersion: w.pythonVersion,
    nodeVersion: w.nodeVersion,
    uvVersion: w.uvVersion,
    pyinstallerVersion: w.pyinstallerVersion,
    tauriDir: w.tauriDir,
    frontend: w.frontend,
    sidecarSpec: w.sidecarSpec ?? `${w.tauriDir}/sidecar.spec`,
    cliSpec: w.cliSpec ?? `${cliName}.spec`,
    pypiEnvironment: w.pypiEnvironment,
    tauriPlatforms: w.tauriPlatforms ?? DEFAULT_TAURI_PLATFORMS,
    cliPlatforms: w.cliPlatforms ?? DEFAULT_CLI_PLATFORMS,
    actions: resolveActions(w.actions),
    signingSecrets: w.signingSecrets,
    toolkitDir: w.toolkitDir,
    generate: w.generate,
  };
}

/**
 * Repository paths of the adopting project that generated `run:` steps name. They
 * come from the config; the toolkit cannot know they exist until the project has
 * them, so the doctor's workflow checks report a missing one instead of the generator.
 */
export function projectPaths(ctx: TemplateContext): string[] {
  return [ctx.sidecarSpec, ctx.cliSpec, ctx.tauriDir, ...(ctx.frontend ? [ctx.frontend.dir] : [])];
}
