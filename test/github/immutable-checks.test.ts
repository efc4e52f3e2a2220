/**
 * `github.immutable-releases`: the setting read from the stand-in (on, off, unreadable,
 * offline) against workflows that upload into a release they expect published. The
 * hand-written workflows are written here in our own words, each reproducing a shape
 * a real repository had when immutable releases broke it (named above each one); the
 * generated workflows, rendered from the sample and the Niamoto-shaped context, are
 * never flagged.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, test } from "node:test";
import dedent from "dedent";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { immutableChecks, publishedUploads } from "../../tasks/lib/github/immutable-checks.ts";
import { settingFrom } from "../../tasks/lib/github/immutable.ts";
import { readStepCommands } from "../../tasks/lib/workflows/step-commands.ts";
import { parseWorkflow } from "../../tasks/lib/workflows/read.ts";
import { render } from "../../tasks/lib/workflows/render.ts";
import { header } from "../../tasks/lib/workflows/header.ts";
import { startStandIn } from "../../tasks/stand-in/index.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { makeCtx } from "../doctor/ctx.ts";
import { niamotoContext, sampleContext } from "../workflows/fixtures.ts";

/** Hand-written workflows that upload into a published release, and the step each check must name. */
const BROKEN: Record<string, { text: string; step: RegExp }> = {
  // libredb/libredb-studio#154: assets attached by a workflow on `release: published` with `gh release upload`.
  "artifacts-on-release.yml": {
    step: /gh release upload.*release.*already published/,
    text: dedent`
      on:
        release:
          types: [published]
      jobs:
        attach:
          runs-on: ubuntu-latest
          steps:
            - run: |
                tar czf app.tar.gz dist
                gh release upload "$TAG" app.tar.gz SHA256SUMS
              env:
                TAG: \${{ github.event.release.tag_name }}
    `,
  },
  // softprops/action-gh-release#653, php/pie#411: the action creates the release published, then uploads `files`.
  "softprops-on-tag.yml": {
    step: /softprops\/action-gh-release attaches `files` to a release it creates published when the tag has none/,
    text: dedent`
      on:
        push:
          tags: ["v*"]
      jobs:
        release:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
            - name: Release with the archive
              uses: softprops/action-gh-release@v2
              with:
                files: dist/tool.phar
    `,
  },
  // Tauri apps that build on `release: created` and hand tauri-action the event's release id.
  "tauri-release-id.yml": {
    step: /tauri-apps\/tauri-action attaches `releaseId` to a release that is already published: a `release` event/,
    text: dedent`
      on:
        release:
          types: [created]
      jobs:
        build:
          runs-on: macos-latest
          steps:
            - uses: tauri-apps/tauri-action@v0
              with:
                releaseId: \${{ github.event.release.id }}
    `,
  },
  // tauri-action's own example with a tag name and releaseDraft false: published first, assets after.
  "tauri-tag-name.yml": {
    step: /tauri-apps\/tauri-action attaches `tagName` to a release it creates published when the tag has none/,
    text: dedent`
      on:
        push:
          tags: ["app-v*"]
      jobs:
        publish:
          runs-on: windows-latest
          steps:
            - uses: tauri-apps/tauri-action@v0
              with:
                tagName: app-v__VERSION__
                releaseName: App v__VERSION__
                releaseDraft: false
    `,
  },
  // svenstaro/upload-release-action#159: the release is looked up by tag and created published when missing.
  "svenstaro.yml": {
    step: /svenstaro\/upload-release-action/,
    text: dedent`
      on:
        push:
          tags: ["*"]
      jobs:
        upload:
          runs-on: ubuntu-latest
          steps:
            - uses: svenstaro/upload-release-action@v2
              with:
                file: ./build/*
                file_glob: true
                tag: \${{ github.ref }}
    `,
  },
  // niamoto/niamoto (mid-2026): the desktop build on `release: published` hands tauri-action the event's tag.
  "tauri-tag-on-release.yml": {
    step: /tauri-apps\/tauri-action attaches `tagName` to a release that is already published: a `release` event/,
    text: dedent`
      on:
        release:
          types: [published]
      jobs:
        desktop:
          runs-on: ubuntu-22.04
          steps:
            - name: Build and attach
              uses: tauri-apps/tauri-action@v0
              with:
                projectPath: src-tauri
                tagName: \${{ github.event.release.tag_name }}
    `,
  },
  // niamoto/niamoto (mid-2026): the CLI build on a tag push waits for the release by tag, then uploads.
  "wait-then-upload.yml": {
    step: /waits for the release with `gh release view`, which sees published releases only/,
    text: dedent`
      on:
        push:
          tags: ["v*.*.*"]
      jobs:
        attach:
          runs-on: ubuntu-latest
          steps:
            - name: Wait for the release
              run: |
                for i in 1 2 3; do gh release view "$GITHUB_REF_NAME" && exit 0; sleep 10; done
                exit 1
            - name: Attach the archives
              run: gh release upload "$GITHUB_REF_NAME" out/*.tar.gz --clobber
    `,
  },
  // anchorageoss/visualsign-parser#485: `gh release create` publishes, a later job runs `gh release upload`.
  "create-then-upload.yml": {
    step: /gh release create` published the release first/,
    text: dedent`
      on:
        push:
          tags: ["v*"]
      jobs:
        release:
          runs-on: ubuntu-latest
          steps:
            - run: gh release create "$GITHUB_REF_NAME" --generate-notes
        binary:
          needs: release
          runs-on: ubuntu-latest
          steps:
            - run: gh release upload "$GITHUB_REF_NAME" out/parser_cli
    `,
  },
};

/** The fixes those projects adopted: draft first, upload, publish last. None is flagged. */
const FIXED: Record<string, string> = {
  // neuland-ingolstadt/neuland.app-native#462, voidzero-dev/vite-plus#1558: the action creates a draft.
  "softprops-draft.yml": dedent`
    on:
      push:
        tags: ["v*"]
    jobs:
      release:
        runs-on: ubuntu-latest
        steps:
          - uses: softprops/action-gh-release@v2
            with:
              draft: true
              files: dist/*.apk
  `,
  // rubyists/linear-cli-ex#18: a draft, the uploads, then `gh release edit --draft=false`.
  "gh-draft-first.yml": dedent`
    on:
      push:
        tags: ["v*"]
    jobs:
      release:
        runs-on: ubuntu-latest
        steps:
          - run: |
              gh release create "$GITHUB_REF_NAME" --draft --notes-file notes.md
              gh release upload "$GITHUB_REF_NAME" dist/*
              gh release edit "$GITHUB_REF_NAME" --draft=false
  `,
};

/** An upload step as an earlier toolkit generated it: on `release: published`, `gh release upload --clobber`. */
const OLD_GENERATED =
  header("templates/build-binaries.ts") +
  dedent`
    on:
      release:
        types: [published]
    jobs:
      upload:
        runs-on: ubuntu-latest
        steps:
          - run: gh release upload "$RELEASE_TAG" dist/archives/* --clobber --repo "$GITHUB_REPOSITORY"
  `;

let dir = "";
before(() => {
  dir = tempDir("rc-immutable-");
  writeFiles(
    dir,
    Object.fromEntries([
      ...Object.entries(BROKEN).map(([f, w]) => [`.github/workflows/${f}`, `${w.text}\n`]),
      ...Object.entries(FIXED).map(([f, text]) => [`.github/workflows/${f}`, `${text}\n`]),
    ]),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function found(files: Record<string, string>) {
  return publishedUploads(await readStepCommands(Object.entries(files).map(([f, t]) => parseWorkflow(f, t))));
}

test("each hand-written shape that uploads into a published release is found, at its step; the draft-first fixes are not", async () => {
  for (const [file, w] of Object.entries(BROKEN)) {
    const hits = await found({ [file]: w.text });
    assert.equal(hits.length, 1, `${file}: ${JSON.stringify(hits)}`);
    assert.match(hits[0]!.why, w.step, file);
    assert.match(hits[0]!.where, new RegExp(`^\\.github/workflows/${file.replace(".", "\\.")} \\(job `));
    assert.equal(hits[0]!.generated, false);
  }
  for (const [file, text] of Object.entries(FIXED)) assert.deepEqual(await found({ [file]: text }), [], file);
});

test("the generated workflows (sample and Niamoto-shaped) upload only into the draft: never flagged; an old generated one is", async () => {
  for (const ctx of [await sampleContext(), niamotoContext()]) {
    const files = Object.fromEntries([...render(ctx)].map(([p, t]) => [p.replace(/^.*\//, ""), t]));
    assert.deepEqual(await found(files), [], ctx.name);
  }
  const old = await found({ "build-binaries.yml": OLD_GENERATED });
  assert.equal(old.length, 1);
  assert.equal(old[0]!.generated, true);
});

test("settingFrom(): 200 is on, 404 is off for an admin and unknown otherwise", () => {
  assert.deepEqual(settingFrom({ status: 200, data: { enabled: true, enforced_by_owner: true } }, true), {
    state: "on",
    enforcedByOwner: true,
  });
  assert.deepEqual(settingFrom({ status: 404 }, true), { state: "off" });
  assert.equal(settingFrom({ status: 404 }, false).state, "unknown");
  assert.equal(settingFrom({ status: 403 }, undefined).state, "unknown");
  assert.match(settingFrom({ status: 500, message: "boom" }, true).why!, /500 \(boom\)/);
});

test("with the setting on it fails, naming every step and the fix; off it passes with a note; unreadable or offline it warns naming the setting", async (t) => {
  const check = async (opts: { immutable?: boolean; token?: "operator" | "read-only"; offline?: boolean }) => {
    const s = await startStandIn({ repo: "acme/atlas", immutable: opts.immutable ?? false });
    t.after(() => s.close());
    const token = opts.token === "read-only" ? s.readOnlyToken : s.token;
    const ctx = { ...makeCtx(dir, { env: { GH_TOKEN: token, GITHUB_API_URL: s.url, PATH: "/nonexistent" } }) };
    const [r] = await runChecks(immutableChecks, opts.offline ? { ...ctx, offline: true } : ctx);
    return r!;
  };
  const on = await check({ immutable: true });
  assert.equal(on.status, "fail");
  assert.match(on.message, /immutable releases are on/);
  for (const file of Object.keys(BROKEN)) assert.match(on.message, new RegExp(file.replace(".", "\\.")));
  for (const file of Object.keys(FIXED)) assert.doesNotMatch(on.message, new RegExp(file.replace(".", "\\.")));
  assert.match(on.fix!, /Change \.github\/workflows\/.*upload into a draft instead/);
  assert.match(on.fix!, /tsx tasks\/adopt\.ts --replace/);
  const off = await check({ immutable: false });
  assert.equal(off.status, "pass");
  assert.match(off.message, /immutable releases are off; these steps would break the day/);
  const unreadable = await check({ immutable: true, token: "read-only" });
  assert.equal(unreadable.status, "warn");
  assert.match(unreadable.message, /"Enforce immutable releases" setting/);
  assert.match(unreadable.message, /admin read access/);
  const offline = await check({ offline: true });
  assert.equal(offline.status, "warn");
  assert.match(offline.message, /"Enforce immutable releases" setting .*not read: offline/);
});

test("an old generated workflow is fixed by regenerating; the check names the command", async (t) => {
  const d = tempDir("rc-immutable-gen-");
  t.after(() => rmSync(d, { recursive: true, force: true }));
  writeFiles(d, { ".github/workflows/build-binaries.yml": `${OLD_GENERATED}\n` });
  const s = await startStandIn({ repo: "acme/atlas", immutable: true });
  t.after(() => s.close());
  const [r] = await runChecks(
    immutableChecks,
    makeCtx(d, { env: { GH_TOKEN: s.token, GITHUB_API_URL: s.url, PATH: "/nonexistent" } }),
  );
  assert.equal(r!.status, "fail");
  assert.match(r!.fix!, /Regenerate the generated workflows \(`npx tsx tasks\/gen-workflows\.ts`\)/);
});
