/**
 * The `workflows` section of release.config.ts: every value the workflow templates
 * are rendered from, so no template copies a version, a name or a secret from another.
 */
import { JOB_LIMITS } from "../platform/runners.ts";
import * as v from "./validate.ts";

const nonEmpty = v.string().min(1);

/** The workflows gen-workflows can render (one template each). */
export const WORKFLOW_NAMES = ["publish-pypi", "build-tauri", "build-binaries", "ci"] as const;
export type WorkflowName = (typeof WORKFLOW_NAMES)[number];

/** The Apple signing and notarization values: what the certificate checks read and `secrets push` uploads. */
export const APPLE_SIGNING_ENV = [
  "APPLE_CERTIFICATE",
  "APPLE_CERTIFICATE_PASSWORD",
  "APPLE_SIGNING_IDENTITY",
  "APPLE_TEAM_ID",
  "APPLE_ID",
  "APPLE_PASSWORD",
] as const;

/** Environment variables the signing checks and the macOS finalizer read: Apple's, then the Tauri updater key's. */
export const SIGNING_ENV = [
  ...APPLE_SIGNING_ENV,
  "TAURI_SIGNING_PRIVATE_KEY",
  "TAURI_SIGNING_PRIVATE_KEY_PASSWORD",
] as const;
export type SigningEnv = (typeof SIGNING_ENV)[number];

/** The finalize job's minutes besides waiting for Apple: set-up, keychain, repairs, signing, stapling, the DMG, the uploads. */
export const FINALIZE_MARGIN_MINUTES = 30;

const platform = v.strictObject({
  /** GitHub runner label, e.g. macos-26 */
  runner: nonEmpty,
  /** Rust target triple, e.g. aarch64-apple-darwin */
  target: nonEmpty,
  /** macos | linux | windows */
  os: v.enumOf(["macos", "linux", "windows"]),
  /** architecture name used in artifact names: aarch64, x86_64 */
  arch: nonEmpty,
});

const secretName = nonEmpty.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a secret name (letters, digits, _)");
const signingSecrets = v
  .strictObject(
    Object.fromEntries(SIGNING_ENV.map((name) => [name, secretName.default(name)])) as Record<
      SigningEnv,
      v.Schema<string, string | undefined>
    >,
  )
  .prefault({});

/** The front end: its folder and package manager; omit the section when there is none. */
const frontend = v
  .strictObject({
    dir: nonEmpty,
    /** npm (package-lock.json) or pnpm (pnpm-lock.yaml; set up with the pinned pnpm/action-setup) */
    packageManager: v.enumOf(["npm", "pnpm"]).default("npm"),
    /** pnpm version for pnpm/action-setup; default: the `packageManager` field of `<dir>/package.json` */
    pnpmVersion: v.string().optional(),
    /** shell overrides; default: the package manager's frozen install and `run build` */
    install: nonEmpty.optional(),
    build: nonEmpty.optional(),
    /** let the install run dependency install scripts (off: the same jobs later hold secrets) */
    scripts: v.boolean().default(false),
  })
  .refine((f) => f.scripts || f.install === undefined || f.install.includes("--ignore-scripts"), {
    message: "runs install scripts in a job that later holds secrets: add --ignore-scripts, or set scripts: true",
    path: ["install"],
  });

const envName = nonEmpty.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

/**
 * The Python sidecar of the desktop app: how PyInstaller builds it and where
 * tauri.conf.json bundles it. gen-workflows refuses a placement tauri.conf.json does not bundle.
 */
const sidecar = v
  .strictObject({
    /** PyInstaller spec, relative to the repository root */
    spec: nonEmpty,
    /** the name PyInstaller gives it: dist/<name>/ (onedir) or dist/<name> (onefile) */
    name: nonEmpty.regex(/^[\w.-]+$/, "must be a file name"),
    mode: v.enumOf(["onedir", "onefile"]).default("onedir"),
    /** environment the spec reads (e.g. its build mode, console or not); plain values, no secrets */
    env: v.record(envName, v.string()).default({}),
    /**
     * Where it goes, relative to the Tauri folder: `{ resources: "resources/sidecar" }` places
     * `<dir>/<triple>/<name>/` (a folder that `bundle.resources` bundles); `{ externalBin:
     * "binaries/server" }` places `binaries/server-<triple>[.exe]` (one file, `bundle.externalBin`).
     */
    placement: v.union([v.strictObject({ resources: nonEmpty }), v.strictObject({ externalBin: nonEmpty })]),
    /** shell run on every leg after placement, before anything is built or uploaded; $SIDECAR is the executable */
    smokeTest: nonEmpty.default('"$SIDECAR" --help'),
  })
  .refine((s) => !("externalBin" in s.placement) || s.mode === "onefile", {
    message: "an externalBin sidecar is one file: set mode to onefile, or place a onedir build with resources",
    path: ["mode"],
  });

export const workflowsSchema = v.strictObject({
  pythonVersion: nonEmpty.default("3.12"),
  /** Node for the toolkit and the front end; default: the repository's `.node-version` when it has one, else 24 (a line package.json's engines supports) */
  nodeVersion: nonEmpty.optional(),
  /** a file setup-node reads the version from (e.g. `.node-version`), instead of nodeVersion */
  nodeVersionFile: nonEmpty.optional(),
  uvVersion: nonEmpty.default("0.5.x"),
  pyinstallerVersion: nonEmpty.default("6.11.1"),
  /** Tauri app name (the .app bundle, artifact names); default: the project name */
  appName: v.string().optional(),
  /** Directory of the Tauri project */
  tauriDir: nonEmpty.default("src-tauri"),
  /** a folder whose package.json and lockfile pin @tauri-apps/cli (npm ci there); default: the toolkit's own pin */
  tauriCliDir: nonEmpty.optional(),
  /** Front end built before the wheel, the sidecar and the app; omit when there is none */
  frontend: frontend.optional(),
  /** The desktop app's Python sidecar; omit when the app has none */
  sidecar: sidecar.optional(),
  /** extra Debian packages the Linux legs install (system libraries the sidecar links against) */
  linuxPackages: v.array(nonEmpty.regex(/^[a-z0-9][a-z0-9+.:-]*$/, "must be a Debian package name")).default([]),
  /** PyInstaller spec for the CLI binaries */
  cliSpec: v.string().optional(),
  /** name of the CLI binary (smoke-tested with --help) */
  cliName: v.string().optional(),
  /** CLI archive name without extension: {name} {tag} {os} {arch} {target} (.zip on Windows, .tar.gz elsewhere) */
  cliAssetName: nonEmpty
    .regex(/^[\w.{}-]+$/, "letters, digits, . _ - and {placeholders}")
    .default("{name}-{tag}-{os}-{arch}"),
  /** Paths the wheel must contain (e.g. the built UI's index.html); the publish job lists the wheel and fails without them */
  wheelMustContain: v.array(nonEmpty).default([]),
  pypiEnvironment: nonEmpty.default("pypi"),
  /** the protected GitHub environment the jobs holding signing secrets run in */
  signingEnvironment: nonEmpty.default("release-signing"),
  tauriPlatforms: v.array(platform).optional(),
  cliPlatforms: v.array(platform).optional(),
  /** Action references, e.g. { "actions/checkout": "<sha> # v4.2.2" } */
  actions: v.record(v.string(), nonEmpty).default({}),
  /** refuse to render a privileged job (write scope, secret, environment) that uses an action not pinned to a full SHA */
  requirePins: v.boolean().default(false),
  /**
   * How long the macOS finalize job waits for Apple's notary service, in all, before it
   * stops with the submission recorded (a rerun resumes it); the job's timeout is this
   * plus FINALIZE_MARGIN_MINUTES, within GitHub's job limit.
   */
  notaryTimeoutMinutes: v
    .number()
    .int()
    .positive()
    .refine((m) => m + FINALIZE_MARGIN_MINUTES <= JOB_LIMITS.value.maxMinutes, {
      message: `must leave ${FINALIZE_MARGIN_MINUTES} minutes of the ${JOB_LIMITS.value.maxMinutes} a GitHub-hosted job may run (at most ${JOB_LIMITS.value.maxMinutes - FINALIZE_MARGIN_MINUTES})`,
    })
    .default(60),
  /** a manual run may build without uploading (an `upload` input, default true) */
  dispatchBuildOnly: v.boolean().default(false),
  /** Which workflows are generated; a dropped one becomes a stale file for --check. */
  generate: v.array(v.enumOf(WORKFLOW_NAMES)).default([...WORKFLOW_NAMES]),
  /** Where the toolkit lives (its package.json and package-lock.json), relative to the repository root. */
  toolkitDir: nonEmpty.default("."),
  /** The repository secret holding each signing value, keyed by the env name the jobs read. */
  signingSecrets,
});

export type WorkflowsConfig = v.Output<typeof workflowsSchema>;
export type SidecarConfig = NonNullable<WorkflowsConfig["sidecar"]>;
export type FrontendConfig = NonNullable<WorkflowsConfig["frontend"]>;
