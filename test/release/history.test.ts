/**
 * Reading history right: the project's own release line, tags at or above the target,
 * shallow clones, bump2version's release commits and four-part versions. Temp repos.
 */
import assert from "node:assert/strict";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { git, tempDir } from "../helpers/gitdir.ts";
import { runEntry } from "../helpers/run-entry.ts";
import { check, cutInProcess, files, releaseRepo } from "./helpers.ts";
import { releaseTags, onReleaseLine } from "../../tasks/lib/release/tags.ts";

test("releaseTags(): stable tags and the project's pre-release identifiers only, highest first", async () => {
  const tags = ["v1.0.0", "v1.1.0-desktop", "v1.1.0-rc.0", "v0.9.0", "vnext", "v1.2", "v2.0.0-beta.1", "x1.5.0"];
  assert.deepEqual(
    releaseTags(tags, "v", ["rc", "beta"]).map((t) => t.tag),
    ["v2.0.0-beta.1", "v1.2", "v1.1.0-rc.0", "v1.0.0", "v0.9.0"],
  );
  // A two-part tag is the release of X.Y.0 (0031400/tauri-linuxdo and rnsavinelli/requests-aws-iam-auth
  // tag v1.0); beside the three-part spelling of the same version, that one is the tag.
  assert.deepEqual(releaseTags(["v1.2"], "v", [])[0], { tag: "v1.2", version: "1.2.0" });
  assert.deepEqual(
    releaseTags(["v1.2", "v1.2.0", "v1.3"], "v", []).map((t) => t.tag),
    ["v1.3", "v1.2.0"],
  );
  assert.deepEqual(releaseTags(["v1", "v1.2.3.4", "v1.x"], "v", []), [], "one part, four parts, no number: none");
  assert.equal(onReleaseLine("1.1.0-desktop", ["desktop"]), true);
  assert.equal(onReleaseLine("1.1.0-1", ["rc"]), false);
});

test("a tag like v1.1.0-desktop is not the last release: the feat after it counts and 1.1.0 is proposed", async (t) => {
  const repo = releaseRepo({ version: "1.0.0" });
  t.after(repo.cleanup);
  repo.commit("fix: desktop packaging", { "a.txt": "1" });
  repo.git("tag", "-a", "v1.1.0-desktop", "-m", "desktop build");
  repo.commit("feat: export to GeoPackage", { "a.txt": "2" });
  const r = await cutInProcess(repo, []);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.state.lastTag, "v1.0.0");
  assert.equal(r.json.plan.target, "1.1.0");
  assert.deepEqual(r.json.state.commits.map((c: { description: string }) => c.description).sort(), [
    "desktop packaging",
    "export to GeoPackage",
  ]);
  assert.equal(check(r, "git.release-tag-ahead").status, "pass");
  // When the project does cut that identifier, the same tag is a pre-release of 1.1.0: promoted.
  const config =
    'export default { name: "demo", versionFiles: ["pyproject.toml"], versioning: { preids: ["rc", "desktop"] } };\n';
  repo.commit("chore: config", { "release.config.ts": config });
  const withDesktop = await cutInProcess(repo, []);
  assert.equal(withDesktop.json.state.lastTag, "v1.1.0-desktop");
  // A --preid the project does not list is refused before anything else.
  const bad = runEntry("release.ts", ["--repo", repo.dir, "--preid", "nightly"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Cannot cut a "nightly" pre-release: it is not in versioning\.preids \(rc, desktop\)/);
});

// Psychedelic/cap-explorer at fd658f5: the default branch (develop) reaches v1.0.1 while v1.1.0 to v1.3.0
// were cut on main; the plan proposed 1.2.0 from develop's files and blocked on its own tag.
test("a release tagged on another branch counts: the plan proposes above it, never a version whose tag exists", async (t) => {
  const repo = releaseRepo({ version: "1.0.0" });
  t.after(repo.cleanup);
  repo.git("switch", "-q", "-c", "hotfix");
  repo.commit("fix: on the side", { "b.txt": "1" });
  repo.git("tag", "-a", "v1.1.0", "-m", "v1.1.0");
  repo.git("switch", "-q", "main");
  repo.commit("feat: new thing", { "a.txt": "1" });
  const r = await cutInProcess(repo, []);
  assert.equal(r.json.state.lastTag, "v1.0.0", "the newest tag HEAD reaches");
  assert.deepEqual(r.json.state.offHistoryTags, ["v1.1.0"]);
  assert.equal(r.json.plan.current, "1.1.0", "counts from the release on the other branch");
  assert.equal(r.json.plan.target, "1.2.0");
  assert.match(r.json.plan.reason, /the last release is v1\.1\.0, tagged on a branch HEAD does not reach/);
  assert.equal(r.json.plan.previousTag, "v1.1.0");
  assert.deepEqual(
    r.json.state.commits.map((c: { description: string }) => c.description),
    ["new thing"],
    "the hotfix's own commit was released in v1.1.0: not listed again",
  );
  for (const id of ["git.release-tag-ahead", "git.tag-exists", "git.tags-off-history"])
    assert.equal(check(r, id).status, "pass", id);
  // A version at or below that release is still refused by name.
  const below = await cutInProcess(repo, ["1.1.0"]);
  assert.equal(below.code, 1);
  assert.match(
    check(below, "git.release-tag-ahead").message,
    /Cannot release 1\.1\.0: release tag\(s\) at or above it already exist: v1\.1\.0/,
  );
});

test("HEAD already released on another branch (develop merged into main and tagged there): nothing new to list", async (t) => {
  const repo = releaseRepo({ version: "1.0.0" });
  t.after(repo.cleanup);
  repo.commit("feat: token column", { "a.txt": "1" });
  // main takes develop's HEAD and releases it with a release commit of its own
  repo.git("switch", "-q", "-c", "release-line");
  repo.commit("chore(release): 1.1.0", { "pyproject.toml": files("1.1.0")["pyproject.toml"]! });
  repo.git("tag", "-a", "v1.1.0", "-m", "v1.1.0");
  repo.git("switch", "-q", "main");
  const r = await cutInProcess(repo, []);
  assert.equal(r.json.state.commits.length, 0, "every commit of HEAD is in v1.1.0");
  assert.equal(r.json.plan.target, null);
  assert.match(r.json.plan.problem, /no commits since the last release/);
  const patch = await cutInProcess(repo, ["--bump", "patch"]);
  assert.equal(patch.json.plan.target, "1.1.1", "never 1.1.0, whose tag exists");
  assert.equal(check(patch, "git.tag-exists").status, "pass");
  assert.equal(check(patch, "git.release-tag-ahead").status, "pass");
});

test("a shallow clone is refused with the fix, instead of looking like a first release", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix: one", { "a.txt": "1" });
  repo.commit("fix: two", { "a.txt": "2" });
  repo.git("push", "-q", "origin", "main");
  const dir = tempDir("rc-shallow-");
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  git(dir, ["clone", "-q", "--depth", "1", `file://${repo.origin}`, "work"]);
  const r = await cutInProcess({ ...repo, dir: `${dir}/work` }, []);
  assert.equal(r.code, 1);
  const c = check(r, "git.shallow");
  assert.equal(c.status, "fail");
  assert.match(c.message, /shallow clone/);
  assert.match(c.fix!, /git fetch --unshallow --tags/);
  assert.match(c.fix!, /fetch-depth: 0/);
  git(`${dir}/work`, ["fetch", "-q", "--unshallow", "--tags"]);
  assert.equal(check(await cutInProcess({ ...repo, dir: `${dir}/work` }, []), "git.shallow").status, "pass");
});

test("bump2version's `Bump version:` commits are release commits, not changes", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix: a real fix", { "a.txt": "1" });
  repo.commit("Bump version: 1.2.3 → 1.2.4", { "c.txt": "1" });
  const r = await cutInProcess(repo, []);
  assert.deepEqual(
    r.json.state.commits.map((c: { description: string }) => c.description),
    ["a real fix"],
  );
  assert.equal(r.json.state.releaseCommitsLeftOut, 1);
});

test("a four-part version tag at or above the last release is refused by name; an older one is ignored", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix: hotfix", { "a.txt": "1" });
  repo.git("tag", "-a", "v1.2.3.1", "-m", "hotfix");
  repo.commit("fix: next", { "a.txt": "2" });
  const r = await cutInProcess(repo, []);
  assert.equal(r.code, 1);
  const c = check(r, "version.four-part-tag");
  assert.equal(c.status, "fail");
  assert.match(c.message, /v1\.2\.3\.1 has a four-part version/);
  assert.match(c.fix!, /tsx release\.ts 1\.2\.4/);
  // Like Niamoto's old v0.7.5.1 below its v0.20.x releases: history, not a blocker.
  repo.git("tag", "-d", "v1.2.3.1");
  repo.git("tag", "-a", "v0.7.5.1", "-m", "old");
  const old = check(await cutInProcess(repo, []), "version.four-part-tag");
  assert.equal(old.status, "pass");
  assert.match(old.message, /v0\.7\.5\.1/);
});

test("inspection after an interrupted cut says what --yes will do (release.interrupted), and --yes does it", async (t) => {
  const repo = releaseRepo();
  t.after(repo.cleanup);
  repo.commit("fix: x", { "a.txt": "1" });
  const head = repo.git("rev-parse", "HEAD").trim();
  // What a cut killed after its first writes leaves: the record in .git/ and a half-bumped tree.
  const record = {
    format: 1,
    tag: "v1.2.4",
    target: "1.2.4",
    commitMessage: "release: v1.2.4",
    origHead: head,
    pathspecs: ["CHANGELOG.md", "pyproject.toml", "src/demo/__version__.py"],
  };
  writeFileSync(join(repo.dir, ".git", "release-cut.json"), JSON.stringify(record));
  writeFileSync(join(repo.dir, "pyproject.toml"), "half written");
  writeFileSync(join(repo.dir, "new-by-hook.json"), "{}");
  const r = await cutInProcess(repo, []);
  assert.equal(r.code, 1);
  const c = check(r, "release.interrupted");
  assert.equal(c.status, "fail");
  assert.match(c.message, /a cut of v1\.2\.4 was interrupted/);
  assert.match(c.fix!, /Rerun with --yes/);
  // --yes restores first (the publish check then blocks, with no token): the tree is back at HEAD, the record gone.
  const y = await cutInProcess(repo, ["--yes"], {
    GH_TOKEN: undefined,
    GITHUB_TOKEN: undefined,
    GITHUB_API_URL: "http://127.0.0.1:9",
  });
  assert.equal(y.json.recovered.action, "restored");
  assert.match(y.json.recovered.detail, /pyproject\.toml[\s\S]*new-by-hook\.json/);
  assert.equal(repo.git("status", "--porcelain"), "");
  assert.equal(existsSync(join(repo.dir, ".git", "release-cut.json")), false);
});

// Niamoto (niamoto/niamoto at 2e34f097): its history was rewritten after v0.4.0, so tags v0.4.1–v0.19.1
// are not ancestors of v0.20.0. Its script's range for v0.20.0 started at v0.4.0 (the newest tag
// HEAD reaches: 1,074 commits with 2 breaking changes, so a bump from them proposes 1.0.0 where it
// cut 0.20.0, hence git.tags-off-history's warning), and a non-merge commit titled `Merge main into feature/gui-configuration` was not
// listed. Before this test the cut learned nothing from the newest sections (their tags are off
// HEAD's line) and fell back to a default that shows scopes, which the file never does.
test("a rewritten history: the range starts at the newest reachable tag; the style is learned from tags off HEAD's line", async (t) => {
  const repo = releaseRepo({ version: "0.1.0" });
  t.after(repo.cleanup);
  const section = (v: string, date: string, feats: string[], fixes: string[], other: string[]) =>
    [
      `## [v${v}] - ${date}`,
      "",
      ...(feats.length ? ["### Features", "", ...feats.map((e) => `- ${e}`), ""] : []),
      ...(fixes.length ? ["### Bug Fixes", "", ...fixes.map((e) => `- ${e}`), ""] : []),
      ...(other.length ? ["### Other", "", ...other.map((e) => `- ${e}`), ""] : []),
    ].join("\n");
  const v2 = section(
    "0.2.0",
    "2026-02-01",
    ["Add a legend to the map"],
    ["Keep the legend visible"],
    ["Tidy the build"],
  );
  const v3 = section("0.3.0", "2026-03-01", ["Export the map as PNG"], ["Stop the crash on resize"], []);
  const changelog = (...sections: string[]) => `# Changelog\n\n${sections.join("\n")}`;
  const bump = (v: string) => {
    const { "pyproject.toml": pyproject, "src/demo/__version__.py": version } = files(v);
    return { "pyproject.toml": pyproject!, "src/demo/__version__.py": version! };
  };
  // the old line: scoped commits whose entries never show the scope
  repo.git("switch", "-q", "-c", "old");
  repo.commit("feat(map): add a legend to the map", { "a.txt": "1" });
  repo.commit("fix(map): keep the legend visible", { "a.txt": "2" });
  repo.commit("chore: tidy the build", { "b.txt": "1" });
  repo.commit("release: v0.2.0", { ...bump("0.2.0"), "CHANGELOG.md": changelog(v2) });
  repo.git("tag", "-a", "v0.2.0", "-m", "v0.2.0");
  repo.commit("feat(export): export the map as PNG", { "a.txt": "3" });
  repo.commit("fix(ui): stop the crash on resize", { "a.txt": "4" });
  repo.commit("release: v0.3.0", { ...bump("0.3.0"), "CHANGELOG.md": changelog(v3, v2) });
  repo.git("tag", "-a", "v0.3.0", "-m", "v0.3.0");
  // main, rewritten: the same tree again from v0.1.0, then new work
  repo.git("switch", "-q", "main");
  repo.commit("chore: bring back the rewritten history", {
    "a.txt": "4",
    "b.txt": "1",
    ...bump("0.3.0"),
    "CHANGELOG.md": changelog(v3, v2),
  });
  repo.commit("feat(cli): add a quiet flag", { "c.txt": "1" });
  repo.commit("Merge main into feature/quiet", { "c.txt": "2" });
  repo.git("push", "-q", "origin", "main", "v0.2.0", "v0.3.0");
  const r = await cutInProcess(repo, ["0.4.0"]);
  assert.equal(r.json.state.lastTag, "v0.1.0", "the newest tag HEAD reaches");
  // said, with what it means for the proposal: a warning, the cut goes on
  const off = check(r, "git.tags-off-history");
  assert.equal(off.status, "warn");
  assert.match(
    off.message,
    /^v0\.3\.0 and 1 older release tag\(s\) above v0\.1\.0 are not ancestors of HEAD \(a rewritten history\?\), though the version files say 0\.3\.0: this release lists and bumps from the 3 commit\(s\) since v0\.1\.0$/,
  );
  assert.match(off.fix!, /tsx release\.ts VERSION/);
  assert.equal(r.json.blocked, false);
  const cl = r.json.plan.changelog;
  assert.deepEqual(
    r.json.state.changelog.examples.map((e: { range: string }) => e.range),
    ["v0.2.0..v0.3.0", "v0.1.0..v0.2.0"],
    "learned from the ranges that end at tags off HEAD's line",
  );
  assert.equal(cl.sources.scope, "file+commits");
  assert.equal(cl.style.scope, "");
  assert.match(cl.section, /^### Features\n\n- Add a quiet flag\n/m);
  assert.match(cl.section, /^### Other\n\n- Bring back the rewritten history\n/m);
  assert.doesNotMatch(cl.section, /Merge main/);
  assert.deepEqual(
    cl.leftOut.filter((l: { reason: string }) => /merge/.test(l.reason)).map((l: { subject: string }) => l.subject),
    ["Merge main into feature/quiet"],
  );
});
