/**
 * How the precision bench splits a check's message into findings (one per file), since
 * its counts are the evaluation's numbers: a cited source is never a finding's file, a
 * check that lists one finding per line gives one per workflow, context lines travel
 * with each finding, and the fan-out's table is not a finding.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { findingsOf, sampleHalf } from "../../bench/precision.bench.ts";

test("a cited source with files of its own (`action.yml`) is not a finding; each later line naming a workflow is", () => {
  const message = [
    "w/ci.yml (job a): x v4 declares node20, which GitHub removed on 2026-09-23 (https://example.test/a; b, checked 2026-12-07); move (git tags and action.yml runs.using, checked 2026-12-07)",
    ".github/workflows/release.yml: y v2 declares node20",
    ".github/workflows/release.yml: z v1 declares node16",
    "The runner now runs these on node24 instead.",
  ].join("\n");
  const found = findingsOf(message);
  assert.deepEqual(
    found.map((f) => f.path),
    ["w/ci.yml", ".github/workflows/release.yml"],
  );
  assert.match(
    found[1]!.text,
    /y v2 declares node20; .*z v1 declares node16 \[The runner now runs these on node24 instead\.\]$/,
  );
});

test("a first line's parts that name no file, or the same file again, stay in the finding before them", () => {
  // workflow.action-runtime groups a workflow's actions by runtime on one line: the second group
  // names no file, and was dropped from the first workflow's finding before.
  const message = [
    ".github/workflows/ci.yml: a/x v4 (job t) declares node20, which GitHub removed on 2026-09-23; a/y v3 (job t) declares node16, which GitHub removed on 2024-06-03",
    ".github/workflows/lint.yml: a/x v4 (job l) declares node20, which GitHub removed on 2026-09-23",
    "The runner now runs these on node24 instead.",
  ].join("\n");
  const found = findingsOf(message);
  assert.deepEqual(
    found.map((f) => f.path),
    [".github/workflows/ci.yml", ".github/workflows/lint.yml"],
  );
  assert.equal(
    found[0]!.text,
    ".github/workflows/ci.yml: a/x v4 (job t) declares node20, which GitHub removed on 2026-09-23; a/y v3 (job t) declares node16, which GitHub removed on 2024-06-03 [The runner now runs these on node24 instead.]",
  );
  const twice = findingsOf("Cannot pin: a.yml (job x): b/c@v1; a.yml (job y): b/d@v2; z.yml (job q): b/e@v3");
  assert.deepEqual(twice, [
    { path: ".github/workflows/a.yml", text: "Cannot pin: a.yml (job x): b/c@v1; a.yml (job y): b/d@v2" },
    { path: ".github/workflows/z.yml", text: "z.yml (job q): b/e@v3" },
  ]);
  const lead = findingsOf("2 jobs lose their runner; x.yml (job a): macos-13");
  assert.deepEqual(lead, [
    { path: ".github/workflows/x.yml", text: "x.yml (job a): macos-13 [2 jobs lose their runner]" },
  ]);
});

test("a first line without a file is context; the fan-out table is neither a finding nor context", () => {
  const immutable = findingsOf(
    '1 step(s) upload into an already published release; they fail if the setting is on (not read: offline):\n  .github/workflows/a.yml (job j, step "s"): gh release upload',
  );
  assert.deepEqual(
    immutable.map((f) => f.path),
    [".github/workflows/a.yml"],
  );
  assert.match(immutable[0]!.text, /\[1 step\(s\) upload into an already published release; .*offline\):\]$/);
  const fan = findingsOf(
    "pypi.yml starts only on `created`: …\n  push of tag v1.2.3: bins.yml\n  release v1.2.3 published at once by a person: pypi.yml",
  );
  assert.deepEqual(fan, [{ path: ".github/workflows/pypi.yml", text: "pypi.yml starts only on `created`: …" }]);
  assert.deepEqual(
    findingsOf("Cannot vouch: RELEASE_PAT (read by build.yml) not declared").map((f) => f.path),
    [".github/workflows/build.yml"],
  );
});

test("sampleHalf() reads a half's names with their recorded commits", () => {
  const md = [
    "| acme/one | 1111111111111111111111111111111111111111 |",
    "| acme/two | 2222222222222222222222222222222222222222 |",
    "**Development half (1):**",
    "- acme/one",
    "",
    "**Held-out half (1):**",
    "",
    "- acme/two",
    "",
    "## Next",
  ].join("\n");
  assert.deepEqual(sampleHalf(md, "development"), [
    { repository: "acme/one", commit: "1111111111111111111111111111111111111111" },
  ]);
  assert.deepEqual(sampleHalf(md, "held-out"), [
    { repository: "acme/two", commit: "2222222222222222222222222222222222222222" },
  ]);
});
