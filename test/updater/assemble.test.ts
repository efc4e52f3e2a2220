/**
 * `tasks/updater-manifest.ts` against the GitHub stand-in (real Octokit, real HTTP),
 * with artifacts signed by the real Tauri signer: the plan, the upload, and the
 * refusals that leave the release as it was. The entry's flow runs in the test process
 * (end-to-end.test.ts runs the entry itself against the stand-in).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { StandIn } from "../../tasks/stand-in/index.ts";
import { assembleManifest } from "../../tasks/lib/updater/assemble.ts";
import { updaterManifestMain } from "../../tasks/lib/commands/updater-manifest.ts";
import { entryEnv, runInProcess } from "../helpers/in-process.ts";
import { publishDraftOf, releaseWithAssets, withStandIn } from "../helpers/stand-in.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";
import { ARTIFACTS, generateKey, hasTauri, project, signedArtifact } from "./fixtures.ts";
import { tempDirFor } from "../helpers/tmp.ts";

const REPO = "acme/atlas";

/** The entry's flow in the test process, with the environment and directory `runEntry` would give it. */
const manifest = (args: string[], env: Record<string, string | undefined>) =>
  runInProcess(() => updaterManifestMain(args, { env: entryEnv(env), cwd: PROJECT_ROOT }));

const mutations = (s: StandIn, from: number) => s.requests.slice(from).filter((q) => q.method !== "GET");

test("updater-manifest --plan --json lists every entry and uploads nothing; the run uploads latest.json once", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  const dir = tempDirFor(t, "updater-assemble-");
  const keys = generateKey(dir, "pw");
  const root = project(dir, keys.pub);
  const files: Record<string, Buffer> = {};
  for (const name of [ARTIFACTS.macArm, ARTIFACTS.appImage, ARTIFACTS.nsis]) {
    signedArtifact(dir, name, keys.key, "pw");
    files[name] = readFileSync(join(dir, name));
    files[`${name}.sig`] = readFileSync(join(dir, `${name}.sig`));
  }
  files[ARTIFACTS.dmg] = Buffer.from("disk image");
  await withStandIn(async (s, gh) => {
    await releaseWithAssets(gh, "v1.4.0", files, "## What's Changed\n- Faster sync", { draft: true });
    const env = { GITHUB_TOKEN: s.token, GITHUB_API_URL: s.url, GITHUB_REPOSITORY: undefined };
    const args = ["--release-tag", "v1.4.0", "--github-repo", REPO, "--repo", root];
    const before = s.requests.length;
    const planned = await manifest([...args, "--plan", "--json"], env);
    assert.equal(planned.code, 0, planned.stderr);
    const report = JSON.parse(planned.stdout);
    assert.equal(report.uploaded, false);
    assert.deepEqual(
      report.entries.map(
        (e: { key: string; asset: string; signatureFile: string }) => `${e.key} ${e.asset} ${e.signatureFile}`,
      ),
      [
        `darwin-aarch64 ${ARTIFACTS.macArm} ${ARTIFACTS.macArm}.sig`,
        `darwin-aarch64-app ${ARTIFACTS.macArm} ${ARTIFACTS.macArm}.sig`,
        `linux-x86_64 ${ARTIFACTS.appImage} ${ARTIFACTS.appImage}.sig`,
        `linux-x86_64-appimage ${ARTIFACTS.appImage} ${ARTIFACTS.appImage}.sig`,
        `windows-x86_64 ${ARTIFACTS.nsis} ${ARTIFACTS.nsis}.sig`,
        `windows-x86_64-nsis ${ARTIFACTS.nsis} ${ARTIFACTS.nsis}.sig`,
      ],
    );
    assert.equal(report.manifest.notes, "## What's Changed\n- Faster sync", "the release's body is the notes");
    assert.deepEqual(mutations(s, before), [], "--plan changes nothing on the release");

    const run = await manifest(args, env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /uploaded latest\.json to v1\.4\.0/);
    const uploads = mutations(s, before).filter((q) => q.method === "POST");
    assert.equal(uploads.length, 1, "one upload: latest.json");
    await publishDraftOf(gh, "v1.4.0");
    const served = await (await fetch(`${s.url}/${REPO}/releases/download/v1.4.0/latest.json`)).json();
    assert.equal(served.version, "1.4.0");
    assert.deepEqual(served.platforms, report.manifest.platforms);
    assert.ok(!run.stderr.includes(s.token) && !run.stdout.includes(s.token));
  });
});

test("assembleManifest() refuses, changing nothing: no release, no signed artifact, another key's signature, a tag that is not a version", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  const dir = tempDirFor(t, "updater-refuse-");
  const keys = generateKey(dir, "pw");
  const stranger = generateKey(dir, "pw", "stranger");
  signedArtifact(dir, ARTIFACTS.macArm, stranger.key, "pw");
  await withStandIn(async (s, gh) => {
    await releaseWithAssets(
      gh,
      "v1.3.0",
      { [ARTIFACTS.dmg]: "only a disk image", [ARTIFACTS.appImage]: "unsigned" },
      "",
      { draft: true },
    );
    await releaseWithAssets(
      gh,
      "v1.4.0",
      {
        [ARTIFACTS.macArm]: readFileSync(join(dir, ARTIFACTS.macArm, "")),
        [`${ARTIFACTS.macArm}.sig`]: readFileSync(join(dir, `${ARTIFACTS.macArm}.sig`)),
      },
      undefined,
      { draft: true },
    );
    const before = s.requests.length;
    const pubkey = readFileSync(keys.pub, "utf8");
    const attempt = (tag: string) =>
      assembleManifest({ gh, repo: REPO, tag, tagPrefix: "v", now: new Date(0), pubkey, upload: true }).then(
        () => "no error",
        (e: Error & { code?: string }) => `${e.code}: ${e.message}`,
      );
    assert.match(await attempt("v9.9.9"), /^release\.missing: Cannot find the release v9\.9\.9/);
    assert.match(
      await attempt("v1.3.0"),
      /^updater\.no-artifacts: Cannot assemble latest\.json for v1\.3\.0: the release has no signed updater artifact \(no Atlas_1\.4\.0_amd64\.AppImage\.sig/,
    );
    assert.match(
      await attempt("v1.4.0"),
      /^updater\.signature: Cannot assemble latest\.json: Atlas_aarch64\.app\.tar\.gz\.sig was signed with key [0-9A-F]{16}, but tauri\.conf\.json's pubkey is [0-9A-F]{16}/,
    );
    assert.match(
      await attempt("nightly"),
      /^updater\.version: Cannot assemble latest\.json for nightly: "nightly" is not a semantic version/,
    );
    assert.deepEqual(mutations(s, before), []);
  });
});
