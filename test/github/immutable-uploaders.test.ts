/**
 * `github.immutable-releases` knows the uploaders of the release-tools catalog, one list
 * for every reader. Shapes from issue 24's round 2, written in our own words:
 *
 * - Ahuge/sept: a PyPI workflow on `release: published` also attaches the wheels with
 *   `actions/upload-release-asset`, into the release that started it (already published);
 *   the check's own, shorter list of uploaders had missed it;
 * - bojanrajkovic/unquote: release-please with a GitHub App token creates each release
 *   published with its tag; the tag starts a workflow whose GoReleaser (configured in a
 *   sub-folder, `release.mode: keep-existing`, `draft: false`) attaches its archives to
 *   that release. GoReleaser creates a release of its own as a draft until its files are in
 *   (its documentation: "all GitHub releases start as drafts while artifacts are
 *   uploaded"), so alone on a tag it is fine; it finds an existing release by tag and
 *   uploads into it (a `gh release create` before it gave erraggy/oastools 422s).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { immutableChecks } from "../../tasks/lib/github/immutable-checks.ts";
import { releaseUploads } from "../../tasks/lib/workflows/release-tools.ts";
import { makeCtx } from "../doctor/ctx.ts";
import { tempDirFor, writeFiles } from "../helpers/tmp.ts";

async function immutable(t: { after(fn: () => void): void }, files: Record<string, string>) {
  const root = tempDirFor(t);
  writeFiles(root, files);
  const ctx = makeCtx(root);
  const [r] = await runChecks(immutableChecks, { ...ctx, config: { ...ctx.config, source: "default" }, offline: true });
  return r!;
}

const WHEELS_ON_RELEASE = `on:
  release:
jobs:
  wheels:
    runs-on: ubuntu-latest
    steps:
      - run: python -m build
      - name: Attach the wheel
        uses: actions/upload-release-asset@v1
        with:
          upload_url: \${{ github.event.release.upload_url }}
          asset_path: dist/pkg.whl
          asset_name: pkg.whl
          asset_content_type: application/zip
`;

test("actions/upload-release-asset on a release event attaches to the published release that started it (Ahuge/sept)", async (t) => {
  const r = await immutable(t, { ".github/workflows/pypi.yml": WHEELS_ON_RELEASE });
  assert.equal(r.status, "warn", r.message);
  assert.match(
    r.message,
    /pypi\.yml \(job wheels, step "Attach the wheel"\): actions\/upload-release-asset attaches `asset_path` to a release that is already published: a `release` event started the workflow/,
  );
});

const PLEASE_APP = `on:
  push:
    branches: [main]
jobs:
  please:
    runs-on: ubuntu-latest
    steps:
      - id: app
        uses: actions/create-github-app-token@v2
        with:
          app-id: \${{ secrets.APP_ID }}
          private-key: \${{ secrets.APP_KEY }}
      - uses: googleapis/release-please-action@v4
        with:
          token: \${{ steps.app.outputs.token }}
`;

const TAG_BUILD = (goreleaser: string) => `on:
  push:
    tags: ["v*"]
jobs:
  cli:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${goreleaser}`;

const ACTION = `      - name: Release the CLI
        uses: goreleaser/goreleaser-action@v6
        with:
          args: release --clean
          workdir: cli
        env:
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
`;

const GORELEASER = (release: string) => `version: 2\nbuilds:\n  - main: ./main.go\nrelease:\n${release}\n`;

test("GoReleaser on the tag release-please pushes with an App token attaches to the release release-please published (bojanrajkovic/unquote)", async (t) => {
  const r = await immutable(t, {
    "release-please-config.json": JSON.stringify({ "include-component-in-tag": false, packages: { ".": {} } }),
    ".github/workflows/please.yml": PLEASE_APP,
    ".github/workflows/tag.yml": TAG_BUILD(ACTION),
    "cli/.goreleaser.yml": GORELEASER("  mode: keep-existing\n  draft: false"),
  });
  assert.equal(r.status, "warn", r.message);
  assert.match(
    r.message,
    /tag\.yml \(job cli, step "Release the CLI"\): GoReleaser attaches its artifacts .* to a release that is already published: release-please \(please\.yml\) created it published together with the tag that starts this workflow/,
  );
});

test("GoReleaser alone on a tag push makes its own release a draft until the files are in: nothing to say", async (t) => {
  const r = await immutable(t, {
    ".github/workflows/tag.yml": TAG_BUILD(ACTION),
    "cli/.goreleaser.yml": GORELEASER("  draft: false"),
  });
  assert.equal(r.status, "pass", r.message);
});

test("GoReleaser told not to upload (release.disable, skip_upload, its own draft) or run as a snapshot uploads nothing", async (t) => {
  for (const [release, args] of [
    ["  disable: true", "release --clean"],
    ["  skip_upload: true", "release --clean"],
    ["  draft: true", "release --clean"],
    ["  mode: append", "release --snapshot --clean"],
    ["  mode: append", "release --skip=publish"],
    ["  mode: append", "build --clean"],
  ] as const) {
    const r = await immutable(t, {
      ".github/workflows/please.yml": PLEASE_APP,
      ".github/workflows/tag.yml": TAG_BUILD(ACTION.replace("release --clean", args)),
      "cli/.goreleaser.yml": GORELEASER(release),
    });
    assert.equal(r.status, "pass", `${release} / ${args}: ${r.message}`);
  }
});

test("the catalog reads GoReleaser's config where `--config` names it, from the step's folder", () => {
  const files: Record<string, string> = { "tools/rel.yaml": GORELEASER("  disable: true") };
  const readFile = (p: string) => files[p];
  const step = (run: string) => ({ run, with: {}, env: {}, workingDirectory: "tools" });
  const uses = (run: string) =>
    releaseUploads(step(run), {
      env: {},
      commands: [run.split(" ")],
      startedOnlyByRelease: false,
      readFile,
    });
  assert.deepEqual(uses("goreleaser release --config rel.yaml"), [], "disabled in the named file");
  assert.equal(uses("goreleaser release")[0]?.tool, "goreleaser", "no file in tools/: GoReleaser's defaults upload");
  assert.equal(uses("goreleaser release")[0]?.whenMissing, "draft-until-uploaded");
});
