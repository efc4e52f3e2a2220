/**
 * Which release the next one counts from, so the plan never proposes a version that is
 * already out: a two-part tag (`v1.0`), a release tagged on a branch HEAD does not reach,
 * and, with no tag at all, a commit that says it released a version. The invariant is
 * checked over generated tag sets on the pure planner; each shape is also a temp
 * repository of its own, written for these tests (the repository that taught it is named).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseCommit } from "../../tasks/lib/release/commits.ts";
import { untaggedReleaseIn } from "../../tasks/lib/release/last-release.ts";
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

test("untaggedReleaseIn(): the newest subject that says a version was released, HEAD aside", () => {
  const at = (subjects: string[], head?: string) =>
    untaggedReleaseIn(
      subjects.map((subject, i) => ({ sha: `${i}`.padStart(40, "0"), subject })),
      "v",
      head,
    )?.version;
  assert.equal(at(["fix: x", "Bump version: 2.9.5 → 2.10.0   - decoupled modules", "0.0.1"]), "2.10.0");
  assert.equal(at(["chore(main): release 4.1.5 (#1086)"]), "4.1.5");
  assert.equal(at(["v1.2.0"]), "1.2.0", "the version alone, with the prefix");
  assert.equal(at(["0.0.6"], "0".repeat(40)), undefined, "HEAD is a cut to finish, not a past release");
  for (const s of ["0.0.6a2", "bump zipp from 3.17.0 to 3.19.1", "Update to 3.11.0", "v2", "1.2"])
    assert.equal(at([s]), undefined, s);
});

test("no tag, but bump2version's release commits: the last one is the last release, named in the reason", async (t) => {
  // mms-fcul/PypKa at d99a569: .bumpversion.cfg has tag = True and the history says
  // "Bump version: 2.9.5 → 2.10.0", yet the snapshot holds no tag; 2.10.0 is on PyPI.
  const bump =
    "[bumpversion]\ncurrent_version = 2.10.0\ncommit = True\ntag = True\n\n[bumpversion:file:pyproject.toml]\n";
  const repo = gitdir({
    files: {
      "pyproject.toml": '[tool.poetry]\nname = "titrate"\nversion = "2.9.5"\n',
      ".bumpversion.cfg": bump.replace("2.10.0", "2.9.5"),
      "CHANGELOG.md": CHANGELOG,
    },
  });
  t.after(repo.cleanup);
  repo.commit("fix: radii", { "a.txt": "1" });
  repo.commit("Bump version: 2.9.5 → 2.10.0   - decoupled modules;   - py3.10", {
    "pyproject.toml": '[tool.poetry]\nname = "titrate"\nversion = "2.10.0"\n',
    ".bumpversion.cfg": bump,
  });
  // HEAD is the release commit itself: finishing that cut (its tag was never made here).
  let r = await cutInProcess(repo, []);
  assert.equal(r.json.plan.target, "2.10.0");
  assert.equal(r.json.plan.targetKind, "resume");
  const released = repo.git("rev-parse", "HEAD").slice(0, 7);
  repo.commit("docs: the web server", { "b.txt": "1" });
  repo.commit("Create titration curves from the CLI", { "c.txt": "1" });
  r = await cutInProcess(repo, []);
  assert.equal(r.json.state.untaggedRelease.version, "2.10.0");
  assert.equal(r.json.plan.firstRelease, false);
  assert.equal(r.json.plan.target, "2.10.1", "not 2.10.0: that one is out");
  assert.match(
    r.json.plan.reason,
    new RegExp(
      `the last release is 2\\.10\\.0, released without a tag by ${released} "Bump version: 2\\.9\\.5 → 2\\.10\\.0`,
    ),
  );
  assert.deepEqual(
    r.json.state.commits.map((c: { description: string }) => c.description),
    ["Create titration curves from the CLI", "the web server"],
    "only what came after the release",
  );
  assert.equal(check(r, "version.not-greater").status, "pass");
  const untagged = check(r, "version.untagged-release");
  assert.equal(untagged.status, "warn", "the plan says it counts from a release no tag records");
  assert.match(untagged.message, new RegExp(`2\\.10\\.0 was released without a tag \\(commit ${released}`));
  assert.match(untagged.fix!, /git tag v2\.10\.0 [0-9a-f]{12} && git push origin v2\.10\.0/);
});

test("no tag, a commit titled with the version (a release by hand): the next one counts from it", async (t) => {
  // alienmind/electricdreams at ea40dac: Poetry bumped by hand, "0.0.6" committed and published, no tag.
  const at = (v: string) => ({ "pyproject.toml": `[tool.poetry]\nname = "dreams"\nversion = "${v}"\n` });
  const repo = gitdir({ files: { ...at("0.0.5"), "CHANGELOG.md": CHANGELOG } });
  t.after(repo.cleanup);
  repo.commit("0.0.6a2", at("0.0.6a2"));
  repo.commit("0.0.6", at("0.0.6"));
  repo.commit("Add a query endpoint", { "q.txt": "1" });
  let r = await cutInProcess(repo, []);
  assert.equal(r.json.plan.target, "0.0.7");
  assert.match(r.json.plan.reason, /0\.0\.6, released without a tag by [0-9a-f]{7} "0\.0\.6"/);
  // Files bumped by hand past it name the next release, as above a tag.
  repo.commit("prepare the next one", at("0.1.0"));
  r = await cutInProcess(repo, []);
  assert.equal(r.json.plan.target, "0.1.0");
  assert.equal(r.json.plan.targetKind, "ahead");
  assert.match(r.json.plan.reason, /already declare 0\.1\.0, above 0\.0\.6, released without a tag/);
});

test("a project that tags its releases: an untagged release commit below HEAD is the next release, not a past one", async (t) => {
  // aws/aws-sdk-pandas at cfe0ca8: tag 3.17.0, then "chore: Release 3.17.1 (#3403)" and three more
  // commits, no tag 3.17.1 yet (the labelled answer: 3.17.1 is the release to cut).
  const at = (v: string) => ({ "pyproject.toml": `[project]\nname = "wrangle"\nversion = "${v}"\n` });
  const repo = gitdir({ files: { ...at("3.17.0"), "CHANGELOG.md": CHANGELOG } });
  t.after(repo.cleanup);
  repo.git("tag", "3.17.0");
  repo.commit("chore: Release 3.17.1 (#3403)", at("3.17.1"));
  repo.commit("fix: a reader", { "r.txt": "1" });
  const r = await cutInProcess(repo, []);
  assert.equal(r.json.state.untaggedRelease, null, "looked for only when no tag exists");
  assert.equal(r.json.plan.target, "3.17.1");
  assert.equal(r.json.plan.targetKind, "ahead");
});

test("no tag and no release commit: the first release is the files' version", async (t) => {
  // 007tickooayush/react-tauri-timer at 4b16e01: never released, files at 0.1.0.
  const repo = gitdir({
    files: { "package.json": '{ "name": "timer", "version": "0.1.0" }\n', "CHANGELOG.md": CHANGELOG },
  });
  t.after(repo.cleanup);
  repo.commit("feat: start the timer", { "a.txt": "1" });
  repo.commit("bump zipp from 3.17.0 to 3.19.1", { "b.txt": "1" });
  const r = await cutInProcess(repo, []);
  assert.equal(r.json.state.untaggedRelease, null);
  assert.equal(r.json.plan.firstRelease, true);
  assert.equal(r.json.plan.target, "0.1.0");
  assert.equal(check(r, "version.untagged-release").status, "pass", "0.1.0 is a first version");
});

test("no tag and no release commit, but files at a version no first release carries: the plan warns", async (t) => {
  // mms-fcul/PypKa's history without its bump commits: Poetry at 2.10.0, published, never tagged.
  const repo = gitdir({
    files: { "pyproject.toml": '[tool.poetry]\nname = "titrate"\nversion = "2.10.0"\n', "CHANGELOG.md": CHANGELOG },
  });
  t.after(repo.cleanup);
  repo.commit("fix: radii", { "a.txt": "1" });
  const r = await cutInProcess(repo, []);
  assert.equal(r.json.plan.target, "2.10.0", "a first release of the files' version, as planned");
  const c = check(r, "version.untagged-release");
  assert.equal(c.status, "warn");
  assert.match(c.message, /No release tag exists, yet the files say 2\.10\.0, not a first version/);
  assert.match(c.fix!, /tsx release\.ts --bump patch/);
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
    untaggedRelease: null,
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
