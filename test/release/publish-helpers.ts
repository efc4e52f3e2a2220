/** The release cut against the GitHub stand-in: temp repos with a bare origin, real Octokit over real HTTP. */
import { execFileSync } from "node:child_process";
import { startStandIn, type StandIn, type StandInOptions } from "../../tasks/stand-in/index.ts";
import { RELEASE_WORKFLOWS } from "../github/fixtures.ts";
import type { TempRepo } from "../helpers/gitdir.ts";
import { type EntryRuntime, type StartedEntry, startEntry } from "../helpers/run-entry.ts";
import { type CutResult, FIXED_DATE, releaseInProcess } from "./helpers.ts";

export const SLUG = "acme/demo";

/** A stand-in serving acme/demo whose runs take their commit from the repo's bare origin. */
export function standInFor(repo: TempRepo, opts: StandInOptions = {}): Promise<StandIn> {
  return startStandIn({
    repo: SLUG,
    workflows: RELEASE_WORKFLOWS,
    ...(repo.origin ? { gitDir: repo.origin } : {}),
    ...opts,
  });
}

/** The environment that points the cut at the stand-in with the operator's token. */
export function standInEnv(s: StandIn): Record<string, string | undefined> {
  return {
    GH_TOKEN: s.token,
    GITHUB_API_URL: s.url,
    GITHUB_TOKEN: undefined,
    GITHUB_ACTIONS: undefined,
    GITHUB_REPOSITORY: undefined,
  };
}

export function startCut(
  repo: Pick<TempRepo, "dir">,
  args: string[],
  env: Record<string, string | undefined>,
  opts: { json?: boolean; runtime?: EntryRuntime } = {},
): StartedEntry {
  return startEntry(
    "release.ts",
    [...(opts.json === false ? [] : ["--json"]), "--repo", repo.dir, "--github-repo", SLUG, ...args],
    { env: { ...FIXED_DATE, ...env }, runtime: opts.runtime },
  );
}

export function parseCut(r: { code: number; stdout: string; stderr: string }): CutResult {
  try {
    return { ...r, json: JSON.parse(r.stdout) };
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${r.code}):\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
}

/**
 * Run the cut (--json) against the stand-in: in this process by default (the flow of
 * `release.ts`, with the environment a process would get, see in-process.ts), or as a
 * process of the given runtime. The stand-in answers either way (its server shares
 * the event loop with the in-process flow, which never blocks it).
 */
export async function publishCut(
  repo: Pick<TempRepo, "dir">,
  s: StandIn,
  args: string[],
  env: Record<string, string | undefined> = {},
  runtime?: EntryRuntime,
): Promise<CutResult> {
  if (runtime) return parseCut(await startCut(repo, args, { ...standInEnv(s), ...env }, { runtime }).done);
  const argv = ["--json", "--repo", repo.dir, "--github-repo", SLUG, ...args];
  return parseCut(await releaseInProcess(argv, { ...FIXED_DATE, ...standInEnv(s), ...env }, repo.dir));
}

/** origin's refs: `sha refname` lines (branch tips and tag objects). */
export function originRefs(repo: Pick<TempRepo, "origin">): string {
  return execFileSync("git", ["for-each-ref", "--format=%(objectname) %(refname)"], {
    cwd: repo.origin!,
    encoding: "utf8",
  });
}

export const stepIds = (r: CutResult) =>
  (r.json.steps ?? []).map((s: { id: string; status: string }) => `${s.id}:${s.status}`);
