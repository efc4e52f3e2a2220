/**
 * The shape of `release.config.ts`. Every section has defaults, so a config only
 * says what differs. Unknown keys are errors (a misspelt key must not be ignored).
 */
import { z } from "zod";
import { workflowsSchema } from "./workflows-schema.ts";

const nonEmpty = z.string().min(1);
/** A command as argv (no shell) or as one shell string. */
const command = z.union([z.array(nonEmpty).min(1), nonEmpty]);

export const VERSION_FILE_KINDS = ["pyproject", "cargo", "json", "python", "sphinx", "bumpversion"] as const;
export type VersionFileKind = (typeof VERSION_FILE_KINDS)[number];

const versionFile = z.union([
  nonEmpty,
  z.strictObject({
    path: nonEmpty,
    /** how to read and edit it; inferred from the file name when omitted */
    kind: z.enum(VERSION_FILE_KINDS).optional(),
  }),
]);

/** Keep a Changelog categories in their fixed order, each fed by conventional-commit types. */
export const DEFAULT_CATEGORIES = [
  { title: "Breaking Changes", types: ["!"] },
  { title: "Added", types: ["feat"] },
  { title: "Fixed", types: ["fix"] },
  { title: "Performance", types: ["perf"] },
  { title: "Changed", types: ["refactor", "revert"] },
  { title: "Documentation", types: ["docs"] },
] as const;

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

export const configSchema = z.strictObject({
  /** The project's display name (release titles, artifact names). */
  name: nonEmpty,
  /** owner/name on GitHub; default: --github-repo, GITHUB_REPOSITORY, then the origin URL */
  repository: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name")
    .optional(),
  branch: nonEmpty.default("main"),
  tagPrefix: z.string().default("v"),
  /** Release title; {name}, {version} and {tag} are replaced. */
  releaseTitle: nonEmpty.default("{name} {tag}"),
  versioning: z
    .strictObject({
      /** Below 1.0.0 a breaking change bumps major (semantic-release) or minor. */
      breakingBelowOne: z.enum(["major", "minor"]).default("major"),
    })
    .prefault({}),
  changelog: z
    .strictObject({
      path: nonEmpty.default("CHANGELOG.md"),
      categories: z
        .array(z.strictObject({ title: nonEmpty, types: z.array(nonEmpty).min(1) }))
        .default(DEFAULT_CATEGORIES.map((c) => ({ title: c.title, types: [...c.types] }))),
    })
    .prefault({}),
  /** Files whose version is bumped; all must agree before the cut. */
  versionFiles: z.array(versionFile).default([]),
  /** Lockfiles refreshed after the bump (only when the lockfile exists). */
  lockfiles: z.array(z.strictObject({ path: nonEmpty, command })).default([]),
  /** Commands run before any mutation (tests, linters); skipped with --skip-checks. */
  preflight: z.array(z.strictObject({ id: nonEmpty, title: z.string().optional(), command })).default([]),
  /** Programs that must be on PATH (check tools.missing). */
  tools: z.array(nonEmpty).default(["git"]),
  github: z
    .strictObject({
      /** API base URL; default GITHUB_API_URL, else https://api.github.com */
      apiUrl: z.string().url().optional(),
      /** Workflow files that the published release must start. */
      releaseWorkflows: z.array(nonEmpty).default(["publish-pypi.yml", "build-tauri.yml", "build-binaries.yml"]),
      /** How long the fan-out watch waits for the runs to appear. */
      watchSeconds: z.number().int().nonnegative().default(120),
      pollSeconds: z.number().positive().default(5),
    })
    .prefault({}),
  /** Values the workflow templates are rendered from (see workflows-schema.ts). */
  workflows: workflowsSchema.prefault({}),
  /** Secrets the workflows may read: repository-level and per environment. */
  secrets: z
    .strictObject({
      repository: z.array(nonEmpty).default([]),
      environments: z.record(z.string(), z.array(nonEmpty)).default({}),
    })
    .optional(),
  macos: z
    .strictObject({
      /** entitlements plist for the app and its main executable (hardened runtime) */
      entitlements: z.string().optional(),
      /** entitlements plist for every other executable (the sidecar's); none when unset */
      sidecarEntitlements: z.string().optional(),
      /** the DMG's volume name (default: the app's CFBundleName) */
      dmgVolumeName: z.string().min(1).optional(),
      /** sidecar executable name inside the bundle */
      sidecar: z.string().optional(),
      /** expected signing identity when APPLE_SIGNING_IDENTITY is unset (doctor) */
      signingIdentity: z.string().optional(),
      /** expected Apple team id when APPLE_TEAM_ID is unset (doctor) */
      teamId: z.string().optional(),
    })
    .prefault({}),
  docs: z
    .strictObject({
      /** Files scanned for drift (commands and paths that no longer exist). */
      globs: z
        .array(nonEmpty)
        .default(["README.md", "docs/**/*.md", ".github/*.md", ".claude/skills/**/SKILL.md", "AGENTS.md", "CLAUDE.md"]),
    })
    .prefault({}),
});

export type ReleaseConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;

export interface VersionFileRef {
  path: string;
  kind: VersionFileKind;
}
