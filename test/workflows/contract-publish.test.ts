/**
 * The publish-time checks, each with a failing and a passing workflow written for the
 * test. The failure classes come from the workflow review of the generated templates
 * (the workflow issue) and from real repositories: pot-app/pot-desktop exports
 * TAURI_PRIVATE_KEY inside its build step (that counts as given); simonw/datasette's
 * publish workflow listens to `release: [created]`.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { publishTimeChecks } from "../../tasks/lib/workflows/publish-checks.ts";
import { workflowContractChecks } from "../../tasks/lib/workflows/contract-checks.ts";
import { makeCtx } from "../doctor/ctx.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";

function repoWith(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, files);
  return dir;
}

const job = (steps: string, extra = "") =>
  `on:\n  release:\n    types: [published]\n${extra}jobs:\n  build:\n    runs-on: macos-14\n    steps:\n${steps}\n`;

async function status(t: Parameters<typeof repoWith>[0], id: string, files: Record<string, string>) {
  const [r] = await runChecks(publishTimeChecks, makeCtx(repoWith(t, files)), { only: [id] });
  return r!;
}

test("workflow.npm-ci-no-lockfile: npm ci where no lockfile is fails, naming job and step", async (t) => {
  const wf = job("      - name: Install\n        working-directory: app\n        run: npm ci");
  const bad = await status(t, "workflow.npm-ci-no-lockfile", {
    ".github/workflows/b.yml": wf,
    "app/package.json": "{}",
  });
  assert.equal(bad.status, "fail");
  assert.match(bad.message, /b\.yml \(job build, step "Install"\) runs `npm ci` in app/);
  const ok = await status(t, "workflow.npm-ci-no-lockfile", {
    ".github/workflows/b.yml": wf,
    "app/package.json": "{}",
    "app/package-lock.json": "{}",
  });
  assert.equal(ok.status, "pass");
});

test("workflow.npx-undeclared: npx of a package no package.json names warns; a dependency's bin passes", async (t) => {
  const bad = await status(t, "workflow.npx-undeclared", {
    ".github/workflows/b.yml": job("      - run: npx some-changelog-tool --write"),
    "package.json": '{"devDependencies":{"@tauri-apps/cli":"2.0.0"}}',
  });
  assert.equal(bad.status, "warn");
  assert.match(bad.message, /npx some-changelog-tool/);
  const ok = await status(t, "workflow.npx-undeclared", {
    ".github/workflows/b.yml": job("      - run: npx tauri build\n      - run: npx pinned-tool@1.2.3"),
    "package.json": '{"devDependencies":{"@tauri-apps/cli":"2.0.0"}}',
  });
  assert.equal(ok.status, "pass", ok.message);
});

const UPDATER_CONF = JSON.stringify({
  bundle: { createUpdaterArtifacts: true, externalBin: ["binaries/engine"] },
  plugins: { updater: { pubkey: "dW50cnVzdGVk" } },
});

test("workflow.updater-key-missing: tauri build with updater artifacts needs the private key in that step", async (t) => {
  const bad = await status(t, "workflow.updater-key-missing", {
    ".github/workflows/b.yml": job("      - name: Build app\n        run: npx tauri build"),
    "src-tauri/tauri.conf.json": UPDATER_CONF,
  });
  assert.equal(bad.status, "fail");
  assert.match(bad.message, /step "Build app"\) builds the app without TAURI_SIGNING_PRIVATE_KEY/);
  const exported = await status(t, "workflow.updater-key-missing", {
    ".github/workflows/b.yml": job(
      '      - run: |\n          export TAURI_SIGNING_PRIVATE_KEY="${{ secrets.K }}"\n          npx tauri build',
    ),
    "src-tauri/tauri.conf.json": UPDATER_CONF,
  });
  assert.equal(exported.status, "pass", exported.message);
});

test("workflow.codesign-no-keychain: Developer ID signing in a job that imports no certificate fails", async (t) => {
  const sign =
    '      - run: |\n          codesign --force --sign "Developer ID Application: Acme (TEAM1)" dist/App.app';
  const bad = await status(t, "workflow.codesign-no-keychain", { ".github/workflows/b.yml": job(sign) });
  assert.equal(bad.status, "fail");
  assert.match(bad.message, /no step of job build imports a certificate/);
  const ok = await status(t, "workflow.codesign-no-keychain", {
    ".github/workflows/b.yml": job(`      - run: security import cert.p12 -k build.keychain -P "$P"\n${sign}`),
  });
  assert.equal(ok.status, "pass");
});

test("workflow.sidecar-not-placed: an externalBin no earlier step builds fails; a step that places it passes", async (t) => {
  const bad = await status(t, "workflow.sidecar-not-placed", {
    ".github/workflows/b.yml": job("      - run: npx tauri build"),
    "src-tauri/tauri.conf.json": UPDATER_CONF,
  });
  assert.equal(bad.status, "fail");
  assert.match(bad.message, /bundles externalBin "binaries\/engine"/);
  const ok = await status(t, "workflow.sidecar-not-placed", {
    ".github/workflows/b.yml": job(
      '      - run: pyinstaller engine.py --onefile && mv dist/engine "src-tauri/binaries/engine-$TRIPLE"\n      - run: npx tauri build',
    ),
    "src-tauri/tauri.conf.json": UPDATER_CONF,
  });
  assert.equal(ok.status, "pass", ok.message);
});

test("workflow.untrusted-input and workflow.dispatch-input-unvalidated", async (t) => {
  const pr = await status(t, "workflow.untrusted-input", {
    ".github/workflows/b.yml": job('      - run: echo "${{ github.event.pull_request.title }}"'),
  });
  assert.equal(pr.status, "fail");
  const viaEnv = await status(t, "workflow.untrusted-input", {
    ".github/workflows/b.yml": job(
      '      - env:\n          T: ${{ github.event.pull_request.title }}\n        run: echo "$T"',
    ),
  });
  assert.equal(viaEnv.status, "pass");
  const inputs =
    "  workflow_dispatch:\n    inputs:\n      version: {}\n      channel:\n        type: choice\n        options: [stable, beta]\n";
  const free = await status(t, "workflow.dispatch-input-unvalidated", {
    ".github/workflows/b.yml": job("      - run: ./x.sh ${{ inputs.version }} ${{ inputs.channel }}", inputs),
  });
  assert.equal(free.status, "warn");
  assert.match(free.message, /free-text input `version`/);
  assert.doesNotMatch(free.message, /channel/, "a choice is validated by GitHub");
});

test("workflow.ci-creates-release: drafts and personal tokens lose no run; release-please with GITHUB_TOKEN does", async (t) => {
  const listener =
    "on:\n  release:\n    types: [published]\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo publish\n";
  const onMain = (step: string) =>
    `on:\n  push:\n    branches: [main]\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n${step}\n`;
  const zero = (files: Record<string, string>) => {
    const ctx = makeCtx(repoWith(t, files));
    return runChecks(
      workflowContractChecks,
      { ...ctx, config: { ...ctx.config, source: "default" } },
      {
        only: ["workflow.ci-creates-release"],
      },
    );
  };
  const [rp] = await zero({
    ".github/workflows/rp.yml": onMain("      - uses: googleapis/release-please-action@v4"),
    ".github/workflows/publish.yml": listener,
  });
  assert.equal(rp!.status, "fail");
  assert.match(
    rp!.message,
    /rp\.yml \(job r, step "googleapis\/release-please-action@v4"\).*publish\.yml will not start/,
  );
  const [draft] = await zero({
    ".github/workflows/d.yml": onMain(
      "      - uses: softprops/action-gh-release@v2\n        with:\n          draft: true",
    ),
    ".github/workflows/publish.yml": listener,
  });
  assert.equal(draft!.status, "pass", draft!.message);
  const [pat] = await zero({
    ".github/workflows/d.yml": onMain(
      "      - uses: softprops/action-gh-release@v2\n        with:\n          token: ${{ secrets.RELEASE_PAT }}",
    ),
    ".github/workflows/publish.yml": listener,
  });
  assert.equal(pat!.status, "pass", pat!.message);
  const [edit] = await zero({
    ".github/workflows/e.yml": onMain(
      '      - env:\n          GH_TOKEN: ${{ github.token }}\n        run: gh release edit "$TAG" --draft=false',
    ),
    ".github/workflows/publish.yml": listener,
  });
  assert.equal(edit!.status, "fail");
});

test("workflow.sdist-missing-frontend: a hatch wheel force-including a git-ignored build, built from the sdist, fails", async (t) => {
  // The shape Niamoto's pyproject.toml has (a built GUI under the package, git-ignored), made to fail on purpose.
  const pyproject = [
    "[build-system]",
    'requires = ["hatchling"]',
    'build-backend = "hatchling.build"',
    "[tool.hatch.build.targets.wheel.force-include]",
    '"src/app/ui/dist" = "app/ui/dist"',
  ].join("\n");
  const files = {
    "pyproject.toml": pyproject,
    ".gitignore": "dist/\nsrc/app/ui/dist/*\n",
    ".github/workflows/p.yml": job("      - name: Build\n        run: uv build"),
  };
  const bad = await status(t, "workflow.sdist-missing-frontend", files);
  assert.equal(bad.status, "fail");
  assert.match(bad.message, /step "Build"\) builds the wheel from the sdist.*leaves out src\/app\/ui\/dist/);
  const wheelFirst = await status(t, "workflow.sdist-missing-frontend", {
    ...files,
    ".github/workflows/p.yml": job("      - run: uv build --wheel\n      - run: uv build --sdist"),
  });
  assert.equal(wheelFirst.status, "pass");
  const carried = await status(t, "workflow.sdist-missing-frontend", {
    ...files,
    "pyproject.toml": `${pyproject}\n[tool.hatch.build.targets.sdist]\nartifacts = ["src/app/ui/dist"]\n`,
  });
  assert.equal(carried.status, "skip", "the sdist carries it");
});
