/**
 * The zero-config plan (no release.config.ts) agrees with adoption: it reads the same
 * version sources, never takes a file without a version for a version file, proposes
 * the version files already bumped ahead of the newest tag, counts a bare newest tag,
 * and cuts from the repository's own default branch. Fixtures written for these tests;
 * the facts they reproduce are named in each.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig } from "../../tasks/lib/core/config/load.ts";
import { gitdir } from "../helpers/gitdir.ts";
import { datedTags } from "../adopt/helpers.ts";
import { check, cutInProcess } from "./helpers.ts";

const CHANGELOG = "# Changelog\n\n## [Unreleased]\n";

test("a dynamic pyproject.toml (hatch-vcs) is no version file: the plan counts from the tag and says the tag is the version", async (t) => {
  // pypa/hatch at ed8e30b: [tool.hatch.version] source = "vcs", no version in any file.
  const repo = gitdir({
    files: {
      "pyproject.toml":
        '[build-system]\nrequires = ["hatchling", "hatch-vcs"]\nbuild-backend = "hatchling.build"\n[project]\nname = "moss"\ndynamic = ["version"]\n[tool.hatch.version]\nsource = "vcs"\n',
      "docs/conf.py": 'project = "moss"\nextensions = []\n',
      "CHANGELOG.md": CHANGELOG,
    },
    origin: true,
  });
  t.after(repo.cleanup);
  repo.git("tag", "v1.4.0");
  repo.commit("feat: add leaves", { "moss.txt": "x" });
  repo.git("push", "-q", "origin", "main");
  const config = await loadConfig(repo.dir, { env: {} });
  assert.deepEqual(config.versionFiles, [], "neither pyproject.toml nor docs/conf.py carries a version");
  assert.equal(config.versioning.fromTag, "hatch-vcs");
  const r = await cutInProcess(repo, []);
  assert.equal(r.json.plan.target, "1.5.0");
  assert.equal(r.json.plan.fromTag, "hatch-vcs");
  assert.deepEqual(r.json.plan.versionFiles, []);
  // Nothing to keep in step: the check passes and says where the version comes from.
  assert.equal(check(r, "version.inconsistent").status, "pass");
  assert.match(check(r, "version.inconsistent").message, /the version comes from the tag \(hatch-vcs\)/);
  assert.equal(check(r, "version.not-greater").status, "pass");
});

test("a Tauri v2 config without version: the plan bumps Cargo.toml, never the config", async (t) => {
  // 007tickooayush/react-tauri-timer at 4b16e01 (Tauri's schema: without version, Cargo.toml's is used).
  const repo = gitdir({
    files: {
      "src-tauri/tauri.conf.json": JSON.stringify({ identifier: "org.example.timer", build: {} }),
      "src-tauri/Cargo.toml": '[package]\nname = "timer"\nversion = "0.4.0"\n',
      "CHANGELOG.md": CHANGELOG,
    },
    origin: true,
  });
  t.after(repo.cleanup);
  repo.git("tag", "v0.4.0");
  repo.commit("fix: tick once", { "a.txt": "1" });
  repo.git("push", "-q", "origin", "main");
  const r = await cutInProcess(repo, []);
  assert.deepEqual(
    r.json.plan.versionFiles.map((f: { path: string; to: string }) => `${f.path} → ${f.to}`),
    ["src-tauri/Cargo.toml → 0.4.1"],
  );
  assert.equal(check(r, "version.inconsistent").status, "pass");
});

test("files bumped ahead of the newest tag propose that version; files behind it count from the tag", async (t) => {
  // aws/aws-sdk-pandas at cfe0ca8: every file says 3.17.1 while the newest tag is 3.17.0.
  const ahead = gitdir({
    files: { "pyproject.toml": '[project]\nname = "wrangle"\nversion = "3.17.1"\n', "CHANGELOG.md": CHANGELOG },
    origin: true,
  });
  t.after(ahead.cleanup);
  ahead.git("tag", "3.17.0", "HEAD");
  ahead.commit("feat: a new reader", { "r.txt": "1" });
  ahead.git("push", "-q", "origin", "main");
  let r = await cutInProcess(ahead, []);
  assert.equal(r.json.plan.target, "3.17.1", "not 3.18.0: the files already name the next release");
  assert.equal(r.json.plan.targetKind, "ahead");
  assert.match(r.json.plan.reason, /already declare 3\.17\.1, above the newest tag 3\.17\.0/);
  assert.equal(check(r, "version.not-greater").status, "pass");
  // 0-CYBERDYNE-SYSTEMS-0/shortcut-genius at 7666038: package.json says 1.0.0 while v1.1.0 is tagged.
  const behind = gitdir({
    files: { "package.json": '{ "name": "g", "version": "1.0.0" }\n', "CHANGELOG.md": CHANGELOG },
  });
  t.after(behind.cleanup);
  behind.git("tag", "v1.1.0");
  behind.commit("fix: y", { "y.txt": "1" });
  r = await cutInProcess(behind, []);
  assert.equal(r.json.plan.target, "1.1.1");
  assert.deepEqual(
    r.json.plan.versionFiles.map((f: { from: string; to: string }) => `${f.from} → ${f.to}`),
    ["1.0.0 → 1.1.1"],
  );
});

test("a bare newest tag after v-prefixed ones is the last release (the issue's repository: v0.9.0, then 0.11.0)", async (t) => {
  const repo = gitdir({
    files: { "pyproject.toml": '[project]\nname = "bare"\nversion = "0.9.0"\n', "CHANGELOG.md": CHANGELOG },
  });
  t.after(repo.cleanup);
  repo.git("tag", "v0.9.0");
  repo.commit("release 0.11.0", { "pyproject.toml": '[project]\nname = "bare"\nversion = "0.11.0"\n' });
  repo.git("tag", "0.11.0");
  repo.commit("fix: z", { "z.txt": "1" });
  const config = await loadConfig(repo.dir, { env: {} });
  assert.equal(config.tagPrefix, "");
  const r = await cutInProcess(repo, []);
  assert.equal(r.json.state.lastTag, "0.11.0");
  assert.equal(r.json.plan.target, "0.11.1");
  assert.equal(r.json.plan.tag, "0.11.1");
});

test("the default branch is the repository's own: master, and git.behind-origin says so instead of a fetch error", async (t) => {
  const repo = gitdir({
    files: { "pyproject.toml": '[project]\nname = "old"\nversion = "1.0.0"\n', "CHANGELOG.md": CHANGELOG },
    origin: true,
  });
  t.after(repo.cleanup);
  repo.git("branch", "-m", "main", "master");
  repo.git("push", "-q", "-u", "origin", "master");
  repo.git("--git-dir", repo.origin!, "symbolic-ref", "HEAD", "refs/heads/master");
  repo.git("push", "-q", "origin", "--delete", "main");
  repo.git("tag", "v1.0.0");
  repo.commit("fix: a", { "a.txt": "1" });
  repo.git("push", "-q", "origin", "master");
  assert.equal((await loadConfig(repo.dir, { env: {} })).branch, "master");
  let r = await cutInProcess(repo, []);
  assert.equal(check(r, "git.branch").status, "pass");
  assert.equal(check(r, "git.behind-origin").status, "pass");
  // A config that names main on a master repository: the check names both branches.
  repo.write({ "release.config.ts": 'export default { name: "old", branch: "main" };\n' });
  repo.commit("chore: config");
  r = await cutInProcess(repo, []);
  const c = check(r, "git.behind-origin");
  assert.equal(c.status, "fail");
  assert.match(c.message, /origin has no branch main; its default branch is master/);
  assert.doesNotMatch(c.message, /couldn't find remote ref/);
  assert.match(c.fix!, /branch: "master"/);
});

/** The prefix adoption infers for the same repository. */
async function adoptedPrefix(dir: string): Promise<{ prefix: unknown; questions: string[] }> {
  const { readFacts } = await import("../../tasks/lib/adopt/facts.ts");
  const { inferConfig } = await import("../../tasks/lib/adopt/infer.ts");
  const inf = inferConfig(await readFacts(dir), { toolkitDir: "tools/release" });
  return {
    prefix: inf.values.find((v) => v.key === "tagPrefix")?.value,
    questions: inf.questions.filter((q) => q.key === "tagPrefix").map((q) => q.question),
  };
}

test("the tag prefix is one rule: a contributing guide that says tags are bare, and no tag yet — the plan and adoption agree", async (t) => {
  // The repository: old tags v0.9.0, newest bare, the guide tagging with `git tag -a X.Y.Z`.
  const guide = "# Contributing\n\n## Releasing\n\n```sh\ngit tag -a 1.0.0 -m 'Release 1.0.0'\ngit push --tags\n```\n";
  const repo = gitdir({
    files: {
      "pyproject.toml": '[project]\nname = "bare"\nversion = "0.9.0"\n',
      "CHANGELOG.md": CHANGELOG,
      "CONTRIBUTING.md": guide,
    },
  });
  t.after(repo.cleanup);
  // No tag yet: the guide decides for both.
  assert.equal((await loadConfig(repo.dir, { env: {} })).tagPrefix, "");
  assert.equal((await adoptedPrefix(repo.dir)).prefix, "");
  // Tags made on different days, as releases are: the v line stopped before the bare one began.
  datedTags(repo, ["v0.9.0"]);
  repo.write({ "pyproject.toml": '[project]\nname = "bare"\nversion = "0.11.0"\n' });
  datedTags(repo, ["0.11.0"], 20);
  const adopted = await adoptedPrefix(repo.dir);
  assert.equal((await loadConfig(repo.dir, { env: {} })).tagPrefix, "");
  assert.equal(adopted.prefix, "");
  assert.deepEqual(adopted.questions, [], "the v line stopped: no other line to ask about");
});

test("several release lines: the plan and adoption take the project's own line; adoption asks about the other, never merges it", async (t) => {
  // pypa/hatch at ed8e30b: hatch-vX (the project) and hatchling-vX (its backend) released side by side.
  const repo = gitdir({
    files: {
      "pyproject.toml":
        '[build-system]\nrequires = ["hatchling", "hatch-vcs"]\nbuild-backend = "hatchling.build"\n[project]\nname = "loom"\ndynamic = ["version"]\n[tool.hatch.version]\nsource = "vcs"\n',
      "CHANGELOG.md": CHANGELOG,
    },
  });
  t.after(repo.cleanup);
  datedTags(repo, ["loom-v1.0.0", "loomlib-v1.30.0", "loom-v1.1.0", "loomlib-v1.31.0"]);
  assert.equal((await loadConfig(repo.dir, { env: {} })).tagPrefix, "loom-v");
  const adopted = await adoptedPrefix(repo.dir);
  assert.equal(adopted.prefix, "loom-v");
  assert.match(
    adopted.questions[0]!,
    /this config releases "loom-v" tags, and "loomlib-v" \(2 tag\(s\), newest loomlib-v1\.31\.0\) is another line, left alone/,
  );
});

test("invariant: for any tags and any stated form, the plan and adoption read the same tag prefix", async () => {
  const { default: fc } = await import("fast-check");
  const tag = fc
    .tuple(fc.constantFrom("", "v", "loom-v", "app-v"), fc.nat(3), fc.nat(9))
    .map(([p, a, b]) => `${p}${a}.${b}.0`);
  const guide = fc.option(fc.constantFrom("git tag -a 1.0.0", "git tag v1.0.0", "git tag app-v1.0.0"), {
    nil: undefined,
  });
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(tag, { maxLength: 5 }), guide, async (tags, command) => {
      const repo = gitdir({
        files: {
          "pyproject.toml": '[project]\nname = "loom"\nversion = "0.1.0"\n',
          ...(command ? { "RELEASING.md": `# Releasing\n\n\`\`\`sh\n${command}\n\`\`\`\n` } : {}),
        },
      });
      try {
        datedTags(repo, tags);
        const adopted = await adoptedPrefix(repo.dir);
        assert.equal((await loadConfig(repo.dir, { env: {} })).tagPrefix, adopted.prefix, tags.join(" "));
      } finally {
        repo.cleanup();
      }
    }),
    { numRuns: 8 },
  );
});
