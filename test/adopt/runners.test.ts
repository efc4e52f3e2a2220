/**
 * Adoption's reading of runner labels: the release workflow's matrix (not CI's), the
 * matrix's own keys never taken for Rust targets, retired labels replaced by
 * supported ones of the same OS and architecture, and the replacement said in the
 * output and in release.config.ts.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { workflowFacts } from "../../tasks/lib/adopt/workflow-facts.ts";
import { adoptMain } from "../../tasks/lib/commands/adopt.ts";
import { entryEnv, runInProcess } from "../helpers/in-process.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";
import { FIELDNOTES, FIELDNOTES_TAGS } from "./fixtures.ts";
import { fixtureRepo } from "./helpers.ts";

const TODAY = new Date("2026-12-07T12:00:00Z");
const facts = (files: Record<string, string>, now = TODAY) =>
  workflowFacts(
    Object.entries(files).map(([path, text]) => ({ path: `.github/workflows/${path}`, text })),
    now,
  );
const legs = (p: { runner: string; target: string }[] | undefined) => p?.map((x) => `${x.runner} ${x.target}`);

const TAURI_STEP = "      - run: npx tauri build --ci";

/**
 * A release workflow whose matrix names its own keys: a `platform` label per leg
 * (`macos-arm`, `macos-intel`) and the runner under `runner`, as several Tauri apps
 * with a Python sidecar write theirs; the Intel leg still on the retired macos-13.
 */
const OWN_KEYS = [
  "name: Release",
  "on:",
  "  push:",
  "    tags: ['v*']",
  "jobs:",
  "  bundle:",
  "    strategy:",
  "      matrix:",
  "        include:",
  "          - platform: macos-arm",
  "            runner: macos-14",
  "          - platform: macos-intel",
  "            runner: macos-13",
  "          - platform: linux",
  "            runner: ubuntu-22.04",
  "    runs-on: ${{ matrix.runner }}",
  "    steps:",
  TAURI_STEP,
  "",
].join("\n");

test("a matrix with its own keys keeps both macOS builds, each on the supported label of its architecture", () => {
  const f = facts({ "release.yml": OWN_KEYS });
  assert.deepEqual(legs(f.tauriPlatforms?.value), [
    "macos-26 aarch64-apple-darwin",
    "macos-26-intel x86_64-apple-darwin",
    "ubuntu-22.04 x86_64-unknown-linux-gnu",
  ]);
  assert.deepEqual(
    f.runnerChanges.map((c) => `${c.from} → ${c.to}: ${c.why}`),
    ["macos-14 → macos-26: retired on 2026-11-02", "macos-13 → macos-26-intel: retired on 2025-12-04"],
  );
  assert.match(f.runnerChanges[0]!.source, /runner-images\/issues\/13518, checked 2026-12-07/);
  assert.equal(f.runnerChanges[0]!.where, ".github/workflows/release.yml (job bundle)");
});

test("a custom label under a key named target is not a Rust target: the triple comes from --target or the runner", () => {
  const f = facts({
    "release.yml": OWN_KEYS.replace("          - platform: macos-arm", "          - target: macos-arm")
      .replace(
        "          - platform: macos-intel\n            runner: macos-13",
        "          - target: macos-intel\n            runner: macos-26\n            args: --target x86_64-apple-darwin",
      )
      .replace("          - platform: linux", "          - target: linux"),
  });
  assert.deepEqual(legs(f.tauriPlatforms?.value), [
    "macos-26 aarch64-apple-darwin",
    "macos-26 x86_64-apple-darwin",
    "ubuntu-22.04 x86_64-unknown-linux-gnu",
  ]);
});

test("the platforms come from the workflow that builds the release, not from CI that builds the app for tests", () => {
  const ci = [
    "name: App CI",
    "on: [push, pull_request]",
    "jobs:",
    "  app:",
    "    strategy:",
    "      matrix:",
    "        os: [ubuntu-24.04]",
    "    runs-on: ${{ matrix.os }}",
    "    steps:",
    TAURI_STEP,
    "",
  ].join("\n");
  // "app-ci.yml" sorts before "release.yml": the order of files must not decide.
  const f = facts({ "app-ci.yml": ci, "release.yml": OWN_KEYS });
  assert.equal(f.tauriPlatforms?.source, ".github/workflows/release.yml (job bundle)");
  assert.equal(facts({ "app-ci.yml": ci }).tauriPlatforms, undefined, "CI alone: the defaults, asked");
});

test("a label in its deprecation window is replaced as well; a supported one is kept as written", () => {
  const summer = facts({ "release.yml": OWN_KEYS }, new Date("2026-08-01T12:00:00Z"));
  assert.deepEqual(
    summer.runnerChanges.map((c) => `${c.from}: ${c.why}`),
    ["macos-14: deprecated since 2026-07-06, retired on 2026-11-02", "macos-13: retired on 2025-12-04"],
  );
  const current = facts({
    "release.yml": OWN_KEYS.replace("macos-14", "macos-15").replace("macos-13", "macos-26-intel"),
  });
  assert.deepEqual(current.runnerChanges, []);
  assert.deepEqual(legs(current.tauriPlatforms?.value)?.slice(0, 2), [
    "macos-15 aarch64-apple-darwin",
    "macos-26-intel x86_64-apple-darwin",
  ]);
});

test("adopting a Niamoto-shaped repository renders supported runners and says which labels it replaced", async (t) => {
  // Fieldnotes reproduces Niamoto's workflows (niamoto/niamoto at 2e34f09): macos-14 in the app and CLI matrices.
  const repo = fixtureRepo(FIELDNOTES, {
    tags: FIELDNOTES_TAGS,
    origin: "https://github.com/example-org/fieldnotes.git",
  });
  t.after(() => repo.cleanup());
  const env = entryEnv({ GH_TOKEN: "", GITHUB_TOKEN: "", GITHUB_ACTIONS: "", CI: "", GITHUB_REPOSITORY: "" });
  const r = await runInProcess(
    () => adoptMain(["--repo", repo.dir, "--toolkit-dir", "tools/release", "--replace"], { env, cwd: PROJECT_ROOT }),
    { processEnv: env },
  );
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /Runner labels replaced \(GitHub no longer runs them\):\n/);
  for (const file of ["build-tauri.yml", "build-binaries.yml"])
    assert.match(
      r.stdout,
      new RegExp(
        `  - macos-14 → macos-26: macos-14 retired on 2026-11-02 \\(https://github\\.com/actions/runner-images/issues/13518, checked 2026-12-07\\); read in \\.github/workflows/${file.replace(".", "\\.")} \\(job build\\)`,
      ),
    );
  const config = readFileSync(join(repo.dir, "release.config.ts"), "utf8");
  assert.match(
    config,
    /build-tauri\.yml \(job build\) matrix, retired runners replaced: macos-14 → macos-26 \(macos-14 retired on 2026-11-02\)/,
  );
  for (const file of ["build-tauri.yml", "build-binaries.yml"]) {
    const text = readFileSync(join(repo.dir, ".github/workflows", file), "utf8");
    assert.doesNotMatch(text, /macos-14/, file);
    assert.match(text, /runner: macos-26/, file);
  }
  // The doctor adoption runs reports nothing retired in what it wrote.
  assert.doesNotMatch(r.stdout, /workflow\.runner-retired/);
});

test("invariant, over every known label and several matrix shapes: one leg per row, same OS and architecture, nothing GitHub retired", async () => {
  const { RUNNER_IMAGES, labelStatus, runnerLabel } = await import("../../tasks/lib/core/platform/runners.ts");
  const labels = Object.values(RUNNER_IMAGES).flatMap((f) => [...f.value.labels, ...(f.value.larger ?? [])]);
  const shapes = [
    // the runner under its own key, beside custom labels that must not be read as targets
    (key: string, l: string, i: number) =>
      `          - ${key}: ${l}\n            platform: custom-${i}\n            target: leg-${i}\n`,
    (key: string, l: string, i: number) => `          - ${key}: ${l}\n            name: Build ${i} (${l})\n`,
  ];
  for (const key of ["runner", "os", "host"])
    for (const shape of shapes) {
      const rows = labels.map((l, i) => shape(key, l, i)).join("");
      const text = `on:\n  release:\n    types: [published]\njobs:\n  app:\n    strategy:\n      matrix:\n        include:\n${rows}    runs-on: \${{ matrix.${key} }}\n    steps:\n${TAURI_STEP}\n`;
      const got = facts({ "release.yml": text }).tauriPlatforms?.value ?? [];
      assert.equal(got.length, labels.length, `${key}: one leg per row`);
      got.forEach((p, i) => {
        const before = runnerLabel(labels[i]!)!.image.value;
        const after = runnerLabel(p.runner)!.image.value;
        assert.deepEqual([after.os, after.arch], [before.os, before.arch], `${labels[i]} → ${p.runner}`);
        assert.equal(
          p.arch,
          before.arch === "arm64" ? "aarch64" : "x86_64",
          `${labels[i]} builds its own architecture`,
        );
        assert.ok(!["retired", "deprecated"].includes(labelStatus(p.runner, TODAY).kind), `${p.runner} is supported`);
      });
    }
});
