/** releaseRange(): which commits a release lists and which tag it compares with. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { releaseRange } from "../../tasks/lib/release/plan.ts";
import type { ReleaseState } from "../../tasks/lib/release/state.ts";

const commit = (sha: string) => ({ sha, type: "fix", description: sha }) as unknown as ReleaseState["commits"][number];
const state = (over: Partial<ReleaseState>) =>
  ({
    lastTag: "v1.2.0",
    lastVersion: "1.2.0",
    recentTags: ["v1.2.0", "v1.1.0"],
    allReleaseTags: [],
    offHistoryTags: [],
    commits: [commit("a")],
    ...over,
  }) as ReleaseState;

test("releaseRange(): since the last tag; on a resume the tag before; a stable release after pre-releases since the last stable one", () => {
  assert.deepEqual(releaseRange(state({}), "1.3.0", "v1.3.0"), { previousTag: "v1.2.0", commits: [commit("a")] });
  assert.equal(releaseRange(state({}), "1.2.0", "v1.2.0").previousTag, "v1.1.0", "resuming v1.2.0");
  const afterRcs = state({
    lastTag: "v1.3.0-rc.1",
    lastStableTag: "v1.2.0",
    commits: [commit("c")],
    commitsSinceStable: [commit("c"), commit("b")],
  });
  assert.deepEqual(releaseRange(afterRcs, "1.3.0", "v1.3.0"), {
    previousTag: "v1.2.0",
    commits: [commit("c"), commit("b")],
  });
  assert.deepEqual(releaseRange(afterRcs, "1.3.0-rc.2", "v1.3.0-rc.2"), {
    previousTag: "v1.3.0-rc.1",
    commits: [commit("c")],
  });
});

test("releaseRange(): a higher release tagged on another branch is the one the release compares with", () => {
  const elsewhere = state({
    allReleaseTags: [
      { tag: "v1.4.0", version: "1.4.0" },
      { tag: "v1.2.0", version: "1.2.0" },
    ],
    offHistoryTags: ["v1.4.0"],
  });
  assert.equal(releaseRange(elsewhere, "1.5.0", "v1.5.0").previousTag, "v1.4.0");
  // a lower one (an older maintenance line) is not
  const older = state({
    allReleaseTags: [
      { tag: "v1.2.0", version: "1.2.0" },
      { tag: "v1.1.1", version: "1.1.1" },
    ],
    offHistoryTags: ["v1.1.1"],
  });
  assert.equal(releaseRange(older, "1.3.0", "v1.3.0").previousTag, "v1.2.0");
});
