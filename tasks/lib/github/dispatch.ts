/**
 * Starting a build against the draft: a `workflow_dispatch` at the release tag, sent
 * with the operator's token (a draft emits no event a workflow could start on), and
 * finding the run it made (event `workflow_dispatch` on the tag's commit).
 */
import { boundary } from "../core/boundary.ts";
import { ReleaseError } from "../core/errors.ts";
import type { GitHub } from "./client.ts";
import { githubError, httpFailure } from "./errors.ts";
import { splitRepo } from "./releases.ts";
import { newestRun, type WatchedRun } from "./watch.ts";

export async function dispatchBuild(
  gh: GitHub,
  o: { repo: string; workflow: string; tag: string; tagInput: boolean },
): Promise<void> {
  boundary(`GitHub: dispatch ${o.workflow} at ${o.tag}`);
  try {
    await gh.rest.actions.createWorkflowDispatch({
      ...splitRepo(o.repo),
      workflow_id: o.workflow,
      ref: o.tag,
      ...(o.tagInput ? { inputs: { tag: o.tag } } : {}),
    });
  } catch (e) {
    const f = httpFailure(e);
    if (f.status === 403 || f.status === 404)
      throw new ReleaseError(
        "github.dispatch",
        `Cannot start ${o.workflow} for ${o.tag}: GitHub answered ${f.status} (${f.message})`,
        `The operator's token must be allowed to run workflows (fine-grained: Actions read and write; classic: repo and workflow scopes), and .github/workflows/${o.workflow} must be on the default branch. Then rerun \`tsx release.ts --yes\` (the draft is kept).`,
      );
    throw githubError(e, `start ${o.workflow} for ${o.tag}`, { repo: o.repo, code: "github.dispatch" });
  }
  boundary(`GitHub: dispatched ${o.workflow}`);
}

/** The newest dispatched run of a workflow on the tag's commit; null when there is none (yet). */
export async function latestBuildRun(
  gh: GitHub,
  o: { repo: string; workflow: string; sha: string; tag: string },
): Promise<WatchedRun | null> {
  try {
    return await newestRun(gh, { ...o, event: "workflow_dispatch" });
  } catch (e) {
    throw githubError(e, `list the runs of ${o.workflow}`, { repo: o.repo, code: "github.dispatch" });
  }
}

/** A run that ended without success (a new dispatch is needed for the assets it owed). */
export const runFailed = (r: WatchedRun | null) => r?.status === "completed" && r.conclusion !== "success";
