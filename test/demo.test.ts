import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { PROJECT_ROOT } from "./helpers/run-entry.ts";

test("npm run demo: the whole contract on the sample, offline — cut, atomic push, release, fan-out, idle rerun", () => {
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
  assert.match(r.stdout, /Atlas v0\.5\.0 \(v0\.5\.0\) latest, published by/, "one stable release");
  for (const wf of ["publish-pypi.yml", "build-tauri.yml", "build-binaries.yml"])
    assert.match(r.stdout, new RegExp(`${wf.replace(".", "\\.")}\\s+release`), `${wf} started`);
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
