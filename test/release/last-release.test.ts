/**
 * Which release the next one counts from, so the plan never proposes a version that is
 * already out: a two-part tag (`v1.0`), a release tagged on a branch HEAD does not reach.
 * The invariant is
 * checked over generated tag sets on the pure planner; each shape is also a temp
 * repository of its own, written for these tests (the repository that taught it is named).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseCommit } from "../../tasks/lib/release/commits.ts";
import { planTarget } from "../../tasks/lib/release/plan.ts";
import type { ReleaseState } from "../../tasks/lib/release/state.ts";
import { releaseTags } from "../../tasks/lib/release/tags.ts";
import { compare, gt, isPrerelease } from "../../tasks/lib/release/version.ts";
import type { ReleaseConfig } from "../../tasks/lib/core/config/index.ts";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";
import { gitdir } from "../helpers/gitdir.ts";
import { check, cutInProcess } from "./helpers.ts";

const CHANGELOG = "# Changelog\n";

test("a two-part tag is a release: files at 0.1.0 below a released v1.0 count from the tag", async (t) => {
  // 0031400/tauri-linuxdo at 77a2160: tauri.conf.json, Cargo.toml and package.json at 0.1.0, one tag v1.0.
  const repo = gitdir({
    files: {
      "src-tauri/tauri.conf.json": JSON.stringify({ productName: "forum", version: "0.1.0", identifier: "a.b" }),
      "src-tauri/Cargo.toml": '[package]\nname = "forum"\nversion = "0.1.0"\n',
      "package.json": '{ "name": "forum", "version": "0.1.0" }\n',
      "CHANGELOG.md": CHANGELOG,
    },
  });
  t.after(repo.cleanup);
  repo.git("tag", "v1.0");
  let r = await cutInProcess(repo, []);
  assert.equal(r.json.state.lastTag, "v1.0");
  assert.match(r.json.plan.problem, /no commits since the last release/, "HEAD is v1.0 itself");
  r = await cutInProcess(repo, ["--bump", "patch"]);
  assert.equal(r.json.plan.target, "1.0.1", "never 0.1.0 or 0.1.1: 1.0 is out");
  repo.commit("feat: a new feed", { "a.txt": "1" });
  r = await cutInProcess(repo, []);
  assert.equal(r.json.plan.current, "1.0.0");
  assert.equal(r.json.plan.target, "1.1.0");
  assert.equal(r.json.plan.previousTag, "v1.0");
  assert.deepEqual(
    r.json.plan.versionFiles.map((f: { path: string; from: string; to: string }) => `${f.path} ${f.from} → ${f.to}`),
    ["src-tauri/tauri.conf.json 0.1.0 → 1.1.0", "src-tauri/Cargo.toml 0.1.0 → 1.1.0", "package.json 0.1.0 → 1.1.0"],
  );
  assert.equal(check(r, "git.release-tag-ahead").status, "pass");
});

// The invariant, over generated histories: tags reachable or not (two-part, release candidates),
// files anywhere around them, with or without --bump.
const version = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
  .map(([a, b, c]) => `${a}.${b}.${c}`);
const config = { ...parseConfig({ name: "demo" }, "test"), versionFiles: [] } as unknown as ReleaseConfig;

interface GeneratedTag {
  version: string;
  reachable: boolean;
  twoPart: boolean;
  /** a release candidate of that version (`v1.2.0-rc.0`) */
  rc?: boolean;
}

const tagName = (t: GeneratedTag) =>
  t.rc ? `v${t.version}-rc.0` : `v${t.twoPart && t.version.endsWith(".0") ? t.version.slice(0, -2) : t.version}`;

function stateOf(tags: GeneratedTag[], files: string, feats: number) {
  const names = tags.map(tagName);
  const every = releaseTags(names, "v", ["rc"]);
  const reachable = releaseTags(
    names.filter((_, i) => tags[i]!.reachable),
    "v",
    ["rc"],
  );
  const on = new Set(reachable.map((t) => t.tag));
  return {
    lastTag: reachable[0]?.tag ?? null,
    lastVersion: reachable[0]?.version ?? null,
    recentTags: reachable.slice(0, 5).map((t) => t.tag),
    allReleaseTags: every,
    offHistoryTags: every.filter((t) => !on.has(t.tag)).map((t) => t.tag),
    headSubject: "fix: something",
    preids: ["rc"],
    commits: [
      parseCommit("0".repeat(40), "fix: something"),
      ...Array.from({ length: feats }, (_, i) => parseCommit(String(i + 1).padStart(40, "0"), "feat: more")),
    ],
    versionFiles: [{ path: "pyproject.toml", kind: "pyproject", version: files, error: null }],
  } as unknown as ReleaseState;
}

test("for any tags (reachable, on another branch, two-part, candidates), files' version and --bump, no tag names the proposal and it is above every stable release", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ version, reachable: fc.boolean(), twoPart: fc.boolean(), rc: fc.boolean() }), {
        maxLength: 6,
      }),
      version,
      fc.integer({ min: 0, max: 2 }),
      fc.constantFrom(undefined, "patch", "minor", "major"),
      (tags, files, feats, bump) => {
        const state = stateOf(tags, files, feats);
        const { target } = planTarget({ state, config, flags: bump ? { bump } : {} });
        assert.ok(target.version, `a version is proposed (${target.problem})`);
        for (const t of state.allReleaseTags) {
          assert.notEqual(target.version, t.version, `${t.tag} already names ${target.version}`);
          if (!isPrerelease(t.version))
            assert.ok(gt(target.version, t.version), `${target.version} is above the release ${t.tag}`);
        }
        assert.ok(compare(target.version, files) >= 0, `${target.version} is not below the files' ${files}`);
      },
    ),
  );
});

test("the invariant's shrunk counterexample before the fix: one release, tagged off HEAD's history", () => {
  // fast-check (seed 763117855) on the planner before this change: [v1.0.0 unreachable], files 0.0.0,
  // no feature. It proposed 0.0.1, a first release below the tag.
  const state = stateOf([{ version: "1.0.0", reachable: false, twoPart: false }], "0.0.0", 0);
  assert.equal(planTarget({ state, config, flags: {} }).target.version, "1.0.1");
});
