/**
 * The release contract, read back from the generated YAML: the builds start only from
 * the cut's `workflow_dispatch` (a draft starts nothing, and a build started by the
 * publication would upload into a published release), PyPI on `release: published`;
 * none creates a release; every upload goes to the tag's draft through the toolkit;
 * secrets are validated on Linux before any macOS job.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { SIGNING_ENV } from "../../tasks/lib/core/config/workflows-schema.ts";
import { DOCTOR, FINALIZE_MACOS, UPDATER_MANIFEST, UPLOAD_ASSETS } from "../../tasks/lib/core/entries.ts";
import type { Job, Step } from "../../templates/types.ts";
import { everyRendering, parseWorkflow, RELEASE_WORKFLOWS } from "./fixtures.ts";

type ParsedStep = Step & { uses?: string; with?: Record<string, unknown>; run?: string; env?: Record<string, string> };
const steps = (job: Job) => job.steps as ParsedStep[];
const TAG_EXPR = "${{ github.event.release.tag_name || inputs.tag }}";

test("the builds start only from a dispatch with a tag input; PyPI on release: published (and by hand)", async () => {
  for (const { label, files } of await everyRendering())
    for (const path of RELEASE_WORKFLOWS) {
      const wf = parseWorkflow(files.get(path)!);
      const pypi = path.endsWith("publish-pypi.yml");
      assert.deepEqual(
        Object.keys(wf.on).sort(),
        pypi ? ["release", "workflow_dispatch"] : ["workflow_dispatch"],
        `${label}: ${path}`,
      );
      if (pypi) assert.deepEqual(wf.on.release?.types, ["published"]);
      assert.equal(wf.on.workflow_dispatch?.inputs?.tag?.required, true);
      assert.equal(wf.env?.RELEASE_TAG, pypi ? TAG_EXPR : "${{ inputs.tag }}", `${label}: ${path} routes the tag`);
    }
});

test("no workflow creates a release", async () => {
  const creators = [
    /softprops\/action-gh-release/,
    /ncipollo\/release-action/,
    /gh release create/,
    /createRelease/i,
    /releases\s*-X\s*POST/,
  ];
  for (const { label, files } of await everyRendering())
    for (const [path, text] of files) for (const c of creators) assert.doesNotMatch(text, c, `${label}: ${path}`);
});

test("every upload goes to the tag's draft through the toolkit, records checksums, and never polls", async () => {
  for (const { label, files } of await everyRendering()) {
    let uploads = 0;
    for (const path of RELEASE_WORKFLOWS) {
      const text = files.get(path)!;
      assert.doesNotMatch(text, /\bsleep\b|\bwhile\b|until /, `${label}: ${path} has a polling loop`);
      // No bare `gh release upload`: it would meet a published release with GitHub's 422 and no reason.
      assert.doesNotMatch(text, /gh release upload/, `${label}: ${path}`);
      const sums = `SHA256SUMS-${path.replace(/^.*\//, "").replace(/\.yml$/, "")}.txt`;
      for (const job of Object.values(parseWorkflow(text).jobs))
        for (const s of steps(job)) {
          for (const line of (s.run ?? "").split("\n")) {
            if (line.includes(UPLOAD_ASSETS.path) || line.includes(UPDATER_MANIFEST.path)) {
              uploads++;
              assert.match(line, /--release-tag "\$RELEASE_TAG"/, `${label}: ${path}`);
              assert.match(line, new RegExp(`--checksums ${sums.replace(/\./g, "\\.")}`), `${label}: ${path}`);
              assert.equal(s.env?.GITHUB_TOKEN, "${{ github.token }}", `${label}: ${path}`);
            }
            // The finalizer signs and packages; the upload job uploads what it made.
            if (line.includes(FINALIZE_MACOS.path)) assert.match(line, / --skip-upload --skip-manifest$/);
          }
        }
    }
    assert.equal(uploads, 3, `${label}: desktop assets, latest.json, CLI archives`);
  }
});

test("build-tauri validates the signing secrets with the doctor on Linux before any macOS job", async () => {
  for (const { label, ctx, files } of await everyRendering()) {
    const wf = parseWorkflow(files.get(".github/workflows/build-tauri.yml")!);
    const [firstId, first] = Object.entries(wf.jobs)[0]!;
    assert.equal(firstId, "validate-secrets");
    assert.match(String(first["runs-on"]), /^ubuntu-/);
    assert.equal(first.needs, undefined);
    const doctor = steps(first).find((s) => s.run?.includes(DOCTOR.path))!;
    const toolkit = ctx.toolkitDir === "." ? "" : `${ctx.toolkitDir}/`;
    assert.equal(
      doctor.run,
      `${toolkit}node_modules/.bin/tsx ${toolkit}${DOCTOR.path} --only 'signing.*' --only 'updater.*'`,
    );
    assert.deepEqual(
      doctor.env,
      Object.fromEntries(SIGNING_ENV.map((n) => [n, `\${{ secrets.${ctx.signingSecrets[n]} }}`])),
      label,
    );
    const installs = steps(first).map((s) => s.run ?? s.uses ?? "");
    const install = "npm ci --ignore-scripts --omit=dev --no-audit --no-fund";
    assert.ok(installs.indexOf(install) >= 0 && installs.indexOf(install) < installs.indexOf(doctor.run!), label);
    // Every other job waits for it, directly or through build.
    assert.equal(wf.jobs.build?.needs, "validate-secrets");
    assert.equal(wf.jobs["finalize-macos"]?.needs, "build");
  }
});

test("the macOS bundle travels as a tar archive to finalize-macos.ts with explicit updater key and password", async () => {
  for (const { label, ctx, files } of await everyRendering()) {
    const wf = parseWorkflow(files.get(".github/workflows/build-tauri.yml")!);
    const build = steps(wf.jobs.build!);
    const tar = build.find((s) => s.run?.startsWith("tar "))!;
    assert.equal(tar.if, "matrix.os == 'macos'");
    assert.match(tar.run!, /-cf "macos-app-\$TARGET\.tar"/);
    assert.ok(tar.run!.includes(ctx.appName.includes(" ") ? `'${ctx.appName}.app'` : `${ctx.appName}.app`), label);
    const upload = build.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    assert.equal(upload.with?.path, "macos-app-${{ matrix.target }}.tar");

    const finalize = wf.jobs["finalize-macos"]!;
    assert.ok((finalize.strategy!.matrix.include as { os: string }[]).every((r) => r.os === "macos"));
    const fin = steps(finalize);
    const keyStep = fin.find((s) => s.run?.includes("tauri-updater.key") && s.run.includes("umask 077"))!;
    assert.match(keyStep.run!, /chmod 600 "\$RUNNER_TEMP\/tauri-updater\.key"/);
    assert.equal(
      keyStep.env?.TAURI_SIGNING_PRIVATE_KEY,
      `\${{ secrets.${ctx.signingSecrets.TAURI_SIGNING_PRIVATE_KEY} }}`,
    );
    const run = fin.find((s) => s.run?.includes(FINALIZE_MACOS.path))!;
    for (const flag of [
      '--app "dist/macos-raw/macos-app-$TARGET.tar"',
      '--keychain "$RUNNER_TEMP/release-signing.keychain-db"',
      '--updater-key-path "$RUNNER_TEMP/tauri-updater.key"',
      "--updater-key-password-env TAURI_SIGNING_PRIVATE_KEY_PASSWORD",
    ])
      assert.ok(run.run!.includes(flag), `${label}: ${flag}`);
    for (const flag of run.run!.matchAll(/--([\w-]+)/g))
      assert.ok(flag[1]! in FINALIZE_MACOS.flags, `finalize-macos accepts --${flag[1]}`);
    assert.ok(run.env?.TAURI_SIGNING_PRIVATE_KEY_PASSWORD);
    assert.equal(fin.at(-1)!.if, "always()", "the key file is removed whatever happened");
    assert.equal(fin.at(-2)!.if, "always()", "the keychain is deleted whatever happened");
  }
});

test("publish-pypi refuses a version that is not the tag's, and publishes by trusted publishing", async () => {
  for (const { label, ctx, files } of await everyRendering()) {
    const wf = parseWorkflow(files.get(".github/workflows/publish-pypi.yml")!);
    const build = steps(wf.jobs.build!);
    const names = build.map((s) => s.run ?? s.uses ?? "");
    const uvBuild = names.indexOf("uv build --wheel --out-dir dist");
    assert.ok(names.indexOf("uv build --sdist --out-dir dist") > uvBuild, `${label}: the sdist on its own`);
    const verify = names.findIndex((n) => n.includes('expected="${RELEASE_TAG#v}"'));
    assert.ok(uvBuild >= 0 && verify > uvBuild, label);
    if (ctx.frontend) assert.ok(names.indexOf(ctx.frontend.build) < uvBuild, "front end before the wheel");
    const publish = wf.jobs.publish!;
    assert.equal(publish.needs, "build");
    assert.deepEqual(publish.permissions, { "id-token": "write" });
    assert.ok(
      steps(publish).every((s) => s.run === undefined),
      "the job that holds id-token runs no shell",
    );
  }
});

test("build-binaries smoke-runs --help per platform and pins the configured PyInstaller", async () => {
  for (const { label, ctx, files } of await everyRendering()) {
    const job = parseWorkflow(files.get(".github/workflows/build-binaries.yml")!).jobs.build!;
    assert.equal(job.strategy!.matrix.include.length, ctx.cliPlatforms.length);
    const runs = steps(job)
      .map((s) => s.run ?? "")
      .join("\n");
    assert.ok(runs.includes(`pyinstaller==${ctx.pyinstallerVersion}`), label);
    assert.ok(runs.includes('"$exe" --help'), label);
  }
});
