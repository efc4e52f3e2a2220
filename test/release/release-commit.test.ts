/**
 * The release commit a real project makes: extra release files (files, folders, globs),
 * real pre-commit hooks that rewrite and add files, lockfile refreshes with the options
 * their tools want, and Niamoto's whole release commit and preflight from config.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { test, type TestContext } from "node:test";
import { tempDirFor } from "../helpers/tmp.ts";
import { runEntry } from "../helpers/run-entry.ts";
import { check, fingerprint, releaseRepo } from "./helpers.ts";
import { installPreCommit, MANIFEST_HOOK, REQUIREMENTS_HOOK } from "./hook-fixtures.ts";
import { fakeTools, NIAMOTO_RELEASE_COMMIT, niamotoFiles } from "./niamoto-fixture.ts";
import { publishCut, standInFor } from "./publish-helpers.ts";

async function setup(t: TestContext, opts?: Parameters<typeof releaseRepo>[0]) {
  const repo = releaseRepo(opts);
  t.after(repo.cleanup);
  const s = await standInFor(repo);
  t.after(() => s.close());
  return {
    repo,
    s,
    yes: (args: string[], env: Record<string, string | undefined> = {}) => publishCut(repo, s, args, env),
  };
}

const committed = (repo: { git(...a: string[]): string }) =>
  repo.git("show", "--format=", "--name-only", "HEAD").trim().split("\n");

test("Niamoto's release from config: the 16 files of its release commit, hooks, lockfile options, the whole preflight", async (t) => {
  const files = niamotoFiles();
  const { repo, yes } = await setup(t, { version: "0.20.4", extra: files });
  repo.commit("fix: switch feedback to local reports", { "a.txt": "1" });
  installPreCommit(repo.dir, REQUIREMENTS_HOOK, MANIFEST_HOOK);
  const bin = join(tempDirFor(t, "rc-tools-"), "bin");
  fakeTools(bin);
  const toolLog = join(bin, "..", "calls.log");
  writeFileSync(toolLog, "");
  const env = { PATH: `${bin}${delimiter}${process.env.PATH}`, TOOL_LOG: toolLog };

  // Inspection: what would run and be staged, and nothing runs.
  const dry = await yes(["--yes", "--dry-run"], env);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(readFileSync(toolLog, "utf8"), "", "the dry run ran no tool");
  assert.deepEqual(
    dry.json.plan.lockfiles.map((l: { command: string[]; cwd: string }) => `${l.command.join(" ")} @ ${l.cwd}`),
    [
      "uv lock --exclude-newer 2026-05-30T12:42:52.571368Z --exclude-newer-package rasterio=2026-06-01T00:00:00Z @ .",
      "cargo update --workspace --offline @ src-tauri",
    ],
  );
  assert.deepEqual(
    dry.json.plan.preflight.map((p: { id: string; cwd: string; blocking: boolean; runsHere: boolean }) =>
      [p.id, p.cwd, p.blocking ? "blocking" : "warns", p.runsHere ? "here" : "elsewhere"].join(" "),
    ),
    [
      "pytest . blocking here",
      "ruff . blocking here",
      "help . blocking here",
      "ui-install src/niamoto/gui/ui blocking here",
      "ui-build src/niamoto/gui/ui blocking here",
      "cargo-audit src-tauri blocking here",
      `desktop-build . warns ${process.platform === "darwin" ? "here" : "elsewhere"}`,
    ],
  );
  assert.match(
    check(dry, "preflight.ui-install").message,
    /would run with --yes: pnpm install --frozen-lockfile \(in src\/niamoto\/gui\/ui\)/,
  );

  const r = await yes(["--yes"], env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(committed(repo), NIAMOTO_RELEASE_COMMIT);
  assert.equal(repo.git("status", "--porcelain"), "");
  assert.equal(repo.git("rev-list", "--count", "v0.20.4..HEAD").trim(), "2", "one release commit on top of the fix");
  // The hooks' rewrites and the help pack's new page are in it; the lockfiles carry the new version.
  assert.match(repo.git("show", "HEAD:requirements.txt"), /0\.20\.5/);
  assert.match(repo.git("show", "HEAD:dev-requirements.txt"), /0\.20\.5/);
  assert.match(repo.git("show", "HEAD:.marketing/plugins.json"), /"version": "0\.20\.5"/);
  assert.match(repo.git("show", "HEAD:uv.lock"), /name = "niamoto"\nversion = "0\.20\.5"/);
  assert.match(repo.git("show", "HEAD:src-tauri/Cargo.lock"), /name = "app"\nversion = "0\.20\.5"/);
  // Each tool was called as configured, in its folder; the macOS build only on macOS.
  const calls = readFileSync(toolLog, "utf8").replaceAll(repo.dir, "<repo>").trim().split("\n");
  assert.deepEqual(calls, [
    "uv run --frozen pytest tests/ -x -q --tb=short @ <repo>",
    "uvx ruff check src/ @ <repo>",
    "pnpm install --frozen-lockfile @ <repo>/src/niamoto/gui/ui",
    "pnpm run build @ <repo>/src/niamoto/gui/ui",
    "cargo audit @ <repo>/src-tauri",
    "uv lock --exclude-newer 2026-05-30T12:42:52.571368Z --exclude-newer-package rasterio=2026-06-01T00:00:00Z @ <repo>",
    "cargo update --workspace --offline @ <repo>/src-tauri",
  ]);
  const desktop = check(r, "preflight.desktop-build");
  if (process.platform !== "darwin") assert.match(desktop.message, /only on macos/);
});

test("a hook that rewrites a release file and always refuses: the error, and every file restored, truly", async (t) => {
  const { repo, yes } = await setup(t, {
    extra: {
      "release.config.ts":
        'export default { name: "demo", versionFiles: ["pyproject.toml", "src/demo/__version__.py"], releaseFiles: [".marketing/plugins.json"] };\n',
      ".marketing/plugins.json": '{\n  "version": "1.2.3",\n  "plugins": ["csv_loader", "top_ranking"]\n}\n',
    },
  });
  repo.commit("fix: x", { "a.txt": "1" });
  // Rewrites plugins.json (as Niamoto's manifest hook does), then refuses whatever happens (a linter failing).
  installPreCommit(repo.dir, MANIFEST_HOOK.replace(/exit 1/g, ":"), 'echo "lint: 3 problems" >&2\nexit 1');
  const before = fingerprint(repo);
  const r = await yes(["--yes"]);
  assert.equal(r.code, 1);
  assert.equal(r.json.error.code, "release.commit-failed");
  assert.match(r.json.error.message, /lint: 3 problems/);
  assert.match(r.json.error.message, /Rolled back: restored the state before the cut \(verified byte for byte/);
  assert.match(r.json.error.message, /\.marketing\/plugins\.json/);
  assert.equal(fingerprint(repo), before);
  assert.equal(existsSync(join(repo.dir, ".git", "release-cut.json")), false);
  // Nothing blocks the rerun: the tree is clean (no git.dirty), and once the hook is fixed the cut goes through.
  installPreCommit(repo.dir, MANIFEST_HOOK);
  const again = await yes(["--yes"]);
  assert.equal(again.code, 0, again.stderr);
  assert.ok(committed(repo).includes(".marketing/plugins.json"));
});

test("a hook that adds a new file in a release folder: restaged on retry, the file is in the release commit", async (t) => {
  const { repo, yes } = await setup(t, {
    extra: {
      "release.config.ts":
        'export default { name: "demo", versionFiles: ["pyproject.toml"], releaseFiles: ["docs/api"] };\n',
      "docs/api/index.json": "{}\n",
    },
  });
  repo.commit("fix: x", { "a.txt": "1" });
  installPreCommit(
    repo.dir,
    'if [ ! -f docs/api/changes.json ]; then echo "{}" > docs/api/changes.json; echo "api docs regenerated" >&2; exit 1; fi',
  );
  const r = await yes(["--yes"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(committed(repo), ["CHANGELOG.md", "docs/api/changes.json", "pyproject.toml"]);
  assert.equal(repo.git("status", "--porcelain"), "");
});

test("a hook that changes a file outside the release files: refused by name, everything restored (the new file removed)", async (t) => {
  const { repo, yes } = await setup(t);
  repo.commit("fix: x", { "a.txt": "1" });
  installPreCommit(repo.dir, "mkdir -p build && echo stale > build/notes.txt && echo touched > a.txt");
  const before = fingerprint(repo);
  const r = await yes(["--yes"]);
  assert.equal(r.code, 1);
  assert.equal(r.json.error.code, "release.hook-outside");
  assert.match(r.json.error.message, /a\.txt, build\/notes\.txt/);
  assert.match(r.json.error.message, /the release commit removed/);
  assert.equal(fingerprint(repo), before);
  assert.equal(existsSync(join(repo.dir, "build")), false);
});

test("releaseFiles: globs stage what matches; missing paths, empty globs and a folder given as a lockfile are errors naming them", async (t) => {
  const { repo, yes } = await setup(t, {
    extra: {
      "release.config.ts":
        'export default { name: "demo", versionFiles: ["pyproject.toml"], releaseFiles: ["schemas/*.json"], preflight: [{ id: "gen", command: "for f in schemas/*.json; do echo regenerated > $f; done; echo no > schemas/notes.txt" }] };\n',
      "schemas/a.json": "{}\n",
      "schemas/b.json": "{}\n",
      ".gitignore": "schemas/notes.txt\n",
    },
  });
  repo.commit("fix: x", { "a.txt": "1" });
  const r = await yes(["--yes"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(committed(repo), ["CHANGELOG.md", "pyproject.toml", "schemas/a.json", "schemas/b.json"]);

  const bad = releaseRepo({
    extra: {
      "release.config.ts":
        'export default { name: "demo", versionFiles: ["pyproject.toml"], releaseFiles: ["help/manifest.json", "gen/*.json", "src"] };\n',
    },
  });
  t.after(bad.cleanup);
  const before = fingerprint(bad);
  const e = runEntry("release.ts", ["--repo", bad.dir, "--yes"]);
  assert.equal(e.code, 1);
  assert.match(
    e.stderr,
    /releaseFiles names paths that do not exist or match nothing: help\/manifest\.json, gen\/\*\.json/,
  );
  assert.equal(fingerprint(bad), before);

  // A folder listed as a lockfile used to crash with EISDIR; now it is a config error that says where it goes.
  bad.commit("chore: config", {
    "release.config.ts":
      'export default { name: "demo", versionFiles: ["pyproject.toml"], lockfiles: [{ path: "help", command: ["true"] }] };\n',
    "help/x.json": "{}\n",
  });
  const dir = runEntry("release.ts", ["--repo", bad.dir]);
  assert.equal(dir.code, 1);
  assert.match(dir.stderr, /lockfiles names a directory: help[\s\S]*releaseFiles/);
});

test("a lockfile command as a shell string runs in a shell (cd works, tools.missing does not look for `cd`), in its cwd", async (t) => {
  const config =
    'export default { name: "demo", versionFiles: ["pyproject.toml"], lockfiles: [{ path: "sub/demo.lock", command: "cd sub && grep -m1 ^version ../pyproject.toml > demo.lock" }, { path: "other/x.lock", command: ["sh", "-c", "pwd > x.lock"], cwd: "other" }] };\n';
  const { repo, yes } = await setup(t, {
    extra: { "release.config.ts": config, "sub/demo.lock": 'version = "1.2.3"\n', "other/x.lock": "-\n" },
  });
  repo.commit("fix: x", { "a.txt": "1" });
  const r = await yes(["--yes"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(check(r, "tools.missing").message, /found git, sh/);
  assert.equal(repo.git("show", "HEAD:sub/demo.lock"), 'version = "1.2.4"\n');
  assert.match(repo.git("show", "HEAD:other/x.lock"), /\/other\n$/);
});

test("preflight with --yes: progress and output tail; blocking: false warns and the cut goes on; a failure restores what it wrote", async (t) => {
  const config = (blocking: boolean) =>
    `export default { name: "demo", versionFiles: ["pyproject.toml"], preflight: [{ id: "build", title: "build the docs", command: "echo built > README.md; echo step 1; echo step 2; echo 2 warnings >&2; exit 4", blocking: ${blocking} }] };\n`;
  const { repo, yes } = await setup(t, { extra: { "release.config.ts": config(true), "README.md": "hello\n" } });
  repo.commit("fix: x", { "a.txt": "1" });
  const before = fingerprint(repo);
  const r = await yes(["--yes"]);
  assert.equal(r.code, 1);
  const c = check(r, "preflight.build");
  assert.equal(c.status, "fail");
  assert.match(c.message, /exited 4\nstep 1\nstep 2\n2 warnings/);
  assert.match(r.stderr, /→ build the docs\n {4}step 1\n {4}step 2\n {4}2 warnings/);
  // The command rewrote README.md before failing: restored, and said so only because it is true.
  assert.match(r.stderr, /rolled back: restored the state before the cut \(verified byte for byte[^\n]*README\.md/);
  assert.equal(fingerprint(repo), before);

  repo.commit("chore: non-blocking build", { "release.config.ts": config(false) });
  installPreCommit(repo.dir); // no hook
  // The config changed under the same path: the cut reads the new text (core/fresh-import.ts), in process too.
  const w = await yes(["--yes"]);
  assert.equal(w.code, 1, "README.md was changed by the preflight and is not a release file");
  assert.equal(check(w, "preflight.build").status, "warn");
  assert.equal(w.json.error.code, "release.hook-outside");
  repo.commit("chore: build is quiet", {
    "release.config.ts": config(false).replace("echo built > README.md; ", ""),
  });
  const ok = await yes(["--yes"]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(check(ok, "preflight.build").status, "warn");
  assert.match(check(ok, "preflight.build").message, /non-blocking, the cut goes on/);
});

test("cargo --offline for real: the default refresh of a Cargo.lock runs in its folder without the network", async (t) => {
  const { execFileSync } = await import("node:child_process");
  let cargo = true;
  try {
    execFileSync("cargo", ["--version"], { stdio: "ignore" });
  } catch {
    cargo = false;
  }
  if (!cargo) return t.skip("cargo is not installed (.ci/run installs it)");
  const { repo, yes } = await setup(t, {
    extra: {
      "release.config.ts":
        'export default { name: "demo", versionFiles: ["pyproject.toml", "app/Cargo.toml"], lockfiles: [{ path: "app/Cargo.lock" }] };\n',
      "app/Cargo.toml": '[package]\nname = "app"\nversion = "1.2.3"\nedition = "2021"\n\n[dependencies]\n',
      "app/src/main.rs": "fn main() {}\n",
      "app/Cargo.lock":
        '# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n\n[[package]]\nname = "app"\nversion = "1.2.3"\n',
      ".gitignore": "target/\n",
    },
  });
  repo.commit("fix: x", { "a.txt": "1" });
  // Real cargo, with any network use sent to a closed port; the argv assertion below is what pins --offline.
  const r = await yes(["--yes"], {
    CARGO_NET_OFFLINE: undefined,
    CARGO_HTTP_PROXY: "http://127.0.0.1:9",
    HTTPS_PROXY: "http://127.0.0.1:9",
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.json.plan.lockfiles[0].command, ["cargo", "update", "--workspace", "--offline"]);
  assert.match(repo.git("show", "HEAD:app/Cargo.lock"), /name = "app"\nversion = "1\.2\.4"/);
});
