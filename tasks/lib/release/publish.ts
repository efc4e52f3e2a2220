/**
 * The seam for publishing. Steps returned here run after `tag`, in order, with the
 * same done-detection and RELEASE_FAIL_AFTER handling as the local steps; a failure
 * in them never rolls back the local commit and tag (a rerun resumes).
 * The publishing work fills this with `push`, `github-release` and `watch`.
 */
import type { Step } from "./steps.ts";

export function publishSteps(): Step[] {
  return [];
}
