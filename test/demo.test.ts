import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { PROJECT_ROOT } from "./helpers/run-entry.ts";

test("npm run demo: the whole contract on the sample, offline, immutable releases on — cut, push, draft, builds, publication, fan-out, refusal, idle rerun", () => {
  const env = {
    ...process.env,
    NO_COLOR: "1",
    GH_TOKEN: "",
    GITHUB_TOKEN: "",
    GITHUB_ACTIONS: "",
    GITHUB_REPOSITORY: "",
  };
  const r = spawnSync(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), [join(PROJECT_ROOT, "examples", "demo.ts")], {
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const all = r.stdout + r.stderr;
  assert.equal(r.status, 0, all.slice(-3000));
  assert.match(r.stdout, /refs\/tags\/v0\.5\.0/, "the tag reached origin");
  assert.match(r.stdout, /Atlas v0\.5\.0 \(v0\.5\.0\) latest immutable, published by/, "one stable immutable release");
  for (const a of [
    "latest.json",
    "atlas-v0.5.0-windows-x86_64.zip",
    "SHA256SUMS-build-tauri.txt",
    "Atlas_0.5.0_aarch64.dmg",
  ])
    assert.match(r.stdout, new RegExp(`^  ${a.replace(/\./g, "\\.")}$`, "m"), `${a} on the release`);
  // The builds ran against the draft; PyPI only from the publication, with everything there.
  assert.match(r.stdout, /build-tauri\.yml\s+workflow_dispatch saw the release as a draft/);
  assert.match(r.stdout, /build-binaries\.yml\s+workflow_dispatch saw the release as a draft/);
  assert.match(r.stdout, /publish-pypi\.yml\s+release\s+saw the release as published with 16 asset\(s\)/);
  assert.match(r.stderr, /verified: published; immutable; 14\/14 digest\(s\) match the recorded checksums/);
  assert.match(
    r.stderr,
    /error \[release\.immutable\] Cannot upload to v0\.5\.0: the release is published and immutable/,
  );
  assert.match(r.stdout, /exit 0; releases on the stand-in: 1/, "the rerun created nothing");
  // the sample's file only ever had `### Fixed`: its two features and its perf change are listed all the same,
  // under Keep a Changelog's headings, and nothing is left out
  const section = /^## \[0\.5\.0\] - .*\n\n([\s\S]*?)\n\nGitHub release notes/m.exec(all)?.[1] ?? "";
  assert.match(
    section,
    /### Added\n\n- \*\*map:\*\* cluster field plots at low zoom levels \(\w+\)\n- export a plot list as CSV/,
  );
  assert.match(section, /### Changed\n\n- \*\*import:\*\* stream CSV files instead of loading them whole/);
  assert.match(section, /### Fixed\n/);
  assert.doesNotMatch(all, /left out/);
});
