/**
 * Adoption and the zero-config plan agree on the last release: the plan counts from the
 * release adoption asks about, and a version adoption leaves to the tags is one the plan
 * does not bump. Each history is a temp repository written for this test; the repository
 * whose shape it reproduces is named in each case.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readFacts } from "../../tasks/lib/adopt/facts.ts";
import { inferConfig } from "../../tasks/lib/adopt/infer.ts";
import { gitdir, type TempRepo } from "../helpers/gitdir.ts";
import { check, cutInProcess } from "../release/helpers.ts";

async function both(repo: TempRepo) {
  const inf = inferConfig(await readFacts(repo.dir), { toolkitDir: "tools/release", replace: false });
  const plan = await cutInProcess(repo, []);
  const asked = inf.questions.filter((q) => q.key === "versionFiles").map((q) => q.question);
  const value = (key: string) => inf.values.find((v) => v.key === key)?.value;
  return { asked, value, plan: plan.json.plan, state: plan.json.state, result: plan };
}

test("a two-part tag: adoption asks about the files behind v1.0, the plan counts from 1.0.0 (0031400/tauri-linuxdo at 77a2160)", async (t) => {
  const repo = gitdir({
    files: {
      "src-tauri/tauri.conf.json": JSON.stringify({ productName: "forum", version: "0.1.0", identifier: "a.b" }),
      "src-tauri/Cargo.toml": '[package]\nname = "forum"\nversion = "0.1.0"\n',
    },
  });
  t.after(repo.cleanup);
  repo.git("tag", "v1.0");
  repo.commit("fix: the feed", { "a.txt": "1" });
  const { asked, plan } = await both(repo);
  assert.ok(
    asked.some((q) => /declare 0\.1\.0 but the last release is v1\.0: the next release counts from it/.test(q)),
  );
  assert.equal(plan.current, "1.0.0");
  assert.equal(plan.target, "1.0.1");
});

test("a release tagged on another branch: adoption names it, the plan counts from it (Psychedelic/cap-explorer at fd658f5)", async (t) => {
  const repo = gitdir({ files: { "package.json": JSON.stringify({ name: "explorer", version: "1.0.1" }) } });
  t.after(repo.cleanup);
  repo.git("tag", "v1.0.1");
  repo.git("switch", "-q", "-c", "release");
  for (const v of ["1.1.0", "1.2.0", "1.3.0"]) {
    repo.commit(`chore(release): ${v}`, { "package.json": JSON.stringify({ name: "explorer", version: v }) });
    repo.git("tag", `v${v}`);
  }
  repo.git("switch", "-q", "main");
  repo.commit("feat: a token page", { "package.json": JSON.stringify({ name: "explorer", version: "1.2.0" }) });
  const { asked, plan, result } = await both(repo);
  assert.ok(
    asked.some((q) =>
      /declare 1\.2\.0 but the last release is v1\.3\.0, tagged on a branch HEAD does not reach/.test(q),
    ),
    asked.join("\n"),
  );
  assert.equal(plan.current, "1.3.0");
  assert.equal(plan.target, "1.4.0");
  for (const id of ["git.tag-exists", "git.release-tag-ahead"]) assert.equal(check(result, id).status, "pass", id);
});

test("bump2version tags each release, yet no tag exists: adoption asks twice, the plan counts from the bump commit and warns (mms-fcul/PypKa at d99a569)", async (t) => {
  const bump = (v: string) => `[bumpversion]\ncurrent_version = ${v}\ncommit = True\ntag = True\n`;
  const poetry = (v: string) => `[tool.poetry]\nname = "titrate"\nversion = "${v}"\n`;
  const repo = gitdir({ files: { "pyproject.toml": poetry("2.9.5"), ".bumpversion.cfg": bump("2.9.5") } });
  t.after(repo.cleanup);
  repo.commit("Bump version: 2.9.5 → 2.10.0", {
    "pyproject.toml": poetry("2.10.0"),
    ".bumpversion.cfg": bump("2.10.0"),
  });
  repo.commit("Fix the radii", { "a.txt": "1" });
  const { asked, plan, result } = await both(repo);
  assert.ok(asked.some((q) => /yet commit [0-9a-f]{7} "Bump version: 2\.9\.5 → 2\.10\.0" released 2\.10\.0/.test(q)));
  assert.ok(asked.some((q) => /\.bumpversion\.cfg tag = True tags each release, yet no release tag exists/.test(q)));
  assert.equal(plan.target, "2.10.1");
  assert.equal(check(result, "version.untagged-release").status, "warn");
});

test("a placeholder version: adoption and the plan both take the tag as the version (0-8-4/miui-auto-tasks at e212ee8)", async (t) => {
  const repo = gitdir({ files: { "pyproject.toml": '[project]\nname = "chores"\nversion = "1.0.0"\n' } });
  t.after(repo.cleanup);
  for (const v of ["v1.1.0", "v1.2.2", "v1.8.2"]) {
    repo.commit(`fix: before ${v}`, { "a.txt": v });
    repo.git("tag", v);
  }
  repo.commit("feat: sign in with a code", { "b.txt": "1" });
  const { asked, value, plan } = await both(repo);
  assert.equal(value("versioning.fromTag"), "git tag");
  assert.equal(value("versionFiles"), undefined);
  assert.ok(asked.some((q) => /pyproject\.toml says 1\.0\.0, a version no tag names/.test(q)));
  assert.equal(plan.fromTag, "git tag", "the zero-config plan decides the same");
  assert.deepEqual(plan.versionFiles, []);
  assert.equal(plan.target, "1.9.0");
});
