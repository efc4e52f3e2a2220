/**
 * Steps and fragments several templates share: checkout without credentials, the
 * release tag routed through `env:` and validated before use, the toolkit installed
 * from its own lockfile where it lives and run through its own `node_modules/.bin`
 * (never `npx <name>`, which can resolve to an unrelated registry package).
 */
import { posix } from "node:path";
import { UPLOAD_ASSETS, type EntrySpec, type FlagsOf } from "../tasks/lib/core/entries.ts";
import { UTILITY_RUNNER, type TemplateContext } from "./context.ts";
import { expr } from "./expr.ts";
import type { DispatchInput, Env, Job, RunStep, Step, Triggers, UsesStep } from "./types.ts";

/** The env name every release job reads the tag from (never `${{ github.event.* }}` in `run:`). */
export const RELEASE_TAG = "RELEASE_TAG";

const tagInput: DispatchInput = {
  description: "Release tag whose draft receives the build (e.g. v1.4.0; the release cut dispatches it)",
  required: true,
  type: "string",
};

const uploadInput: DispatchInput = {
  description: "Upload to the release (off: build only, the assets stay workflow artifacts)",
  required: false,
  type: "boolean",
  default: true,
};

/** `release: published`, plus a manual re-run for an existing tag (and, when configured, a build-only run). */
export const releaseTriggers = (ctx: TemplateContext): Triggers => ({
  release: { types: ["published"] },
  workflow_dispatch: { inputs: { tag: tagInput, ...(ctx.dispatchBuildOnly ? { upload: uploadInput } : {}) } },
});

/** The `if:` of a job that writes to the release: always on a release, on a manual run unless it is build-only. */
export const uploadCondition = (ctx: TemplateContext): { if?: string } =>
  ctx.dispatchBuildOnly ? { if: "github.event_name == 'release' || inputs.upload" } : {};

/**
 * The builds' trigger: only the dispatch the release cut sends (with the operator's
 * token) once the draft exists. A draft starts no workflow, and a build started by
 * the publication would upload into a release that is already published.
 */
export const buildTriggers = (ctx: TemplateContext): Triggers => ({
  workflow_dispatch: { inputs: { tag: tagInput, ...(ctx.dispatchBuildOnly ? { upload: uploadInput } : {}) } },
});

/**
 * Upload every file of a folder to the tag's draft (found by listing: the by-tag
 * lookup does not see drafts), replacing an earlier upload of the same name, and
 * record their sha256 in `checksums`. A published release is refused with the reason.
 */
export const uploadToDraft = (ctx: TemplateContext, dir: string, checksums: string): RunStep => ({
  name: "Upload to the release's draft (refused once it is published)",
  shell: "bash",
  env: { GITHUB_TOKEN: expr("github.token") },
  run: toolkit(ctx, UPLOAD_ASSETS, {
    "release-tag": `"$${RELEASE_TAG}"`,
    dir,
    checksums,
    "github-repo": '"$GITHUB_REPOSITORY"',
  }),
});

/** The first steps of a job that runs the toolkit at the release tag: the tag checked, its tree, Node, the toolkit. */
export const toolkitAtTag = (ctx: TemplateContext, o: { tauri?: boolean } = {}): Step[] => [
  validateTag(ctx),
  checkout(ctx, { atReleaseTag: true }),
  setupNode(ctx),
  ...toolkitInstall(ctx, o),
];

/**
 * A job that writes to the draft, the only kind that holds `contents: write`: it runs
 * only when uploading, on the utility runner, with the toolkit at the tag first.
 */
export function draftWriterJob(
  ctx: TemplateContext,
  o: { name: string; needs: string | string[] },
  steps: Step[],
): Job {
  return {
    name: o.name,
    needs: o.needs,
    ...uploadCondition(ctx),
    "runs-on": UTILITY_RUNNER,
    permissions: { contents: "write" },
    steps: [...toolkitAtTag(ctx), ...steps],
  };
}

/**
 * The one job of a build workflow that uploads: every leg's artifacts (`pattern`)
 * fetched into `dir` and uploaded to the tag's draft, their checksums recorded.
 */
export function draftUploadJob(
  ctx: TemplateContext,
  o: { needs: string | string[]; fetch: string; pattern: string; dir: string; checksums: string },
): Job {
  return draftWriterJob(ctx, { name: "Upload to the release's draft", needs: o.needs }, [
    {
      name: o.fetch,
      uses: ctx.actions["actions/download-artifact"],
      with: { pattern: o.pattern, path: o.dir, "merge-multiple": true },
    },
    uploadToDraft(ctx, o.dir, o.checksums),
  ]);
}

/** Where the tag comes from: the published release or the dispatch input; a build has only the input. */
const tagSource = (dispatchOnly: boolean) =>
  dispatchOnly ? "inputs.tag" : "github.event.release.tag_name || inputs.tag";

/** The tag of the published release, or the dispatch input: set once at the top of a workflow. */
export const releaseTagEnv = (dispatchOnly = false): Env => ({ [RELEASE_TAG]: expr(tagSource(dispatchOnly)) });

/** One run per workflow and tag: a re-run waits instead of racing the first. */
export const releaseConcurrency = (dispatchOnly = false) => ({
  group: `${expr("github.workflow")}-${expr(tagSource(dispatchOnly))}`,
  "cancel-in-progress": false,
});

/**
 * The tag as a release tag (prefix + SemVer) before any step uses it: a dispatch
 * input starting with `-` would be a flag to `gh`, and a newline would add lines to
 * `$GITHUB_ENV`. Bash's `=~` anchors match the whole string, newlines included.
 */
export function validateTag(ctx: TemplateContext): RunStep {
  const prefix = ctx.tagPrefix.replace(/[^\w-]/g, "\\$&");
  return {
    name: "Refuse a tag that is not a release tag",
    shell: "bash",
    run: lines(
      `pattern='^${prefix}[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$'`,
      `if [[ ! "$${RELEASE_TAG}" =~ $pattern ]]; then`,
      `  echo "::error::not a release tag: $(printf '%q' "$${RELEASE_TAG}")"`,
      "  exit 1",
      "fi",
    ),
  };
}

/** Check out the release tag (or the pushed ref when `ref` is omitted); never keep the token. */
export function checkout(ctx: TemplateContext, opts: { atReleaseTag: boolean }): UsesStep {
  return {
    name: "Check out",
    uses: ctx.actions["actions/checkout"],
    with: { ...(opts.atReleaseTag ? { ref: expr(`env.${RELEASE_TAG}`) } : {}), "persist-credentials": false },
  };
}

/** Node without a package cache: release jobs restore none, whatever package manager is declared. */
export const setupNode = (ctx: TemplateContext): UsesStep => ({
  name: "Set up Node",
  uses: ctx.actions["actions/setup-node"],
  with: { ...ctx.node, "package-manager-cache": false },
});

export const setupPython = (ctx: TemplateContext): UsesStep => ({
  name: "Set up Python",
  uses: ctx.actions["actions/setup-python"],
  with: { "python-version": ctx.pythonVersion },
});

/**
 * Install and build the front end, when the project has one. pnpm comes from the pinned
 * pnpm/action-setup at the version the front end declares: corepack bundled with some
 * Node releases fails to verify pnpm's signing keys (nodejs/corepack#612).
 */
export function frontendSteps(ctx: TemplateContext): Step[] {
  const f = ctx.frontend;
  if (!f) return [];
  const pnpm: Step[] =
    f.packageManager === "pnpm"
      ? [
          {
            name: "Set up pnpm",
            uses: ctx.actions["pnpm/action-setup"],
            with: f.pnpmVersion
              ? { version: f.pnpmVersion, run_install: false }
              : { package_json_file: posix.join(f.dir, "package.json"), run_install: false },
          },
        ]
      : [];
  return [
    ...pnpm,
    { name: "Install the front end", shell: "bash", "working-directory": f.dir, run: f.install },
    { name: "Build the front end", shell: "bash", "working-directory": f.dir, run: f.build },
  ];
}

/** A folder's `node_modules/.bin`, relative to `from` (both repository-relative). */
export function binDir(dir: string, from = "."): string {
  return posix.relative(from, posix.join(dir, "node_modules", ".bin")) || ".";
}

/**
 * `npm ci` of the toolkit where it lives, from its own lockfile, production
 * dependencies only, no install scripts; with `tauri`, also the folder that pins the
 * Tauri CLI when that is not the toolkit's.
 */
export function toolkitInstall(ctx: TemplateContext, opts: { tauri?: boolean } = {}): RunStep[] {
  const dirs = [ctx.toolkitDir, ...(opts.tauri && ctx.tauriCliDir !== ctx.toolkitDir ? [ctx.tauriCliDir] : [])];
  return dirs.map((dir) => ({
    name:
      dir === ctx.toolkitDir
        ? "Install the release toolkit (its lockfile, no install scripts)"
        : "Install the Tauri CLI (its lockfile, no install scripts)",
    shell: "bash",
    ...(dir === "." ? {} : { "working-directory": dir }),
    run: "npm ci --ignore-scripts --omit=dev --no-audit --no-fund",
  }));
}

/** The pinned Tauri CLI (`@tauri-apps/cli`'s bin), as run from the Tauri folder. */
export const tauriBin = (ctx: TemplateContext): string => posix.join(binDir(ctx.tauriCliDir, ctx.tauriDir), "tauri");

/**
 * `<toolkit>/node_modules/.bin/tsx <toolkit>/<entry> --flag value ...`, run from the
 * repository root. Values are shell words written by the template (e.g.
 * `"$RELEASE_TAG"`), so quoting is explicit where the value comes from env.
 */
export function toolkit<E extends EntrySpec>(ctx: TemplateContext, entry: E, flags: FlagsOf<E> = {}): string {
  const words = [posix.join(binDir(ctx.toolkitDir), "tsx"), posix.join(ctx.toolkitDir, entry.path)];
  for (const [name, value] of Object.entries(flags) as [string, boolean | string | readonly string[] | undefined][]) {
    if (value === undefined || value === false) continue;
    if (!(name in entry.flags)) throw new Error(`bug: ${entry.path} has no flag --${name}`);
    for (const v of value === true ? [true] : typeof value === "string" ? [value] : value)
      words.push(v === true ? `--${name}` : `--${name} ${v}`);
  }
  return words.join(" ");
}

/** Multi-line shell text without a leading indent or trailing blank line. */
export function lines(...parts: (string | false | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === "string").join("\n");
}

/** Quote a config value as one shell word (config is trusted; quoting keeps spaces in names working). */
export function shq(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `npm ci` with dev dependencies, for this repository's own CI (typecheck and tests). */
export const npmInstall = (name = "Install Node dependencies"): RunStep => ({
  name,
  run: "npm ci --no-audit --no-fund",
});
