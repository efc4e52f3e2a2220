import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { git as gitIn } from "../helpers/gitdir.ts";
import { RELEASE_WORKFLOWS } from "../github/fixtures.ts";
import { existsSync } from "node:fs";
import { type EntryRuntime, PROJECT_ROOT, startEntry } from "../helpers/run-entry.ts";
import { check, fingerprint, FIXED_DATE, releaseRepo } from "./helpers.ts";
import {
  originRefs,
  parseCut,
  publishCut,
  SLUG,
  standInFor,
  standInEnv,
  startCut,
  stepIds,
} from "./publish-helpers.ts";
import type { StandInOptions } from "../../tasks/stand-in/index.ts";

async function setup(
  t: TestContext,
  opts: { repo?: Parameters<typeof releaseRepo>[0]; standIn?: StandInOptions } = {},
) {
  const repo = releaseRepo(opts.repo);
  t.after(repo.cleanup);
  const s = await standInFor(repo, opts.standIn);
  t.after(() => s.close());
  return {
    repo,
    s,
    yes: (args: string[], env: Record<string, string | undefined> = {}, runtime?: EntryRuntime) =>
      publishCut(repo, s, args, env, runtime),
  };
}

const FAST_WATCH =
  'export default { name: "demo", versionFiles: ["pyproject.toml", "src/demo/__version__.py"], github: { watchSeconds: 1, pollSeconds: 0.2 } };\n';

test("the full cut pushes branch and tag atomically, publishes the release as latest, and reports the fan-out", async (t) => {
  const { repo, s, yes } = await setup(t);
  repo.commit("feat(map): clusters", { "a.txt": "1" });
  // through the tsx CLI, as the README says to run it
  const r = await yes(["--yes"], {}, "tsx");
  assert.equal(r.code, 0, r.stderr);
  // No build workflow to dispatch here (the fixtures all start on the publication): draft, then publish at once.
  assert.deepEqual(stepIds(r).slice(5), [
    "push:done",
    "draft:done",
    "builds:skipped",
    "assets:skipped",
    "publish:done",
    "verify:done",
    "watch:done",
  ]);
  const head = repo.git("rev-parse", "HEAD").trim();
  // origin has the release commit on main and the very tag object made locally.
  assert.equal(repo.git("--git-dir", repo.origin!, "rev-parse", "refs/heads/main").trim(), head);
  assert.equal(
    repo.git("--git-dir", repo.origin!, "rev-parse", "refs/tags/v1.3.0").trim(),
    repo.git("rev-parse", "refs/tags/v1.3.0").trim(),
  );
  assert.equal(s.state.releases.length, 1);
  const rel = s.state.releases[0]!;
  assert.equal(rel.tag_name, "v1.3.0");
  assert.match(rel.name ?? "", / v1\.3\.0$/); // the default title template: {name} {tag}
  assert.equal(rel.body, r.json.plan.releaseNotes);
  assert.equal(rel.draft, false);
  assert.equal(rel.prerelease, false);
  assert.equal(s.state.latestReleaseId, rel.id);
  assert.equal(rel.author, "release-operator");
  assert.equal(r.json.release.outcome, "created");
  assert.equal(r.json.release.draft, false);
  assert.equal(r.json.verification.ok, true);
  assert.equal(r.json.immutable.state, "off");
  // Created as a draft, then published by a second call with the operator's token.
  const writes = s.requests
    .filter((q) => q.method === "POST" || q.method === "PATCH")
    .map((q) => `${q.method} ${q.auth}`);
  assert.deepEqual(writes, ["POST operator", "PATCH operator"]);
  // One run per release workflow, on the tag's commit, each reported.
  assert.deepEqual(s.state.runs.map((x) => x.workflow).sort(), RELEASE_WORKFLOWS.map((w) => w.file).sort());
  assert.ok(s.state.runs.every((x) => x.head_sha === head));
  assert.deepEqual(
    r.json.fanOut.map((w: { workflow: string; status: string }) => `${w.workflow}:${w.status}`),
    ["publish-pypi.yml:started", "build-tauri.yml:started", "build-binaries.yml:started"],
  );
  assert.match(r.stderr, /started publish-pypi\.yml: queued http/);
  assert.equal(repo.git("status", "--porcelain"), "");
});

// Niamoto (niamoto/niamoto) titles its releases `Niamoto v0.20.5`: the productName of src-tauri/tauri.conf.json,
// where pyproject.toml's name is lower-case `niamoto`. Zero-config, the title comes from productName.
test("zero-config, the release is titled with the Tauri app's productName, not the package name", async (t) => {
  const { repo, s, yes } = await setup(t, {
    repo: { extra: { "src-tauri/tauri.conf.json": '{\n  "productName": "Demo Maps",\n  "version": "1.2.3"\n}\n' } },
  });
  repo.commit("fix: x", { "a.txt": "1" });
  const r = await yes(["--yes"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(s.state.releases[0]!.name, "Demo Maps v1.2.4");
  assert.match(repo.git("show", "HEAD:src-tauri/tauri.conf.json"), /"version": "1\.2\.4"/);
});

test("a pre-release is flagged and never made latest", async (t) => {
  const { repo, s, yes } = await setup(t);
  repo.commit("feat: x", { "a.txt": "1" });
  const r = await yes(["--yes", "--preid", "rc"]);
  assert.equal(r.code, 0, r.stderr);
  const rel = s.state.releases.find((x) => x.tag_name === "v1.3.0-rc.0")!;
  assert.equal(rel.prerelease, true);
  assert.notEqual(s.state.latestReleaseId, rel.id);
  assert.ok(s.requests.some((q) => q.method === "POST" && q.path === `/repos/${SLUG}/releases`));
});

test("an existing release for the tag (a hand-made draft) is updated and published, not duplicated", async (t) => {
  const { repo, s, yes } = await setup(t);
  repo.commit("fix: x", { "a.txt": "1" });
  const res = await fetch(`${s.url}/repos/${SLUG}/releases`, {
    method: "POST",
    headers: { authorization: `token ${s.token}`, "content-type": "application/json" },
    body: JSON.stringify({ tag_name: "v1.2.4", name: "draft by hand", body: "stale notes", draft: true }),
  });
  assert.equal(res.status, 201);
  const r = await yes(["--yes"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(s.state.releases.length, 1);
  const rel = s.state.releases[0]!;
  assert.equal(r.json.release.outcome, "updated");
  assert.equal(rel.draft, false);
  assert.equal(rel.body, r.json.plan.releaseNotes);
  assert.notEqual(rel.name, "draft by hand");
  assert.equal(s.state.runs.length, 3, "publishing the draft started the release workflows");
});

test("a rejected push (origin's main moved) leaves origin untouched, says how to recover, and the recovery works", async (t) => {
  const { repo, s, yes } = await setup(t);
  repo.commit("fix: x", { "a.txt": "1" });
  repo.git("push", "-q", "origin", "main");
  // Someone else pushes to main after our checks would have passed.
  const other = join(repo.dir, "..", "other");
  execFileSync("git", ["clone", "-q", repo.origin!, other]);
  gitIn(other, ["commit", "-q", "--allow-empty", "-m", "feat: theirs"]);
  // A pre-push hook in our repo lets the other push land between our checks and our push.
  const hook = join(repo.dir, ".git", "hooks", "pre-push");
  execFileSync("sh", [
    "-c",
    `printf '#!/bin/sh\\ncd "%s" && git push -q origin main >/dev/null 2>&1\\nexit 0\\n' "${other}" > "${hook}" && chmod +x "${hook}"`,
  ]);
  const before = originRefs(repo);
  const r = await yes(["--yes"]);
  execFileSync("rm", ["-f", hook]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.json.error.code, "release.push-rejected");
  assert.match(r.json.error.message, /origin's main has 1 commit\(s\)/);
  assert.match(
    r.json.error.fix,
    /Nothing was pushed[\s\S]*git tag -d v1\.2\.4[\s\S]*git reset --keep HEAD~1[\s\S]*git pull --rebase origin main[\s\S]*tsx release\.ts --yes 1\.2\.4/,
  );
  // Atomic: origin has neither our branch update nor our tag (only the other push).
  const after = originRefs(repo);
  assert.doesNotMatch(after, /refs\/tags\/v1\.2\.4/);
  assert.notEqual(after, before);
  assert.equal(repo.git("--git-dir", repo.origin!, "log", "-1", "--format=%s", "main").trim(), "feat: theirs");
  assert.equal(s.state.releases.length, 0);
  // The local commit and tag stay; a rerun is blocked with the same recovery, not "pull --rebase".
  const rerun = await yes(["--yes"]);
  assert.equal(rerun.code, 1);
  assert.match(check(rerun, "git.behind-origin").fix!, /git tag -d v1\.2\.4/);
  // Following the recovery to the letter finishes the release, with their commit in it.
  repo.git("tag", "-d", "v1.2.4");
  repo.git("reset", "--keep", "HEAD~1");
  repo.git("pull", "-q", "--rebase", "origin", "main");
  const done = await yes(["--yes", "1.3.0"]);
  assert.equal(done.code, 0, done.stderr);
  assert.equal(
    repo.git("--git-dir", repo.origin!, "rev-parse", "main").trim(),
    repo.git("rev-parse", "v1.3.0^{commit}").trim(),
  );
  assert.match(s.state.releases[0]!.body ?? "", /theirs/);
});

test("a 500 from GitHub on release creation fails after retries; the rerun finishes without pushing again", async (t) => {
  const { repo, s, yes } = await setup(t);
  repo.commit("fix: x", { "a.txt": "1" });
  // Every attempt fails: the first and both retries.
  s.failNext(3, 500, { method: "POST", path: /\/releases$/ });
  const r = await yes(["--yes"]);
  assert.equal(r.code, 1);
  assert.equal(r.json.error.code, "github.release");
  assert.match(r.json.error.message, /GitHub answered 500/);
  assert.match(r.json.error.fix, /tsx release\.ts --yes/);
  const pushed = originRefs(repo);
  assert.match(pushed, /refs\/tags\/v1\.2\.4/);
  assert.equal(s.state.releases.length, 0);
  assert.ok(s.requests.filter((q) => q.method === "POST").length >= 2, "the client retried");
  const again = await yes(["--yes"]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(stepIds(again).slice(4), [
    "tag:skipped",
    "push:skipped",
    "draft:done",
    "builds:skipped",
    "assets:skipped",
    "publish:done",
    "verify:done",
    "watch:done",
  ]);
  assert.equal(originRefs(repo), pushed);
  assert.equal(s.state.releases.length, 1);
});

test("--no-watch publishes without polling the workflow runs", async (t) => {
  const { repo, s, yes } = await setup(t);
  repo.commit("fix: x", { "a.txt": "1" });
  const r = await yes(["--yes", "--no-watch"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stepIds(r).slice(-1), ["watch:skipped"]);
  assert.equal(r.json.fanOut, undefined);
  assert.ok(!s.requests.some((q) => q.path.includes("/actions/")), "no Actions API call");
  assert.equal(s.state.releases.length, 1);
});

test("a workflow that does not start is a warning with its reason; the exit code stays 0", async (t) => {
  const { repo, yes } = await setup(t, {
    repo: { extra: { "release.config.ts": FAST_WATCH } },
    standIn: { workflows: RELEASE_WORKFLOWS.slice(0, 2) },
  });
  repo.commit("fix: x", { "a.txt": "1" });
  const r = await yes(["--yes"]);
  assert.equal(r.code, 0, r.stderr);
  const missing = r.json.fanOut.find((w: { workflow: string }) => w.workflow === "build-binaries.yml");
  assert.equal(missing.status, "missing");
  assert.match(missing.reason, /GitHub does not know \.github\/workflows\/build-binaries\.yml/);
  assert.match(r.stderr, /warning: not started: build-binaries\.yml/);
});

test("the GITHUB_TOKEN guard blocks the whole cut inside Actions before any mutation", async (t) => {
  const { repo, s, yes } = await setup(t);
  repo.commit("fix: x", { "a.txt": "1" });
  const before = fingerprint(repo);
  const origin = originRefs(repo);
  const r = await yes(["--yes"], { GH_TOKEN: undefined, GITHUB_TOKEN: s.actionsToken, GITHUB_ACTIONS: "true" });
  assert.equal(r.code, 1);
  assert.equal(r.json.blocked, true);
  assert.equal(check(r, "github.actions-token").status, "fail");
  assert.match(check(r, "github.actions-token").fix!, /starts no `release: published` workflow/);
  assert.equal(r.json.steps, undefined);
  assert.equal(fingerprint(repo), before);
  assert.equal(originRefs(repo), origin);
  assert.equal(s.state.releases.length, 0);
  assert.ok(
    !s.requests.some((q) => (q.method === "POST" && q.path !== "/graphql") || q.method === "PATCH"),
    "no write reached GitHub",
  );
});

test("--yes without a token or without a repository slug is blocked before any mutation; inspection still works", async (t) => {
  const { repo, s } = await setup(t);
  repo.commit("fix: x", { "a.txt": "1" });
  const before = fingerprint(repo);
  const noToken = {
    ...standInEnv(s),
    GH_TOKEN: undefined,
    PATH: process.env
      .PATH!.split(":")
      .filter((d) => !d.includes("gh"))
      .join(":"),
  };
  const inspect = await publishCut(repo, s, [], noToken);
  assert.equal(inspect.code, 0, inspect.stderr);
  assert.equal(check(inspect, "github.token").status, "skip");
  assert.equal(check(inspect, "github.publish").status, "warn");
  const blocked = await publishCut(repo, s, ["--yes"], noToken);
  assert.equal(blocked.code, 1);
  assert.equal(check(blocked, "github.publish").status, "fail");
  assert.match(check(blocked, "github.publish").fix!, /GH_TOKEN/);
  // No slug: origin is a local path, and neither --github-repo nor GITHUB_REPOSITORY is given.
  const noSlug = parseCut(
    await startEntry("release.ts", ["--json", "--yes", "--repo", repo.dir], {
      env: { ...standInEnv(s), ...FIXED_DATE },
    }).done,
  );
  assert.equal(noSlug.code, 1);
  assert.match(check(noSlug, "github.publish").message, /no repository slug/);
  assert.match(check(noSlug, "github.publish").fix!, /--github-repo/);
  assert.equal(fingerprint(repo), before);
  assert.equal(s.state.releases.length, 0);
});

test("the full cut runs under deno run -A too: pushed, released, fan-out watched", async (t) => {
  if (!existsSync(join(PROJECT_ROOT, "node_modules", ".bin", "deno"))) return t.skip("deno not installed");
  const { repo, s } = await setup(t);
  repo.commit("fix: x", { "a.txt": "1" });
  const r = parseCut(await startCut(repo, ["--yes"], standInEnv(s), { runtime: "deno" }).done);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stepIds(r).slice(5), [
    "push:done",
    "draft:done",
    "builds:skipped",
    "assets:skipped",
    "publish:done",
    "verify:done",
    "watch:done",
  ]);
  assert.match(originRefs(repo), /refs\/tags\/v1\.2\.4/);
  assert.equal(s.state.releases.length, 1);
  assert.equal(s.state.runs.length, 3);
});
