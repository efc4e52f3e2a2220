import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";
import type { StandIn } from "../../tasks/stand-in/index.ts";
import { finalize, type FinalizeRequest } from "../../tasks/lib/macos/finalize.ts";
import { renderLatestJson } from "../../tasks/lib/updater/manifest.ts";
import { releaseWithAssets, withStandIn } from "../helpers/stand-in.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";
import { generateKey, hasMinisign, hasTauri, minisignVerify } from "../helpers/signing.ts";
import { flattenedLayout, writeTree } from "./fixtures.ts";
import { tempFixture } from "../helpers/tmp.ts";
import { fakeAppleBin, publishingRunEnv, RECORDED, recordedDoor } from "../helpers/recorded.ts";

const REPO = "acme/atlas";
const OTHER_SIG = Buffer.from(
  "untrusted comment: signature from tauri secret key\nRUQwindows\ntrusted comment: timestamp:1\tfile:Atlas_1.4.0_x64-setup.exe\nwin==\n",
).toString("base64");

/** The entry as a user runs it, without blocking this process (the stand-in answers from here). */
function runEntryAsync(
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number; stderr: string }> {
  const tsx = join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
  return new Promise((resolve) =>
    execFile(
      tsx,
      [join(PROJECT_ROOT, "tasks/finalize-macos.ts"), ...args],
      { cwd: opts.cwd, env: opts.env },
      (err, _stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr }),
    ),
  );
}

const assetsOf = (s: StandIn, tag: string) =>
  (s.state.releases.find((r) => r.tag_name === tag)?.assets ?? []).map((a) => a.name).sort();

test("a whole run against the GitHub stand-in: signs and notarizes (recorded), a real Tauri signature, latest.json merged, assets uploaded then replaced", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  if (!hasMinisign()) return t.skip("minisign is not installed (apt-get install minisign)");
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  const dir = tmp.dir;
  const bin = fakeAppleBin(dir);
  const keys = generateKey(dir, "correct horse");
  const config = {
    ...parseConfig({ name: "atlas" }, "test"),
    root: dir,
    source: "default",
    repository: REPO,
    versionFiles: [],
  };

  await withStandIn(async (s, gh) => {
    // The release the cut made, with the Windows build's manifest already on it.
    const windows = {
      signature: OTHER_SIG,
      url: `https://github.com/${REPO}/releases/download/v1.4.0/Atlas_1.4.0_x64-setup.exe`,
    };
    const existing = renderLatestJson({
      version: "1.4.0",
      notes: "from windows",
      pub_date: "2025-03-14T09:00:00Z",
      platforms: { "windows-x86_64": windows },
    });
    await releaseWithAssets(
      gh,
      "v1.4.0",
      { "latest.json": existing, "Atlas_1.4.0_x64-setup.exe": "windows installer" },
      undefined,
      { draft: true },
    );
    const releasesBefore = s.state.releases.length;

    const run = async () => {
      writeTree(join(dir, "Atlas.app"), flattenedLayout());
      const recorded = recordedDoor({}, dir);
      const request: FinalizeRequest = {
        app: join(dir, "Atlas.app"),
        mode: "run",
        config,
        cwd: dir,
        env: publishingRunEnv({
          bin,
          updaterKeyFile: keys.key,
          updaterKeyPassword: "correct horse",
          githubToken: s.token,
        }),
        platform: "darwin",
        now: new Date("2025-03-14T10:00:00Z"),
        identity: "Developer ID Application: Acme Labs (TEAM123456)",
        findIdentities: async () => RECORDED.findIdentity.stdout,
        adHoc: false,
        skipNotarize: false,
        skipSpctl: false,
        skipDmg: false,
        skipUpload: false,
        skipManifest: false,
        outputDir: "out",
        releaseTag: "v1.4.0",
        repository: REPO,
        notes: "Fixes the sidecar",
        gh,
        door: recorded.door,
      };
      await finalize(request);
      return recorded.calls.map((c) => c.command);
    };

    const calls = await run();
    // Signed, notarized (app and DMG), stapled and assessed, in that order; the DMG came from hdiutil.
    const tools = [...new Set(calls.map((c) => c.slice(0, c[0] === "xcrun" ? 3 : 2).join(" ")))];
    assert.deepEqual(tools, [
      "xattr -cr",
      "codesign --force",
      "codesign --verify",
      "codesign -dvvv",
      "ditto -c",
      "xcrun notarytool submit",
      "xcrun notarytool wait",
      "xcrun stapler staple",
      "xcrun stapler validate",
      "spctl --assess",
      "rm -rf",
      "mkdir -p",
      "ditto Atlas.app",
      "ln -s",
      "hdiutil create",
    ]);
    assert.equal(calls.filter((c) => c.slice(0, 3).join(" ") === "xcrun notarytool submit").length, 2);

    const names = [
      "Atlas_1.4.0_aarch64.dmg",
      "Atlas_1.4.0_x64-setup.exe",
      "Atlas_aarch64.app.tar.gz",
      "Atlas_aarch64.app.tar.gz.sig",
      "latest.json",
    ];
    assert.deepEqual(assetsOf(s, "v1.4.0"), names);
    assert.equal(s.state.releases.length, releasesBefore, "no release was created");
    assert.ok(
      !s.requests.some(
        (q) =>
          q.method === "POST" &&
          /\/releases$/.test(q.path.split("?")[0]!) &&
          q.status < 300 &&
          s.requests.indexOf(q) > 1,
      ),
      "no release was created",
    );
    const release = s.state.releases.find((r) => r.tag_name === "v1.4.0")!;
    const asset = (name: string) => release.assets.find((a) => a.name === name)!.data;
    // The uploaded archive's signature verifies with minisign against the public key.
    const signature = asset("Atlas_aarch64.app.tar.gz.sig").toString("utf8").trim();
    const archiveFile = join(dir, "downloaded.tar.gz");
    writeFileSync(archiveFile, asset("Atlas_aarch64.app.tar.gz"));
    const verified = minisignVerify(dir, archiveFile, signature, keys.pub);
    assert.ok(verified.ok, verified.output);
    assert.equal(asset("Atlas_1.4.0_aarch64.dmg").toString(), "recorded disk image\n");
    // latest.json: this architecture added, Windows kept untouched.
    const latest = JSON.parse(asset("latest.json").toString("utf8"));
    assert.equal(latest.version, "1.4.0");
    assert.equal(latest.notes, "Fixes the sidecar");
    assert.equal(latest.pub_date, "2025-03-14T10:00:00.000Z");
    assert.deepEqual(latest.platforms["windows-x86_64"], windows);
    assert.equal(latest.platforms["darwin-aarch64"].signature, signature);
    // Both darwin keys: the archive's download URL as the release serves it, with the archive's signature.
    const served = (await gh.rest.repos.listReleaseAssets({ owner: "acme", repo: "atlas", release_id: release.id }))
      .data;
    const archiveUrl = served.find((a) => a.name === "Atlas_aarch64.app.tar.gz")!.browser_download_url;
    assert.deepEqual(latest.platforms["darwin-aarch64"], { signature, url: archiveUrl });
    assert.deepEqual(latest.platforms["darwin-aarch64-app"], { signature, url: archiveUrl });

    // A second run replaces each asset: same names, no duplicates, a new signature.
    const deletesBefore = s.requests.filter((q) => q.method === "DELETE").length;
    await run();
    assert.deepEqual(assetsOf(s, "v1.4.0"), names);
    assert.equal(
      s.requests.filter((q) => q.method === "DELETE").length - deletesBefore,
      4,
      "the archive, .sig, DMG and latest.json were replaced",
    );
    assert.equal(s.state.releases.length, releasesBefore);
    const again = JSON.parse(
      s.state.releases
        .find((r) => r.tag_name === "v1.4.0")!
        .assets.find((a) => a.name === "latest.json")!
        .data.toString("utf8"),
    );
    assert.deepEqual(again.platforms["windows-x86_64"], windows);
    assert.equal(
      again.platforms["darwin-aarch64"].signature,
      s.state.releases
        .find((r) => r.tag_name === "v1.4.0")!
        .assets.find((a) => a.name === "Atlas_aarch64.app.tar.gz.sig")!
        .data.toString("utf8")
        .trim(),
    );
  });
});

test("rollback-updater VERSION through the entry marks the earlier release latest on an immutable repository, uploading nothing", async (t) => {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  await withStandIn(
    async (s, gh) => {
      const sig = Buffer.from(
        "untrusted comment: signature from tauri secret key\nRUQold\ntrusted comment: timestamp:1\tfile:Atlas_aarch64.app.tar.gz\nold==\n",
      ).toString("base64");
      const manifest = (v: string) =>
        renderLatestJson({
          version: v,
          notes: `notes ${v}`,
          pub_date: "2025-03-01T12:00:00Z",
          platforms: {
            "darwin-aarch64": {
              signature: sig,
              url: `https://github.com/${REPO}/releases/download/v${v}/Atlas_aarch64.app.tar.gz`,
            },
          },
        });
      await releaseWithAssets(gh, "v1.3.0", { "latest.json": manifest("1.3.0") });
      await releaseWithAssets(gh, "v1.4.0", { "latest.json": manifest("1.4.0") });
      assert.ok(
        s.state.releases.every((r) => r.immutable),
        "both were published immutable",
      );
      const releasesBefore = s.state.releases.length;
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_TOKEN: s.token, GITHUB_API_URL: s.url };
      const before = s.requests.length;

      const r = await runEntryAsync(["rollback-updater", "1.3.0", "--github-repo", REPO], { cwd: tmp.dir, env });
      assert.equal(r.code, 0, r.stderr);
      // What an installed updater fetches is now the earlier manifest; no asset was uploaded or deleted.
      const served = await (await fetch(`${s.url}/${REPO}/releases/latest/download/latest.json`)).json();
      assert.equal((served as { version: string }).version, "1.3.0");
      const writes = s.requests.slice(before).filter((q) => q.method !== "GET");
      assert.deepEqual(
        writes.map((q) => `${q.method} ${q.status}`),
        ["PATCH 200"],
      );
      assert.equal(s.state.releases.length, releasesBefore);
      assert.match(r.stderr, /v1\.3\.0 is now the latest release \(was v1\.4\.0\)/);
      assert.match(r.stderr, /cut the next patch version/);
      assert.ok(!r.stderr.includes(s.token));

      // An unknown version: a clear error, and nothing changes.
      const bad = await runEntryAsync(["rollback-updater", "1.2.0", "--github-repo", REPO], { cwd: tmp.dir, env });
      assert.equal(bad.code, 1, bad.stderr);
      assert.match(
        bad.stderr,
        /updater\.rollback.*Cannot roll back the updater to 1\.2\.0: acme\/atlas has no release v1\.2\.0; nothing was changed/,
      );
      assert.equal(s.state.latestReleaseId, s.state.releases.find((x) => x.tag_name === "v1.3.0")!.id);
    },
    { immutable: true, immutableFlagsEditable: true },
  );
});

// GitHub's pages disagree on whether "latest" may move on an immutable release (see
// core/platform/releases.ts): when GitHub refuses, the rollback says so, changes nothing, and
// names the fix that works under either reading (the next patch release).
test("rollback-updater where GitHub refuses to move latest on an immutable release: a clear refusal, the next patch as the fix", async (t) => {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  await withStandIn(
    async (s, gh) => {
      const sig = Buffer.from(
        "untrusted comment: signature from tauri secret key\nRUQold\ntrusted comment: timestamp:1\tfile:Atlas.AppImage\nold==\n",
      ).toString("base64");
      const m = (v: string) =>
        renderLatestJson({
          version: v,
          notes: "n",
          pub_date: "2025-03-01T12:00:00Z",
          platforms: { "linux-x86_64": { signature: sig, url: `https://example.invalid/${v}/Atlas.AppImage` } },
        });
      await releaseWithAssets(gh, "v1.3.0", { "latest.json": m("1.3.0") });
      await releaseWithAssets(gh, "v1.4.0", { "latest.json": m("1.4.0") });
      const latestBefore = s.state.latestReleaseId;
      const before = s.requests.length;
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_TOKEN: s.token, GITHUB_API_URL: s.url };
      const r = await runEntryAsync(["rollback-updater", "1.3.0", "--github-repo", REPO], { cwd: tmp.dir, env });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /GitHub refuses to mark it as the latest release/);
      assert.match(r.stderr, /v1\.4\.0 stays latest/);
      assert.match(r.stderr, /cut the next patch version/);
      assert.equal(s.state.latestReleaseId, latestBefore);
      assert.ok(
        !s.requests.slice(before).some((q) => q.method === "POST" && q.path.includes("/assets")),
        "no upload tried",
      );
    },
    { immutable: true, immutableFlagsEditable: false },
  );
});
