/**
 * Steps and fragments several templates share: checkout without credentials, the
 * release tag routed through `env:`, the toolkit run with `npx tsx` after `npm ci`.
 */
import { posix } from "node:path";
import type { EntrySpec } from "../tasks/lib/core/entries.ts";
import type { TemplateContext } from "./context.ts";
import { expr } from "./expr.ts";
import type { DispatchInput, Env, RunStep, Step, Triggers, UsesStep } from "./types.ts";

/** The env name every release job reads the tag from (never `${{ github.event.* }}` in `run:`). */
export const RELEASE_TAG = "RELEASE_TAG";

const tagInput: DispatchInput = {
  description: "Existing release tag to build and upload to (e.g. v1.4.0)",
  required: true,
  type: "string",
};

/** `release: published`, plus a manual re-run for an existing tag. */
export const releaseTriggers = (): Triggers => ({
  release: { types: ["published"] },
  workflow_dispatch: { inputs: { tag: tagInput } },
});

/** The tag of the published release, or the dispatch input: set once at the top of a workflow. */
export const releaseTagEnv = (): Env => ({ [RELEASE_TAG]: expr("github.event.release.tag_name || inputs.tag") });

/** One run per workflow and tag: a re-run waits instead of racing the first. */
export const releaseConcurrency = () => ({
  group: `${expr("github.workflow")}-${expr("github.event.release.tag_name || inputs.tag")}`,
  "cancel-in-progress": false,
});

/** Check out the release tag (or the pushed ref when `ref` is omitted); never keep the token. */
export function checkout(ctx: TemplateContext, opts: { atReleaseTag: boolean }): UsesStep {
  return {
    name: "Check out",
    uses: ctx.actions["actions/checkout"],
    with: { ...(opts.atReleaseTag ? { ref: expr(`env.${RELEASE_TAG}`) } : {}), "persist-credentials": false },
  };
}

/** Node without a package cache (release jobs restore no cache). */
export const setupNode = (ctx: TemplateContext): UsesStep => ({
  name: "Set up Node",
  uses: ctx.actions["actions/setup-node"],
  with: { "node-version": ctx.nodeVersion },
});

export const setupPython = (ctx: TemplateContext): UsesStep => ({
  name: "Set up Python",
  uses: ctx.actions["actions/setup-python"],
  with: { "python-version": ctx.pythonVersion },
});

/** Install and build the front end, when the project has one. */
export function frontendSteps(ctx: TemplateContext): Step[] {
  if (!ctx.frontend) return [];
  return [
    { name: "Install the front end", shell: "bash", "working-directory": ctx.frontend.dir, run: ctx.frontend.install },
    { name: "Build the front end", shell: "bash", "working-directory": ctx.frontend.dir, run: ctx.frontend.build },
  ];
}

type FlagValue = string | true | readonly string[];
/** Flags checked against the entry's declared flags: a flag the entry does not accept fails the typecheck. */
export type FlagsOf<E extends EntrySpec> = { [K in keyof E["flags"]]?: FlagValue };

/**
 * `npx tsx <entry> --flag value ...`. Values are shell words written by the template
 * (e.g. `"$RELEASE_TAG"`), so quoting is explicit where the value comes from env.
 */
export function toolkit<E extends EntrySpec>(ctx: TemplateContext, entry: E, flags: FlagsOf<E> = {}): string {
  const words = ["npx", "tsx", posix.join(ctx.toolkitDir, entry.path)];
  for (const [name, value] of Object.entries(flags) as [string, FlagValue | undefined][]) {
    if (value === undefined) continue;
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

/** `npm ci` for the project's Node dependencies (the toolkit, the Tauri CLI). */
export const npmInstall = (name = "Install Node dependencies"): RunStep => ({
  name,
  run: "npm ci --no-audit --no-fund",
});
