/**
 * The toolkit's entries and the flags each one accepts: the public command-line
 * interface in one place. Workflow templates name entries through these constants
 * (renaming a file breaks the typecheck), `--help` is rendered from them, and the
 * doctor reads them to catch docs that invoke an entry with a flag it does not accept.
 */
export interface FlagSpec {
  type: "boolean" | "string";
  multiple?: boolean;
  short?: string;
  /** placeholder shown in --help, e.g. "DIR" */
  value?: string;
  description: string;
}

export interface EntrySpec {
  /** path relative to the repository root */
  path: string;
  summary: string;
  usage: string;
  flags: Record<string, FlagSpec>;
  /** names of sub-commands (first positional), if any */
  subcommands?: Record<string, string>;
}

/**
 * The value a declared flag carries: a boolean, a string, or a list of strings for a
 * repeatable one (a spec whose type is not known here: any of them).
 */
export type FlagValue<F extends FlagSpec> = F["type"] extends "boolean"
  ? boolean
  : F["type"] extends "string"
    ? F["multiple"] extends true
      ? readonly string[]
      : string
    : boolean | string | readonly string[];

/**
 * An entry's flags by name, each with the type of its value: what `parseCli` returns
 * and what a template writes. A flag the entry does not declare fails the typecheck.
 */
export type FlagsOf<E extends EntrySpec> = { [K in keyof E["flags"]]?: FlagValue<E["flags"][K]> };

const help = { type: "boolean", short: "h", description: "show this help" } as const satisfies FlagSpec;
const repo = {
  type: "string",
  value: "DIR",
  description: "operate on another repository (default: the git top-level of the current directory)",
} as const satisfies FlagSpec;
const json = {
  type: "boolean",
  description: "print one JSON document on stdout; logs go to stderr",
} as const satisfies FlagSpec;

export const RELEASE = {
  path: "release.ts",
  summary: "The release cut: inspect, plan, check, changelog, version files, commit, tag, push, GitHub Release.",
  usage: "tsx release.ts [VERSION] [--bump major|minor|patch] [--preid ID] [--yes] [--dry-run] [--json] [--repo DIR]",
  flags: {
    help,
    repo,
    json,
    yes: { type: "boolean", short: "y", description: "execute the release cut (without it: print the plan only)" },
    "dry-run": { type: "boolean", description: "plan only, even with --yes" },
    bump: { type: "string", value: "LEVEL", description: "major, minor or patch instead of the suggested bump" },
    preid: { type: "string", value: "ID", description: "make a pre-release (1.5.0-rc.0, then rc.1, ...)" },
    "github-repo": {
      type: "string",
      value: "OWNER/NAME",
      description: "the GitHub repository (default: GITHUB_REPOSITORY, else parsed from origin)",
    },
    "skip-check": { type: "string", multiple: true, value: "ID", description: "skip one check by id (repeatable)" },
    "skip-checks": { type: "boolean", description: "skip the configured slow checks (preflight commands)" },
    "no-watch": { type: "boolean", description: "do not watch the workflows that the release should start" },
    "list-steps": { type: "boolean", description: "print the step ids of the cut, in order, and exit" },
    rehearse: { type: "boolean", description: "run the whole cut on a throwaway clone against the GitHub stand-in" },
  },
} as const satisfies EntrySpec;

/**
 * The cut's step ids in order, as `--list-steps` prints them: a static list so the
 * entry answers without loading the steps (and their libraries). A test holds it equal
 * to `releaseSteps()`.
 */
export const RELEASE_STEP_IDS = [
  "changelog",
  "version-files",
  "lockfiles",
  "commit",
  "tag",
  "push",
  "draft",
  "builds",
  "assets",
  "publish",
  "verify",
  "watch",
] as const;

export const GEN_WORKFLOWS = {
  path: "tasks/gen-workflows.ts",
  summary: "Render the workflow templates into .github/workflows.",
  usage: "tsx tasks/gen-workflows.ts [--check] [--repo DIR]",
  flags: {
    help,
    repo,
    check: {
      type: "boolean",
      description: "write nothing; exit 1 with a diff if a generated file is missing, differs or is stale",
    },
  },
} as const satisfies EntrySpec;

export const DOCTOR = {
  path: "tasks/doctor.ts",
  summary: "Run every non-mutating check; exit 1 if any fails.",
  usage: "tsx tasks/doctor.ts [--json] [--only PATTERN] [--repo DIR] | tsx tasks/doctor.ts secrets push",
  flags: {
    help,
    repo,
    json,
    only: {
      type: "string",
      multiple: true,
      value: "PATTERN",
      description: "run only the checks whose id matches (e.g. signing.*)",
    },
    "skip-check": { type: "string", multiple: true, value: "ID", description: "skip one check by id (repeatable)" },
    "github-repo": {
      type: "string",
      value: "OWNER/NAME",
      description: "the GitHub repository (default: GITHUB_REPOSITORY, else parsed from origin)",
    },
    p12: {
      type: "string",
      value: "FILE",
      description: "read the signing certificate from this .p12 instead of APPLE_CERTIFICATE",
    },
    offline: { type: "boolean", description: "skip the checks that need the network" },
    "all-docs": {
      type: "boolean",
      description: "read every Markdown file, not only the release docs (drift outside them only warns)",
    },
    verbose: { type: "boolean", description: "list every skipped check and every pass's details" },
  },
  subcommands: { "secrets push": "validate the signing material, then upload it to the repository's Actions secrets" },
} as const satisfies EntrySpec;

export const FINALIZE_MACOS = {
  path: "tasks/finalize-macos.ts",
  summary: "Repair, sign, verify, notarize, package and publish the macOS app.",
  usage: "tsx tasks/finalize-macos.ts --app PATH [--release-tag TAG] [--plan] [--json] | rollback-updater VERSION",
  flags: {
    help,
    json,
    app: {
      type: "string",
      value: "PATH",
      description: "the .app, a folder holding one, an artifact folder of the bundle, or a .tar/.tar.gz",
    },
    plan: { type: "boolean", description: "print every step without running anything (any OS)" },
    "repair-only": { type: "boolean", description: "only repair the bundle layout (any OS)" },
    "release-tag": { type: "string", value: "TAG", description: "the existing GitHub Release to upload to" },
    "github-repo": {
      type: "string",
      value: "OWNER/NAME",
      description: "the GitHub repository (default: GITHUB_REPOSITORY)",
    },
    identity: { type: "string", value: "NAME", description: "signing identity (default: APPLE_SIGNING_IDENTITY)" },
    keychain: { type: "string", value: "PATH", description: "an existing keychain holding the identity" },
    p12: {
      type: "string",
      value: "FILE",
      description:
        "Developer ID .p12 imported into a temporary keychain, deleted at the end (default: APPLE_CERTIFICATE; password: APPLE_CERTIFICATE_PASSWORD)",
    },
    entitlements: {
      type: "string",
      value: "FILE",
      description: "entitlements plist for the app and its main executable",
    },
    "sidecar-entitlements": {
      type: "string",
      value: "FILE",
      description: "entitlements plist for the other executables (default: macos.sidecarEntitlements)",
    },
    key: {
      type: "string",
      value: "FILE",
      description: "App Store Connect API key (.p8) for notarytool (default: APPLE_API_KEY_PATH)",
    },
    "key-id": { type: "string", value: "ID", description: "the API key's id (default: APPLE_API_KEY)" },
    issuer: { type: "string", value: "UUID", description: "the API key's issuer id (default: APPLE_API_ISSUER)" },
    "ad-hoc": { type: "boolean", description: "sign with '-' for local checks; refuses to notarize" },
    "skip-notarize": { type: "boolean", description: "do not notarize or staple" },
    "skip-spctl": { type: "boolean", description: "do not run spctl assessment" },
    "skip-dmg": { type: "boolean", description: "do not build the DMG" },
    "skip-upload": { type: "boolean", description: "keep the artifacts in --output-dir" },
    "output-dir": { type: "string", value: "DIR", description: "where artifacts are written (default: ./dist/macos)" },
    arch: {
      type: "string",
      value: "ARCH",
      description: "aarch64, x86_64 or universal (default: from the main executable)",
    },
    "updater-key-path": {
      type: "string",
      value: "FILE",
      description: "Tauri updater private key file (default: TAURI_SIGNING_PRIVATE_KEY[_PATH])",
    },
    "updater-key-password-env": {
      type: "string",
      value: "NAME",
      description:
        "environment variable holding the updater key password (default: TAURI_SIGNING_PRIVATE_KEY_PASSWORD)",
    },
    notes: { type: "string", value: "TEXT", description: "release notes for latest.json (default: the release body)" },
    "skip-manifest": {
      type: "boolean",
      description: "upload the updater archive and its signature but not latest.json (a later job assembles it)",
    },
    "notary-timeout": {
      type: "string",
      value: "MINUTES",
      description:
        "the longest wait for Apple's notary service in all; then stop with the submission recorded in <output-dir>/notarization.json, which a rerun resumes (default: workflows.notaryTimeoutMinutes, 60)",
    },
  },
  subcommands: {
    "rollback-updater":
      "mark an earlier release as the latest one, so installs and updates get it again (uploads nothing)",
  },
} as const satisfies EntrySpec;

export const UPDATER_MANIFEST = {
  path: "tasks/updater-manifest.ts",
  summary:
    "Assemble latest.json from every platform's signed updater artifact on the release, validate it, upload it once.",
  usage: "tsx tasks/updater-manifest.ts --release-tag TAG [--github-repo OWNER/NAME] [--plan] [--json]",
  flags: {
    help,
    repo,
    json,
    "release-tag": {
      type: "string",
      value: "TAG",
      description: "the existing GitHub Release whose assets are read and to which latest.json is uploaded",
    },
    "github-repo": {
      type: "string",
      value: "OWNER/NAME",
      description: "the GitHub repository (default: GITHUB_REPOSITORY, else parsed from origin)",
    },
    plan: { type: "boolean", description: "print the manifest it would upload without uploading it" },
    notes: {
      type: "string",
      value: "TEXT",
      description: "release notes for latest.json (default: the release's body)",
    },
    checksums: {
      type: "string",
      value: "NAME",
      description: "also record latest.json's sha256 in this checksums asset (e.g. SHA256SUMS-build-tauri.txt)",
    },
  },
} as const satisfies EntrySpec;

export const UPLOAD_ASSETS = {
  path: "tasks/upload-assets.ts",
  summary:
    "Upload a folder's files to the release's draft (found by listing: drafts are invisible by tag), recording their sha256; a published release is refused with the reason.",
  usage:
    "tsx tasks/upload-assets.ts --release-tag TAG --dir DIR [--checksums NAME] [--github-repo OWNER/NAME] [--json]",
  flags: {
    help,
    repo,
    json,
    "release-tag": { type: "string", value: "TAG", description: "the tag of the draft release to upload to" },
    dir: { type: "string", value: "DIR", description: "upload every file of this folder (recursively)" },
    checksums: {
      type: "string",
      value: "NAME",
      description: "record each file's sha256 in this checksums asset (e.g. SHA256SUMS-build-binaries.txt)",
    },
    "github-repo": {
      type: "string",
      value: "OWNER/NAME",
      description: "the GitHub repository (default: GITHUB_REPOSITORY, else parsed from origin)",
    },
  },
} as const satisfies EntrySpec;

export const GITHUB_STAND_IN = {
  path: "tasks/github-stand-in.ts",
  summary: "A local stand-in for the GitHub REST API, for rehearsals and tests.",
  usage: "tsx tasks/github-stand-in.ts [--port N] [--repo DIR]",
  flags: {
    help,
    repo,
    port: { type: "string", value: "N", description: "port on 127.0.0.1 (default: a free one)" },
  },
} as const satisfies EntrySpec;

export const ADOPT = {
  path: "tasks/adopt.ts",
  summary:
    "Adopt a repository: infer release.config.ts, install the toolkit, generate the workflows, write the helper prompt, run the doctor.",
  usage: "tsx tasks/adopt.ts --repo DIR [--toolkit-dir DIR] [--dry-run | --check] [--replace] [--json]",
  flags: {
    help,
    repo: {
      type: "string",
      value: "DIR",
      description: "the repository to adopt (default: the git top-level of the current directory)",
    },
    json,
    "dry-run": { type: "boolean", description: "print every file adoption would write, with diffs; write nothing" },
    check: {
      type: "boolean",
      description: "write nothing; exit 1 when the adopted files differ from what adoption writes now",
    },
    replace: {
      type: "boolean",
      description: "replace hand-written workflows and helper prompts that have a generated file's name",
    },
    "toolkit-dir": {
      type: "string",
      value: "DIR",
      description:
        "vendor the toolkit in this folder (workflows.toolkitDir; default: the config's, else the repository root)",
    },
    "allow-dirty": { type: "boolean", description: "adopt even when the work tree has uncommitted changes" },
  },
} as const satisfies EntrySpec;

export const ENTRIES: readonly EntrySpec[] = [
  RELEASE,
  GEN_WORKFLOWS,
  DOCTOR,
  FINALIZE_MACOS,
  UPDATER_MANIFEST,
  UPLOAD_ASSETS,
  GITHUB_STAND_IN,
  ADOPT,
];
