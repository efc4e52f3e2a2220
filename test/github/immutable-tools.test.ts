/**
 * `github.immutable-releases` with the repository's own release tool: an upload is into
 * a published release when a tool made the release public before the step runs. Shapes
 * written in our own words from what the sample's development half and public fixes show:
 *
 * - release-please with an App token creates the release and its tag in one call; the
 *   tag's push starts a workflow that attaches a file with softprops/action-gh-release
 *   (bluecadet/unity-packages): into a published release, and the reason says who made it;
 * - the same workflow cuts the release with release-please in one job and runs
 *   `gh release upload` in a job that needs it: into a published release (a miss before);
 * - release-please configured with `"draft": true` leaves a draft to attach to (the fix
 *   ccatterina/plasmusic-toolbar#334 made for immutable releases): nothing to say;
 * - release-please with GITHUB_TOKEN: its tag starts no workflow, so the tag workflow's
 *   upload never runs at a release; semantic-release pushes its tag before it creates the
 *   release, so a tag workflow races it: neither is claimed;
 * - ncipollo/release-action creates a new release as a draft and publishes it after its
 *   artifacts (its issue #540), so on a tag push it is safe; with `allowUpdates` in a
 *   workflow the published release starts, it uploads into that release (tw93/Pake's
 *   builds attach to a release an earlier job published, through a called workflow).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { immutableChecks } from "../../tasks/lib/github/immutable-checks.ts";
import { upstreamJobs } from "../../tasks/lib/workflows/published-before.ts";
import { parseWorkflow } from "../../tasks/lib/workflows/read.ts";
import { makeCtx } from "../doctor/ctx.ts";
import { tempDirFor, writeFiles } from "../helpers/tmp.ts";

const CONFIG = (draft: boolean) =>
  JSON.stringify({
    "include-component-in-tag": true,
    "include-v-in-tag": false,
    "tag-separator": "@",
    ...(draft ? { draft: true } : {}),
    packages: { "pkgs/org.acme.widget": { component: "org.acme.widget" } },
  });

const PLEASE = (token: string) => `on:
  push:
    branches: [main]
permissions:
  contents: write
jobs:
  please:
    runs-on: ubuntu-latest
    steps:
      - uses: googleapis/release-please-action@v4
        with:
          token: ${token}
`;

const ATTACH = `on:
  push:
    tags: ["org.acme.*@*"]
permissions:
  contents: write
jobs:
  attach:
    runs-on: ubuntu-latest
    steps:
      - run: make pack
      - name: Attach the package
        uses: softprops/action-gh-release@v2
        with:
          files: dist/*.tgz
`;

async function immutable(t: { after(fn: () => void): void }, files: Record<string, string>) {
  const root = tempDirFor(t);
  writeFiles(root, files);
  const ctx = makeCtx(root);
  const zero = { ...ctx, config: { ...ctx.config, source: "default" }, offline: true };
  const [r] = await runChecks(immutableChecks, zero);
  return r!;
}

test("a tag workflow attaching to the release release-please made with an App token: published, and the message says by whom", async (t) => {
  const r = await immutable(t, {
    "release-please-config.json": CONFIG(false),
    ".github/workflows/please.yml": PLEASE("${{ steps.app.outputs.token }}"),
    ".github/workflows/attach.yml": ATTACH,
  });
  assert.equal(r.status, "warn");
  assert.match(
    r.message,
    /attach\.yml \(job attach, step "Attach the package"\): softprops\/action-gh-release attaches `files` to a release that is already published: release-please \(please\.yml\) created it published together with the tag that starts this workflow/,
  );
  assert.doesNotMatch(r.message, /it creates published/, "the action does not create this release");
});

test("`gh release upload` in a job that needs the job where release-please made the release: published (found now)", async (t) => {
  const r = await immutable(t, {
    ".github/workflows/release.yml": `on:
  push:
    branches: [main]
jobs:
  please:
    runs-on: ubuntu-latest
    outputs:
      tag: \${{ steps.rp.outputs.tag_name }}
    steps:
      - id: rp
        uses: googleapis/release-please-action@v4
  binaries:
    needs: [please]
    runs-on: ubuntu-latest
    steps:
      - run: gh release upload "$TAG" dist/app.tar.gz
        env:
          TAG: \${{ needs.please.outputs.tag }}
          GH_TOKEN: \${{ github.token }}
`,
  });
  assert.equal(r.status, "warn");
  assert.match(
    r.message,
    /release\.yml \(job binaries, step "step 1"\): `gh release upload` attaches files to a release that is already published: release-please \(job please of this workflow\) created it published before this step/,
  );
});

test("release-please configured for drafts, with GITHUB_TOKEN, or semantic-release racing its tag: nothing is claimed", async (t) => {
  const drafts = await immutable(t, {
    "release-please-config.json": CONFIG(true),
    ".github/workflows/please.yml": PLEASE("${{ steps.app.outputs.token }}"),
    ".github/workflows/attach.yml": ATTACH.replace("files: dist/*.tgz", "files: dist/*.tgz\n          draft: true"),
  });
  assert.equal(drafts.status, "pass", drafts.message);
  const ghToken = await immutable(t, {
    "release-please-config.json": CONFIG(false),
    ".github/workflows/please.yml": PLEASE("${{ secrets.GITHUB_TOKEN }}"),
    ".github/workflows/attach.yml": ATTACH.replace(
      /- name: Attach the package[\s\S]*$/,
      '- run: gh release upload "$GITHUB_REF_NAME" dist/a.tgz\n',
    ),
  });
  assert.equal(ghToken.status, "pass", ghToken.message);
  const semantic = await immutable(t, {
    ".github/workflows/sr.yml":
      "on:\n  push:\n    branches: [main]\njobs:\n  sr:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx semantic-release\n        env:\n          GITHUB_TOKEN: ${{ secrets.BOT_TOKEN }}\n",
    ".github/workflows/tagged.yml":
      'on:\n  push:\n    tags: ["v*"]\njobs:\n  up:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release upload "$GITHUB_REF_NAME" dist/a.tgz\n',
  });
  assert.equal(semantic.status, "pass", semantic.message);
});

test("upstreamJobs(): needs followed transitively, in either form, cycles harmless", () => {
  const w = parseWorkflow(
    "w.yml",
    "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n  b:\n    needs: a\n    runs-on: x\n    steps: [{run: b}]\n  c:\n    needs: [b]\n    runs-on: x\n    steps: [{run: c}]\n  d:\n    needs: [d, c]\n    runs-on: x\n    steps: [{run: d}]\n",
  );
  assert.deepEqual([...upstreamJobs(w, "d")].sort(), ["a", "b", "c", "d"]);
  assert.deepEqual([...upstreamJobs(w, "a")], []);
});

test("ncipollo/release-action: a new release is drafted by the action itself; a published one it updates is not", async (t) => {
  const step =
    "      - uses: ncipollo/release-action@v1\n        with:\n          allowUpdates: true\n          artifacts: out/*.dmg\n";
  const tagged = await immutable(t, {
    ".github/workflows/tag.yml": `on:\n  push:\n    tags: ["v*"]\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n${step}`,
  });
  assert.equal(tagged.status, "pass", tagged.message);
  const onRelease = await immutable(t, {
    ".github/workflows/rel.yml": `on:\n  release:\n    types: [published]\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n${step}`,
  });
  assert.equal(onRelease.status, "warn");
  assert.match(
    onRelease.message,
    /rel\.yml \(job b, .*\): ncipollo\/release-action attaches `artifacts` to a release that is already published: a `release` event/,
  );
});

test("an earlier step gated to another matrix leg did not run before the step: no claim from it", async (t) => {
  // tw93/Pake's build job uploads per OS, each step under its own `if: matrix.os == …`.
  const leg = (os: string, glob: string) =>
    `      - if: matrix.os == '${os}'\n        uses: ncipollo/release-action@v1\n        with:\n          allowUpdates: true\n          artifacts: ${glob}\n`;
  const r = await immutable(t, {
    ".github/workflows/apps.yml": `on:\n  push:\n    tags: ["v*"]\njobs:\n  build:\n    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-latest]\n    runs-on: \${{ matrix.os }}\n    steps:\n${leg("ubuntu-latest", "out/*.deb")}${leg("macos-latest", "out/*.dmg")}`,
  });
  assert.equal(r.status, "pass", r.message);
});

test("tauri-action given the release an earlier job created published uploads into a published release; a draft is fine", async (t) => {
  const wf = (draft: boolean) => `on:
  push:
    tags: ["v*"]
jobs:
  create:
    runs-on: ubuntu-latest
    steps:
      - id: c
        uses: actions/github-script@v7
        with:
          script: |
            const r = await github.rest.repos.createRelease({ owner, repo, tag_name: "v1", draft: ${draft} });
            return r.data.id
  build:
    needs: create
    runs-on: ubuntu-latest
    steps:
      - uses: tauri-apps/tauri-action@v0
        with:
          releaseId: \${{ needs.create.outputs.id }}
`;
  const published = await immutable(t, { ".github/workflows/app.yml": wf(false) });
  assert.equal(published.status, "warn");
  assert.match(
    published.message,
    /tauri-apps\/tauri-action attaches `releaseId` to a release that is already published: actions\/github-script \(job create of this workflow\) created it published/,
  );
  // The Tauri template's own shape (jourdain/trame-tauri-exploration): a draft, the builds, then publish.
  assert.equal((await immutable(t, { ".github/workflows/app.yml": wf(true) })).status, "pass");
});
