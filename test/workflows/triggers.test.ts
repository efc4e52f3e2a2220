import assert from "node:assert/strict";
import { test } from "node:test";
import { parseTriggers, startsOn, type CutEvent } from "../../tasks/lib/workflows/triggers.ts";

const branch: CutEvent = { kind: "push-branch", branch: "main", changedFiles: ["package.json", "CHANGELOG.md"] };
const tag: CutEvent = { kind: "push-tag", tag: "v1.2.3" };
const stable: CutEvent = { kind: "release", tag: "v1.2.3", prerelease: false, actor: "operator" };
const pre: CutEvent = { kind: "release", tag: "v1.3.0-rc.1", prerelease: true, actor: "operator" };
const byCi: CutEvent = { kind: "release", tag: "v1.2.3", prerelease: false, actor: "github-token" };

test("the three forms of on:", () => {
  assert.deepEqual(Object.keys(parseTriggers("push").events), ["push"]);
  assert.deepEqual(Object.keys(parseTriggers(["push", "release"]).events), ["push", "release"]);
  assert.deepEqual(parseTriggers({ release: { types: "published" } }).events.release, { types: ["published"] });
});

test("a release made with GITHUB_TOKEN starts nothing; the operator's starts release listeners", () => {
  const t = parseTriggers({ release: { types: ["published"] } });
  assert.equal(startsOn(t, stable), true);
  assert.equal(startsOn(t, pre), true);
  assert.equal(startsOn(t, byCi), false);
  assert.equal(startsOn(t, branch), false);
});

test("types: [released] skips pre-releases; no types means every activity", () => {
  assert.equal(startsOn(parseTriggers({ release: { types: ["released"] } }), pre), false);
  assert.equal(startsOn(parseTriggers({ release: { types: ["released"] } }), stable), true);
  assert.equal(startsOn(parseTriggers({ release: null }), pre), true);
  assert.equal(startsOn(parseTriggers({ release: { types: ["edited"] } }), stable), false);
});

test("push filters: tags only ignores branch pushes, branches only ignores tags, paths not for tags", () => {
  const tagsOnly = parseTriggers({ push: { tags: ["v*"] } });
  assert.equal(startsOn(tagsOnly, tag), true);
  assert.equal(startsOn(tagsOnly, branch), false);
  const branchesOnly = parseTriggers({ push: { branches: ["main"] } });
  assert.equal(startsOn(branchesOnly, branch), true);
  assert.equal(startsOn(branchesOnly, tag), false);
  const bare = parseTriggers({ push: null });
  assert.equal(startsOn(bare, branch), true);
  assert.equal(startsOn(bare, tag), true);
  const paths = parseTriggers({ push: { paths: ["src/**"] } });
  assert.equal(startsOn(paths, branch), false, "the release commit only touches version files");
  assert.equal(startsOn(paths, tag), true, "path filters are not evaluated for tags");
  assert.equal(startsOn(parseTriggers({ push: { "paths-ignore": ["*.md"] } }), branch), true);
  assert.equal(startsOn(parseTriggers({ push: { "paths-ignore": ["*.md", "*.json"] } }), branch), false);
  assert.equal(
    startsOn(parseTriggers({ push: { "tags-ignore": ["v*-*"] } }), { kind: "push-tag", tag: "v2.0.0-rc.1" }),
    false,
  );
});

test("publishing a draft emits published and released only: a `created` listener does not start", () => {
  const fromDraft: CutEvent = { ...stable, fromDraft: true };
  const created = parseTriggers({ release: { types: ["created"] } });
  assert.equal(startsOn(created, stable), true, "a release created published emits created");
  assert.equal(startsOn(created, fromDraft), false, "a published draft does not");
  assert.equal(startsOn(parseTriggers({ release: { types: ["published"] } }), fromDraft), true);
  assert.equal(startsOn(parseTriggers({ release: { types: ["released"] } }), fromDraft), true);
  assert.equal(startsOn(parseTriggers({ release: { types: ["prereleased"] } }), { ...pre, fromDraft: true }), true);
});

test("a tag pushed with GITHUB_TOKEN (release-please, semantic-release) starts no tag listener", () => {
  const t = parseTriggers({ push: { tags: ["v*"] } });
  assert.equal(startsOn(t, { kind: "push-tag", tag: "v1.2.3", actor: "github-token" }), false);
  assert.equal(startsOn(t, { kind: "push-tag", tag: "v1.2.3", actor: "operator" }), true);
});
