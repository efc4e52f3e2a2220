/**
 * The one context every template reads: built from release.config.ts, so a runtime
 * version, a name or a secret is written once and never copied between templates.
 */
import type {
  SidecarConfig,
  SigningEnv,
  WorkflowName,
  WorkflowsConfig,
} from "../tasks/lib/core/config/workflows-schema.ts";
import { DEFAULT_RUNNERS } from "../tasks/lib/core/platform/runners.ts";
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
  /** setup-node's input: a version, or a file it reads the version from */
  node: { "node-version": string } | { "node-version-file": string };
  uvVersion: string;
  pyinstallerVersion: string;
  tauriDir: string;
  /** where `npm ci` installs the pinned @tauri-apps/cli (the toolkit's folder unless configured) */
  tauriCliDir: string;
  frontend: Frontend | undefined;
  sidecar: SidecarConfig | undefined;
  linuxPackages: string[];
  cliSpec: string;
  cliAssetName: string;
  wheelMustContain: string[];
  pypiEnvironment: string;
  signingEnvironment: string;
  requirePins: boolean;
  dispatchBuildOnly: boolean;
  /** the finalizer's bound on waiting for Apple; the finalize job's timeout is derived from it */
  notaryTimeoutMinutes: number;
  tauriPlatforms: Platform[];
  cliPlatforms: Platform[];
  actions: Actions;
  signingSecrets: Record<SigningEnv, string>;
  toolkitDir: string;
  generate: WorkflowName[];
}

/** The front end with its commands resolved from the package manager. */
export interface Frontend {
  dir: string;
  packageManager: "npm" | "pnpm";
  pnpmVersion: string | undefined;
  install: string;
  build: string;
}

const R = DEFAULT_RUNNERS;

/**
 * The default matrices, on labels GitHub supports (see DEFAULT_RUNNERS for why each).
 * The Intel app is built on an Intel runner because a PyInstaller sidecar is built for
 * the architecture of the Python that runs PyInstaller; macOS 26 is the last macOS for
 * Intel, so its image is GitHub's last x86_64 one, and the doctor warns once its end is
 * announced in the facts.
 */
export const DEFAULT_TAURI_PLATFORMS: Platform[] = [
  { runner: R.macosArm64, target: "aarch64-apple-darwin", os: "macos", arch: "aarch64" },
  { runner: R.macosIntel, target: "x86_64-apple-darwin", os: "macos", arch: "x86_64" },
  { runner: R.linuxX64, target: "x86_64-unknown-linux-gnu", os: "linux", arch: "x86_64" },
  { runner: R.windowsX64, target: "x86_64-pc-windows-msvc", os: "windows", arch: "x86_64" },
];

export const DEFAULT_CLI_PLATFORMS: Platform[] = [
  { runner: R.linuxX64, target: "x86_64-unknown-linux-gnu", os: "linux", arch: "x86_64" },
  { runner: R.macosArm64, target: "aarch64-apple-darwin", os: "macos", arch: "aarch64" },
  { runner: R.windowsX64, target: "x86_64-pc-windows-msvc", os: "windows", arch: "x86_64" },
];

/** The runner of the small jobs that only call tools (validate, upload, latest.json, PyPI, CI). */
export const UTILITY_RUNNER = R.utility;

/** What the context needs from a loaded config (a plain object in tests). */
export interface ContextSource {
  name: string;
  branch: string;
  tagPrefix: string;
  workflows: WorkflowsConfig;
}

/** Facts read from the repository that defaults depend on (read by load.ts; tests pass them). */
export interface RepoFacts {
  /** the repository has a `.node-version` at its root */
  nodeVersionFile?: boolean;
}

/** Frozen installs; install scripts only when the config allows them (the jobs hold secrets later). */
function frontendOf(f: WorkflowsConfig["frontend"]): Frontend | undefined {
  if (!f) return undefined;
  const noScripts = f.scripts ? "" : " --ignore-scripts";
  const install =
    f.packageManager === "pnpm"
      ? `pnpm install --frozen-lockfile${noScripts}`
      : `npm ci${noScripts} --no-audit --no-fund`;
  return {
    dir: f.dir,
    packageManager: f.packageManager,
    pnpmVersion: f.pnpmVersion,
    install: f.install ?? install,
    build: f.build ?? `${f.packageManager} run build`,
  };
}

function nodeOf(w: WorkflowsConfig, facts: RepoFacts): TemplateContext["node"] {
  if (w.nodeVersion) return { "node-version": w.nodeVersion };
  if (w.nodeVersionFile) return { "node-version-file": w.nodeVersionFile };
  return facts.nodeVersionFile ? { "node-version-file": ".node-version" } : { "node-version": "24" };
}

/** The placeholders workflows.cliAssetName may use (build-binaries.ts fills them in). */
export const ASSET_PLACEHOLDERS = ["name", "tag", "os", "arch", "target"] as const;

/** Fill the defaults that depend on other values (names, spec paths, repository files). Pure. */
export function templateContext(config: ContextSource, facts: RepoFacts = {}): TemplateContext {
  const w = config.workflows;
  for (const [whole, key] of w.cliAssetName.matchAll(/\{(\w*)\}/g))
    if (!(ASSET_PLACEHOLDERS as readonly string[]).includes(key!))
      throw new Error(
        `workflows.cliAssetName uses ${whole}, which is not a placeholder (known: ${ASSET_PLACEHOLDERS.map((p) => `{${p}}`).join(" ")})`,
      );
  const cliName = w.cliName ?? config.name;
  return {
    name: config.name,
    branch: config.branch,
    tagPrefix: config.tagPrefix,
    appName: w.appName ?? config.name,
    cliName,
    pythonVersion: w.pythonVersion,
    node: nodeOf(w, facts),
    uvVersion: w.uvVersion,
    pyinstallerVersion: w.pyinstallerVersion,
    tauriDir: w.tauriDir,
    tauriCliDir: w.tauriCliDir ?? w.toolkitDir,
    frontend: frontendOf(w.frontend),
    sidecar: w.sidecar,
    linuxPackages: w.linuxPackages,
    cliSpec: w.cliSpec ?? `${cliName}.spec`,
    cliAssetName: w.cliAssetName,
    wheelMustContain: w.wheelMustContain,
    pypiEnvironment: w.pypiEnvironment,
    signingEnvironment: w.signingEnvironment,
    requirePins: w.requirePins,
    dispatchBuildOnly: w.dispatchBuildOnly,
    notaryTimeoutMinutes: w.notaryTimeoutMinutes,
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
  return [
    ...(ctx.sidecar ? [ctx.sidecar.spec] : []),
    ctx.cliSpec,
    ctx.tauriDir,
    ...(ctx.frontend ? [ctx.frontend.dir] : []),
  ];
}
