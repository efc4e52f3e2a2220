/**
 * The wait between the draft and its publication: every dispatched build finished
 * well and every promised asset on the draft. Read (runs, assets, latest.json's
 * platforms), judge (pure), and poll until complete, failed or out of time.
 */
import type { GitHub } from "./client.ts";
import { latestBuildRun } from "./dispatch.ts";
import { assetStatus, manifestKeysOf, type AssetRequirement, type AssetStatus } from "./expected-assets.ts";
import type { WatchedRun } from "./watch.ts";
import { MANIFEST_NAME } from "../updater/manifest.ts";
import { assetBytes, listAssets } from "./release-assets.ts";

export interface BuildRun {
  workflow: string;
  run: WatchedRun | null;
}

export interface BuildProgress {
  runs: BuildRun[];
  assets: AssetStatus[];
  /** every asset name on the release (to report what is there) */
  names: string[];
}

export type BuildVerdict =
  | { kind: "complete" }
  | { kind: "waiting"; missing: string[]; running: string[]; notStarted: string[] }
  | { kind: "failed"; runs: BuildRun[] };

/** Complete when every run succeeded and every promised asset is there; failed as soon as a run failed. Pure. */
export function buildVerdict(p: BuildProgress): BuildVerdict {
  const failed = p.runs.filter((r) => r.run?.status === "completed" && r.run.conclusion !== "success");
  if (failed.length) return { kind: "failed", runs: failed };
  const missing = p.assets.filter((a) => !a.found).map((a) => a.what);
  const running = p.runs.filter((r) => r.run && r.run.status !== "completed").map((r) => r.workflow);
  const notStarted = p.runs.filter((r) => !r.run).map((r) => r.workflow);
  if (!missing.length && !running.length && !notStarted.length) return { kind: "complete" };
  return { kind: "waiting", missing, running, notStarted };
}

export interface ProgressQuery {
  repo: string;
  tag: string;
  sha: string;
  releaseId: number;
  workflows: readonly string[];
  requirements: readonly AssetRequirement[];
}

export async function readBuildProgress(gh: GitHub, q: ProgressQuery): Promise<BuildProgress> {
  const runs = await Promise.all(
    q.workflows.map(async (workflow) => ({
      workflow,
      run: await latestBuildRun(gh, { repo: q.repo, workflow, sha: q.sha, tag: q.tag }),
    })),
  );
  const assets = await listAssets(gh, q.repo, q.releaseId);
  const names = assets.map((a) => a.name);
  const manifestAsset = assets.find((a) => a.name === MANIFEST_NAME);
  const wantsManifest = q.requirements.some((r) => r.what.startsWith(MANIFEST_NAME));
  const keys =
    manifestAsset && wantsManifest
      ? manifestKeysOf(await assetBytes(gh, q.repo, manifestAsset.id, MANIFEST_NAME, q.tag))
      : undefined;
  return { runs, assets: assetStatus(q.requirements, names, keys), names };
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onUpdate?: (p: BuildProgress, v: BuildVerdict) => void;
}

/** Poll until the verdict is complete or failed, or the time is up (then the last "waiting"). */
export async function waitForBuilds(
  gh: GitHub,
  q: ProgressQuery,
  o: WaitOptions,
): Promise<{ progress: BuildProgress; verdict: BuildVerdict }> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const deadline = now() + o.timeoutMs;
  // The first looks come quickly (a resumed or fast build), then every pollMs (long builds spare the API).
  for (let look = 0; ; look++) {
    const progress = await readBuildProgress(gh, q);
    const verdict = buildVerdict(progress);
    o.onUpdate?.(progress, verdict);
    if (verdict.kind !== "waiting" || now() >= deadline) return { progress, verdict };
    await sleep(Math.min(o.pollMs, 1000 * 2 ** look, Math.max(0, deadline - now())));
  }
}

/** One line for the terminal: what is done, what is still awaited. */
export function formatProgress(p: BuildProgress, v: BuildVerdict): string {
  const have = p.assets.filter((a) => a.found).length;
  const runs = p.runs.map(
    (r) =>
      `${r.workflow} ${r.run ? `${r.run.status}${r.run.conclusion ? ` (${r.run.conclusion})` : ""}` : "not started"}`,
  );
  const head = `${have}/${p.assets.length} promised asset(s) on the draft${runs.length ? `; ${runs.join(", ")}` : ""}`;
  if (v.kind === "waiting" && v.missing.length) return `${head}; missing: ${v.missing.join("; ")}`;
  return head;
}
