/**
 * The whole updater path: the Linux and Windows legs upload signed artifacts, two
 * macOS legs run the finalizer on recorded Apple tools against the GitHub stand-in
 * (`--skip-manifest`), then `tasks/updater-manifest.ts` assembles latest.json once.
 * Each kind of installed app then resolves its entry the way Tauri's updater does
 * (`{os}-{arch}-{installer}`, then `{os}-{arch}`), downloads the chosen asset from
 * the stand-in and checks its signature with minisign against the configured pubkey.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";
import { finalize } from "../../tasks/lib/macos/finalize.ts";
import {
  classifyArtifact,
  resolvePlatform,
  type UpdaterArch,
  type UpdaterOs,
} from "../../tasks/lib/updater/platforms.ts";
import { publishDraftOf, releaseWithAssets, withStandIn } from "../helpers/stand-in.ts";
import { runEntryAsync } from "../helpers/run-entry.ts";
import { arm64, CPU, flattenedLayout, MH, thin, writeTree } from "../macos/fixtures.ts";
import { fakeAppleBin, publishingRunEnv, RECORDED, recordedDoor } from "../helpers/recorded.ts";
import { ARTIFACTS, generateKey, hasMinisign, hasTauri, minisignVerify, project, signedArtifact } from "./fixtures.ts";
import { tempDirFor } from "../helpers/tmp.ts";

const REPO = "acme/atlas";
const IDENTITY = "Developer ID Application: Acme Labs (TEAM123456)";

test("finalize (recorded Apple tools) + updater-manifest on the stand-in: every installed app finds its own signed artifact", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  if (!hasMinisign()) return t.skip("minisign is not installed (apt-get install minisign)");
  const dir = tempDirFor(t, "updater-e2e-");
  const keys = generateKey(dir, "correct horse");
  const root = project(dir, keys.pub);
  const bin = fakeAppleBin(dir);
  // The Linux and Windows legs (tauri build with createUpdaterArtifacts): installers and their .sig.
  const legs: Record<string, Buffer> = {};
  for (const name of [ARTIFACTS.appImage, ARTIFACTS.deb, ARTIFACTS.msi, ARTIFACTS.nsis]) {
    signedArtifact(dir, name, keys.key, "correct horse");
    legs[name] = readFileSync(join(dir, name));
    legs[`${name}.sig`] = readFileSync(join(dir, `${name}.sig`));
  }

  await withStandIn(async (s, gh) => {
    await releaseWithAssets(gh, "v1.4.0", legs, "## What's Changed\n- Faster sync", { draft: true });
    const config = {
      ...parseConfig({ name: "atlas" }, "test"),
      root,
      source: "default",
      repository: REPO,
      versionFiles: [],
    };
    // The two macOS legs: an Apple Silicon and an Intel build of the same app.
    for (const [arch, cpu] of [
      ["aarch64", CPU.arm64],
      ["x86_64", CPU.x86_64],
    ] as const) {
      const leg = join(dir, `mac-${arch}`);
      const tree = flattenedLayout();
      tree["Contents/MacOS/atlas"] = {
        file:
          cpu === CPU.arm64
            ? arm64(MH.execute, "main")
            : thin({ bits: 64, littleEndian: true, cpu, fileType: MH.execute, tag: "main" }),
        mode: 0o755,
      };
      writeTree(join(leg, "Atlas.app"), tree);
      const recorded = recordedDoor({}, leg);
      await finalize({
        app: join(leg, "Atlas.app"),
        mode: "run",
        config,
        cwd: leg,
        env: publishingRunEnv({
          bin,
          updaterKeyFile: keys.key,
          updaterKeyPassword: "correct horse",
          githubToken: s.token,
        }),
        platform: "darwin",
        now: new Date("2025-03-14T10:00:00Z"),
        identity: IDENTITY,
        findIdentities: async () => RECORDED.findIdentity.stdout,
        adHoc: false,
        skipNotarize: false,
        skipSpctl: false,
        skipDmg: false,
        skipUpload: false,
        skipManifest: true,
        outputDir: "out",
        releaseTag: "v1.4.0",
        repository: REPO,
        gh,
        door: recorded.door,
      });
    }
    const names = () => s.state.releases.find((r) => r.tag_name === "v1.4.0")!.assets.map((a) => a.name);
    assert.ok(!names().includes("latest.json"), "--skip-manifest: the legs upload no latest.json");
    assert.ok(names().includes("Atlas_1.4.0_aarch64.dmg") && names().includes(ARTIFACTS.macIntel));

    // The job after every leg: one latest.json from everything on the release.
    const env = { GITHUB_TOKEN: s.token, GITHUB_API_URL: s.url, GITHUB_REPOSITORY: REPO };
    const r = await runEntryAsync("tasks/updater-manifest.ts", ["--release-tag", "v1.4.0", "--repo", root], { env });
    assert.equal(r.code, 0, r.stderr);
    await publishDraftOf(gh, "v1.4.0");
    const latest = await (await fetch(`${s.url}/${REPO}/releases/download/v1.4.0/latest.json`)).json();
    assert.equal(latest.version, "1.4.0");
    assert.equal(latest.notes, "## What's Changed\n- Faster sync");

    // Each installed app, as Tauri's updater sees itself; an old plugin sends no installer.
    const running: [UpdaterOs, UpdaterArch, string | undefined, string][] = [
      ["darwin", "aarch64", "app", ARTIFACTS.macArm],
      ["darwin", "x86_64", "app", ARTIFACTS.macIntel],
      ["darwin", "aarch64", undefined, ARTIFACTS.macArm],
      ["linux", "x86_64", "appimage", ARTIFACTS.appImage],
      ["linux", "x86_64", "deb", ARTIFACTS.deb],
      ["linux", "x86_64", undefined, ARTIFACTS.appImage],
      ["windows", "x86_64", "msi", ARTIFACTS.msi],
      ["windows", "x86_64", "nsis", ARTIFACTS.nsis],
      ["windows", "x86_64", undefined, ARTIFACTS.msi],
    ];
    const pubkey = JSON.parse(readFileSync(join(root, "src-tauri", "tauri.conf.json"), "utf8")).plugins.updater.pubkey;
    writeFileSync(join(dir, "configured.pub"), pubkey);
    for (const [os, arch, installer, expected] of running) {
      const label = `${os}-${arch}${installer ? ` (${installer})` : ""}`;
      const key = resolvePlatform(latest.platforms, { os, arch, installer });
      assert.ok(key, `${label} finds an entry`);
      const { url, signature } = latest.platforms[key];
      const response = await fetch(url);
      assert.equal(response.status, 200, `${label}: ${url}`);
      const downloaded = join(dir, `downloaded-${label.replace(/\W+/g, "_")}`);
      writeFileSync(downloaded, Buffer.from(await response.arrayBuffer()));
      assert.equal(decodeURIComponent(new URL(url).pathname.split("/").pop()!), expected, label);
      const artifact = classifyArtifact(expected)!;
      if (installer) assert.equal(artifact.installer, installer, `${label} gets an installer it can install`);
      const verified = minisignVerify(dir, downloaded, signature, join(dir, "configured.pub"));
      assert.ok(verified.ok, `${label}: ${verified.output}`);
    }
    // No key points at the DMG, which the updater cannot install.
    assert.ok(!Object.values(latest.platforms).some((e) => (e as { url: string }).url.endsWith(".dmg")));
  });
});
