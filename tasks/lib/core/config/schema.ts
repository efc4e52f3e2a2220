/**
 * The shape of `release.config.ts`. Every section has defaults, so a config only
 * says what differs. Unknown keys are errors (a misspelt key must not be ignored).
 */
import * as v from "./validate.ts";
import { workflowsSchema } from "./workflows-schema.ts";

const nonEmpty = v.string().min(1);
/** A path inside the repository: relative, no `..` segment. */
const relativePath = nonEmpty.refine(
  (p) => !p.startsWith("/") && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes(".."),
  "must be a path inside the repository (relative, without ..)",
);
/** A command as argv (no shell) or as one shell string. */
const command = v.union([v.array(nonEmpty).min(1), nonEmpty]);

export const VERSION_FILE_KINDS = [
  "pyproject",
  "cargo",
  "json",
  "python",
  "sphinx",
  "bumpversion",
  "plain",
  "setup-cfg",
  "setup-py",
  "variable",
] as const;
export type VersionFileKind = (typeof VERSION_FILE_KINDS)[number];

const versionFile = v.union([
  nonEmpty,
  v
    .strictObject({
      path: nonEmpty,
      /** how to read and edit it; inferred from the file name when omitted */
      kind: v.enumOf(VERSION_FILE_KINDS).optional(),
      /** kind "variable": the name the version is assigned to (`NAME = X.Y.Z`, `NAME == X.Y.Z`) */
      variable: nonEmpty.optional(),
    })
    .refine((f) => (f.kind === "variable") === (f.variable !== undefined), {
      message: 'kind "variable" names its variable (and only it does): { path, kind: "variable", variable: "NAME" }',
    }),
]);

// A heading the CHANGELOG reader cannot find again would let a rerun add a second section.
const headingTemplate = nonEmpty.refine(
  (t) => /^#{1,6} /.test(t) && /\{(version|tag)\}/.test(t),
  "must be a Markdown heading (## ...) containing {version} or {tag}",
);

/** The docs never read as release docs unless a config says otherwise: archives and dated plans. */
export const DOCS_EXCLUDE_DEFAULT = [
  "**/_archive/**",
  "**/archive/**",
  "**/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*",
] as const;

export const configSchema = v.strictObject({
  /** The project's display name (release titles, artifact names). */
  name: nonEmpty,
  /** owner/name on GitHub; default: --github-repo, GITHUB_REPOSITORY, then the origin URL */
  repository: v
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name")
    .optional(),
  branch: nonEmpty.default("main"),
  tagPrefix: v.string().default("v"),
  /** Release title; {name}, {version} and {tag} are replaced. */
  releaseTitle: nonEmpty.default("{name} {tag}"),
  versioning: v
    .strictObject({
      /** Below 1.0.0 a breaking change bumps major (semantic-release) or minor. */
      breakingBelowOne: v.enumOf(["major", "minor"]).default("major"),
      /**
       * The tool that makes the tag the version (setuptools_scm, hatch-vcs, ...): there is no
       * version file to bump for it; the cut's tag is the release's version.
       */
      fromTag: nonEmpty.optional(),
      /**
       * Pre-release identifiers this project cuts (`1.5.0-rc.0`). A tag with any other
       * identifier (`v1.1.0-desktop`) marks something else and is not a release.
       */
      preids: v
        .array(v.string().regex(/^[0-9A-Za-z-]+$/, "must be letters, digits and -"))
        .default(["alpha", "beta", "rc"]),
    })
    .prefault({}),
  /**
   * CHANGELOG: its house style is learned from the file's newest sections and their
   * commits; every key below overrides one learned element (docs/changelog-style.md).
   */
  changelog: v
    .strictObject({
      path: nonEmpty.default("CHANGELOG.md"),
      /**
       * false: the project keeps no CHANGELOG (its notes live on GitHub's releases only); the
       * cut writes the release notes and never creates or edits the file
       */
      keep: v.boolean().default(true),
      /** false: ignore the file's style (Keep a Changelog default plus these keys) */
      infer: v.boolean().default(true),
      /** e.g. "## [{tag}] - {date}"; {version} {tag} {previousTag} {date} {repoUrl} */
      heading: headingTemplate.optional(),
      /** the heading of patch releases, when it differs (conventional-changelog's `### [x.y.z]`) */
      patchHeading: headingTemplate.optional(),
      /** in order; a `catchAll` category takes every commit no other one lists */
      categories: v
        .array(
          v.strictObject({ title: nonEmpty, types: v.array(nonEmpty).default([]), catchAll: v.boolean().optional() }),
        )
        .optional(),
      /** e.g. "- {scope}{description} ({shortSha})"; {scope} {description} {sha} {shortSha} {repoUrl} */
      entry: nonEmpty
        .refine(
          (t) => /^[-*+] /.test(t) && t.includes("{description}"),
          'must start with "- " or "* " and contain {description}',
        )
        .optional(),
      /** how {scope} shows a scope, e.g. "**{scope}:** "; "" hides scopes */
      scope: v.string().optional(),
      /** text before a breaking change's description, e.g. "[**breaking**] " (git-cliff) */
      breakingMarker: v.string().optional(),
      /** capitalise the first letter of each entry */
      capitalize: v.boolean().optional(),
      /**
       * a subject whose first paragraph spans several lines: its first line, or the whole
       * paragraph joined by spaces (what `git log --format=%s` gives)
       */
      subject: v.enumOf(["line", "paragraph"]).optional(),
      /**
       * ", closes #12" after an entry: "none", the commit's closing footers ("footers",
       * release-please), or every issue its body names ("body", standard-version)
       */
      closes: v.enumOf(["none", "footers", "body"]).optional(),
      /** `type(scope)` pairs never listed, e.g. ["chore(deps)"] */
      skip: v.array(nonEmpty).optional(),
      /** types never listed, e.g. ["chore", "ci"]; "(untyped)": commits that are not Conventional Commits */
      omit: v.array(nonEmpty).optional(),
      /** a commit reverted in the same release: "keep" both, or "drop" both (conventional-changelog) */
      reverted: v.enumOf(["keep", "drop"]).optional(),
      /** turn "(#12)" in a subject into a link to the issue */
      issueLinks: v.boolean().optional(),
      /** entry order in a category: oldest first, newest first, or by scope then description */
      order: v.enumOf(["oldest", "newest", "scope", "scoped-first-oldest", "scoped-first-newest"]).optional(),
      /** first lines of the GitHub release notes, e.g. "## What's Changed" */
      notesHeader: nonEmpty.optional(),
    })
    .prefault({}),
  /** Files whose version is bumped; all must agree before the cut. */
  versionFiles: v.array(versionFile).default([]),
  /**
   * Further paths that belong in the release commit, typically regenerated by a
   * preflight command or a commit hook: files, directories (everything under them,
   * new files included) and globs (`docs/api/*.json`). Each must exist or match.
   */
  releaseFiles: v.array(relativePath).default([]),
  /** Lockfiles refreshed after the bump (only when the lockfile exists). */
  lockfiles: v
    .array(
      v.strictObject({
        path: relativePath,
        /** default from the name: uv.lock → `uv lock` + its stored options; Cargo.lock → `cargo update --workspace --offline` */
        command: command.optional(),
        /** where the command runs, relative to the root; default the root (a command) or the lockfile's folder (inferred) */
        cwd: relativePath.optional(),
        /** Cargo.lock only: resolve without the network (default true) */
        offline: v.boolean().default(true),
      }),
    )
    .superRefine((entries, ctx) => {
      entries.forEach((l, i) => {
        const name = l.path.split("/").pop();
        if (l.command === undefined && name !== "uv.lock" && name !== "Cargo.lock")
          ctx.addIssue({
            code: "custom",
            path: [i, "command"],
            message: `${l.path}: give the command that refreshes it (only uv.lock and Cargo.lock have a default)`,
          });
      });
    })
    .default([]),
  /**
   * Commands run when the cut executes (--yes), after the other checks and before the
   * first file is written; never during inspection or --dry-run (which list them).
   */
  preflight: v
    .array(
      v.strictObject({
        id: nonEmpty,
        title: v.string().optional(),
        command,
        /** relative to the root */
        cwd: relativePath.optional(),
        /** false: a failure is a warning and the cut goes on */
        blocking: v.boolean().default(true),
        /** run only on these operating systems (skipped elsewhere) */
        platforms: v
          .array(v.enumOf(["macos", "linux", "windows"]))
          .min(1)
          .optional(),
      }),
    )
    .default([]),
  /** Programs that must be on PATH (check tools.missing). */
  tools: v.array(nonEmpty).default(["git"]),
  github: v
    .strictObject({
      /** API base URL; default GITHUB_API_URL, else https://api.github.com */
      apiUrl: v.string().url().optional(),
      /** Workflow files that the published release must start. */
      releaseWorkflows: v.array(nonEmpty).default(["publish-pypi.yml", "build-tauri.yml", "build-binaries.yml"]),
      /** How long the fan-out watch waits for the runs to appear. */
      watchSeconds: v.number().int().nonnegative().default(120),
      pollSeconds: v.number().positive().default(5),
      /** How long the cut waits for the dispatched builds to fill the draft before it stops (a rerun resumes). */
      buildMinutes: v.number().nonnegative().default(90),
      /** How often the cut looks at the builds while it waits. */
      buildPollSeconds: v.number().positive().default(20),
    })
    .prefault({}),
  /** Values the workflow templates are rendered from (see workflows-schema.ts). */
  workflows: workflowsSchema.prefault({}),
  /** Secrets the workflows may read: repository-level and per environment. */
  secrets: v
    .strictObject({
      repository: v.array(nonEmpty).default([]),
      environments: v.record(v.string(), v.array(nonEmpty)).default({}),
    })
    .optional(),
  macos: v
    .strictObject({
      /** entitlements plist for the app and its main executable (hardened runtime) */
      entitlements: v.string().optional(),
      /** entitlements plist for every other executable (the sidecar's); none when unset */
      sidecarEntitlements: v.string().optional(),
      /** the DMG's volume name (default: the app's CFBundleName) */
      dmgVolumeName: v.string().min(1).optional(),
      /** sidecar executable name inside the bundle */
      sidecar: v.string().optional(),
      /** expected signing identity when APPLE_SIGNING_IDENTITY is unset (doctor) */
      signingIdentity: v.string().optional(),
      /** expected Apple team id when APPLE_TEAM_ID is unset (doctor) */
      teamId: v.string().optional(),
    })
    .prefault({}),
  docs: v
    .strictObject({
      /** The release guides and helper prompts, read whole; their drift blocks the cut. */
      globs: v
        .array(nonEmpty)
        .default([
          ".github/*.md",
          "RELEASE*.md",
          "RELEASING*.md",
          "CONTRIBUTING.md",
          "docs/RELEASE*.md",
          "docs/releas*.md",
          "AGENTS.md",
          "CLAUDE.md",
          ".claude/skills/**",
          ".claude/commands/**",
        ]),
      /** Never release docs, even if a glob matches: archives and dated plans. */
      exclude: v.array(nonEmpty).default([...DOCS_EXCLUDE_DEFAULT]),
      /** README.md is read only in the sections whose heading matches (a regular expression). */
      readmeSections: nonEmpty.default("releas|publish|deploy|distribut|versioning"),
    })
    .prefault({}),
});

export type ReleaseConfigInput = v.Input<typeof configSchema>;
export type ParsedConfig = v.Output<typeof configSchema>;

export interface VersionFileRef {
  path: string;
  kind: VersionFileKind;
  /** kind "variable": the name the version is assigned to */
  variable?: string;
}
