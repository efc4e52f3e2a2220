/**
 * A repository shaped for the draft-first cut: the three release workflows with the
 * triggers the generated ones have (the builds on `workflow_dispatch` only, PyPI on
 * `release: published`), a config naming two desktop and two CLI platforms and short
 * waits, and a stand-in whose simulated CI plays every run with the toolkit's own
 * upload code and the run's GITHUB_TOKEN.
 */
import { loadConfig } from "../../tasks/lib/core/config/index.ts";
import { simulatedCi, type SimulatedCi, type SimulatedCiOptions } from "../../tasks/stand-in/ci.ts";
import type { StandIn, StandInOptions } from "../../tasks/stand-in/index.ts";
import type { TempRepo } from "../helpers/gitdir.ts";
import { releaseRepo } from "./helpers.ts";
import { standInFor } from "./publish-helpers.ts";

const dispatchOnly = (name: string) =>
  `name: ${name}\non:\n  workflow_dispatch:\n    inputs:\n      tag:\n        description: release tag\n        required: true\n        type: string\njobs: {}\n`;

export const DRAFT_WORKFLOWS = [
  {
    file: "publish-pypi.yml",
    yaml: "name: Publish to PyPI\non:\n  release:\n    types: [published]\n  workflow_dispatch:\n    inputs:\n      tag:\n        required: true\n        type: string\njobs: {}\n",
  },
  { file: "build-tauri.yml", yaml: dispatchOnly("Build the desktop app") },
  { file: "build-binaries.yml", yaml: dispatchOnly("Build the CLI binaries") },
];

export const DRAFT_CONFIG = `export default {
  name: "Demo",
  versionFiles: ["pyproject.toml", "src/demo/__version__.py"],
  github: { watchSeconds: 2, pollSeconds: 0.05, buildMinutes: 0.5, buildPollSeconds: 0.05 },
  workflows: {
    cliName: "demo",
    tauriPlatforms: [
      { runner: "macos-15", target: "aarch64-apple-darwin", os: "macos", arch: "aarch64" },
      { runner: "ubuntu-22.04", target: "x86_64-unknown-linux-gnu", os: "linux", arch: "x86_64" },
    ],
    cliPlatforms: [
      { runner: "ubuntu-22.04", target: "x86_64-unknown-linux-gnu", os: "linux", arch: "x86_64" },
      { runner: "windows-2022", target: "x86_64-pc-windows-msvc", os: "windows", arch: "x86_64" },
    ],
  },
};
`;

export function draftRepo(): TempRepo {
  const extra: Record<string, string> = { "release.config.ts": DRAFT_CONFIG };
  for (const w of DRAFT_WORKFLOWS) extra[`.github/workflows/${w.file}`] = w.yaml;
  return releaseRepo({ extra });
}

/** The stand-in for a draft repository, with its simulated CI. */
export async function draftStandIn(
  repo: TempRepo,
  opts: StandInOptions & { ci?: SimulatedCiOptions } = {},
): Promise<{ s: StandIn; ci: SimulatedCi }> {
  const ci = simulatedCi(await loadConfig(repo.dir), opts.ci);
  const s = await standInFor(repo, { workflows: DRAFT_WORKFLOWS, runner: ci.runner, ...opts });
  return { s, ci };
}

/** Every asset the two platforms' builds upload, by name (what a complete release holds). */
export const COMPLETE_ASSETS = (version: string) =>
  [
    `Demo_aarch64.app.tar.gz`,
    `Demo_aarch64.app.tar.gz.sig`,
    `Demo_${version}_aarch64.dmg`,
    `Demo_${version}_amd64.AppImage`,
    `Demo_${version}_amd64.AppImage.sig`,
    "latest.json",
    "SHA256SUMS-build-tauri.txt",
    `demo-v${version}-linux-x86_64.tar.gz`,
    `demo-v${version}-windows-x86_64.zip`,
    "SHA256SUMS-build-binaries.txt",
  ].sort();
