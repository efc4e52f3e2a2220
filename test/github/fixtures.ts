/** Workflow files the GitHub tests serve: three that a published release starts, two it must not. */
export const RELEASE_WORKFLOWS = [
  { file: "publish-pypi.yml", yaml: "name: Publish to PyPI\non:\n  release:\n    types: [published]\njobs: {}\n" },
  {
    file: "build-tauri.yml",
    yaml: "name: Build desktop app\non:\n  release:\n    types:\n      - published\n  workflow_dispatch: {}\njobs: {}\n",
  },
  { file: "build-binaries.yml", yaml: "on: [release, push]\njobs: {}\n" },
];

export const OTHER_WORKFLOWS = [
  { file: "ci.yml", yaml: "name: CI\non: push\njobs: {}\n" },
  // Listens to releases, but not to their publication. (`created` would start too: GitHub
  // emits it with `published` when a release is created already published.)
  { file: "announce.yml", yaml: "on:\n  release:\n    types: [deleted]\njobs: {}\n" },
];

export const ALL_WORKFLOWS = [...RELEASE_WORKFLOWS, ...OTHER_WORKFLOWS];
