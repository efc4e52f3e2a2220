/**
 * The `workflows` section of release.config.ts: every value the workflow templates
 * are rendered from, so no template copies a version, a name or a secret from another.
 */
import { z } from "zod";

const nonEmpty = z.string().min(1);

/** The workflows gen-workflows can render (one template each). */
export const WORKFLOW_NAMES = ["publish-pypi", "build-tauri", "build-binaries", "ci"] as const;
export type WorkflowName = (typeof WORKFLOW_NAMES)[number];

/** Environment variables the signing checks and the macOS finalizer read. */
export const SIGNING_ENV = [
  "APPLE_CERTIFICATE",
  "APPLE_CERTIFICATE_PASSWORD",
  "APPLE_SIGNING_IDENTITY",
  "APPLE_TEAM_ID",
  "APPLE_ID",
  "APPLE_PASSWORD",
  "TAURI_SIGNING_PRIVATE_KEY",
  "TAURI_SIGNING_PRIVATE_KEY_PASSWORD",
] as const;
export type SigningEnv = (typeof SIGNING_ENV)[number];

const platform = z.strictObject({
  /** GitHub runner label, e.g. macos-14 */
  runner: nonEmpty,
  /** Rust target triple, e.g. aarch64-apple-darwin */
  target: nonEmpty,
  /** macos | linux | windows */
  os: z.enum(["macos", "linux", "windows"]),
  /** architecture name used in artifact names: aarch64, x86_64 */
  arch: nonEmpty,
});

const secretName = nonEmpty.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a secret name (letters, digits, _)");
const signingSecrets = z
  .strictObject(
    Object.fromEntries(SIGNING_ENV.map((name) => [name, secretName.default(name)])) as Record<
      SigningEnv,
      z.ZodDefault<typeof secretName>
    >,
  )
  .prefault({});

export const workflowsSchema = z.strictObject({
  pythonVersion: nonEmpty.default("3.12"),
  nodeVersion: nonEmpty.default("20"),
  uvVersion: nonEmpty.default("0.5.x"),
  pyinstallerVersion: nonEmpty.default("6.11.1"),
  /** Tauri app name (the .app bundle, artifact names); default: the project name */
  appName: z.string().optional(),
  /** Directory of the Tauri project */
  tauriDir: nonEmpty.default("src-tauri"),
  /** Front end built before the wheel and the app; omit when there is none */
  frontend: z.strictObject({ dir: nonEmpty, install: nonEmpty, build: nonEmpty }).optional(),
  /** PyInstaller spec for the sidecar and for the CLI binaries */
  sidecarSpec: z.string().optional(),
  cliSpec: z.string().optional(),
  /** name of the CLI binary (smoke-tested with --help) */
  cliName: z.string().optional(),
  pypiEnvironment: nonEmpty.default("pypi"),
  tauriPlatforms: z.array(platform).optional(),
  cliPlatforms: z.array(platform).optional(),
  /** Action references, e.g. { "actions/checkout": "<sha> # v4.2.2" } */
  actions: z.record(z.string(), nonEmpty).default({}),
  /** Which workflows are generated; a dropped one becomes a stale file for --check. */
  generate: z.array(z.enum(WORKFLOW_NAMES)).default([...WORKFLOW_NAMES]),
  /** Where the toolkit's entries live, relative to the repository root ("." for this repository). */
  toolkitDir: nonEmpty.default("."),
  /** The repository secret holding each signing value, keyed by the env name the jobs read. */
  signingSecrets,
});

export type WorkflowsConfig = z.output<typeof workflowsSchema>;
