/** The git reads of release/git.ts that steps rely on, against real repositories. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { localTag, localTagCommit } from "../../tasks/lib/release/git.ts";
import { gitdir } from "../helpers/gitdir.ts";

test("localTag: an annotated tag's object and its commit in one call; a lightweight tag's are the same; none when absent", async (t) => {
  const repo = gitdir({ files: { "a.txt": "1" } });
  t.after(() => repo.cleanup());
  const head = repo.git("rev-parse", "HEAD").trim();
  repo.git("tag", "-a", "v1.0.0", "-m", "atlas v1.0.0");
  repo.git("tag", "v1.0.1");
  const annotated = await localTag(repo.dir, "v1.0.0");
  assert.deepEqual(annotated, { object: repo.git("rev-parse", "refs/tags/v1.0.0").trim(), commit: head });
  assert.notEqual(annotated!.object, head, "the tag object itself, not peeled");
  assert.deepEqual(await localTag(repo.dir, "v1.0.1"), { object: head, commit: head });
  assert.equal(await localTag(repo.dir, "v2.0.0"), undefined);
  // the same commit as the one-purpose read
  assert.equal(annotated!.commit, await localTagCommit(repo.dir, "v1.0.0"));
});
