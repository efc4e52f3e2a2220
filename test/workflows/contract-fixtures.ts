/**
 * Workflow files for the contract tests and the bench: a healthy set where the
 * published release fans out, and the broken set from the retrospective (binaries
 * workflow creating the release on a tag push, another polling for it, a tag filter
 * that misses, a script that is gone, an undeclared secret).
 */
import dedent from "dedent";

export const GOOD_WORKFLOWS: Record<string, string> = {
  ".github/workflows/ci.yml": dedent`
    name: CI
    on:
      push:
        branches: [main]
      pull_request:
    jobs:
      test:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - run: bash scripts/test.sh --fast
  `,
  ".github/workflows/publish-pypi.yml": dedent`
    name: Publish to PyPI
    on:
      release:
        types: [published]
    jobs:
      publish:
        runs-on: ubuntu-latest
        environment: pypi
        permissions:
          id-token: write
        steps:
          - uses: actions/checkout@v4
          - run: uv build
          - uses: pypa/gh-action-pypi-publish@release/v1
  `,
  ".github/workflows/build-tauri.yml": dedent`
    name: Build desktop app
    on:
      release:
        types: [published]
    jobs:
      build:
        runs-on: macos-14
        steps:
          - uses: actions/checkout@v4
          - run: pyinstaller sidecar.spec
          - run: npx tsx tasks/finalize-macos.ts --app src-tauri/target/release/bundle/macos --release-tag "\${{ github.event.release.tag_name }}"
            env:
              APPLE_CERTIFICATE: \${{ secrets.APPLE_CERTIFICATE }}
              APPLE_CERTIFICATE_PASSWORD: \${{ secrets.APPLE_CERTIFICATE_PASSWORD }}
              TAURI_SIGNING_PRIVATE_KEY: \${{ secrets.TAURI_SIGNING_PRIVATE_KEY }}
  `,
  ".github/workflows/build-binaries.yml": dedent`
    name: Build CLI binaries
    on:
      release:
        types: [published]
    jobs:
      build:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - run: pyinstaller cli.spec
          - run: gh release upload "\${{ github.event.release.tag_name }}" dist/atlas.tar.gz
            env:
              GH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
  `,
  "scripts/test.sh": "#!/bin/sh\nexit 0\n",
  "sidecar.spec": "# spec\n",
  "cli.spec": "# spec\n",
  "tasks/finalize-macos.ts": "// entry\n",
};

export const GOOD_SECRETS = {
  repository: ["APPLE_CERTIFICATE", "APPLE_CERTIFICATE_PASSWORD", "TAURI_SIGNING_PRIVATE_KEY"],
};

/** The broken contract: every workflow failure of the retrospective at once. */
export const BROKEN_WORKFLOWS: Record<string, string> = {
  ...GOOD_WORKFLOWS,
  ".github/workflows/build-binaries.yml": dedent`
    name: Build CLI binaries
    on:
      push:
        tags: ["release-*"]
    jobs:
      build:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - run: ./scripts/build/publish.sh
          - name: Create release
            uses: softprops/action-gh-release@v2
            with:
              files: dist/*
              token: \${{ secrets.RELEASE_PAT }}
  `,
  ".github/workflows/build-tauri.yml": dedent`
    name: Build desktop app
    on:
      push:
        tags: ["v*"]
    jobs:
      build:
        runs-on: macos-14
        steps:
          - uses: actions/checkout@v4
          - name: Wait for the release
            run: |
              until gh release view "$GITHUB_REF_NAME"; do
                sleep 30
              done
          - run: pyinstaller sidecar.spec
  `,
};
