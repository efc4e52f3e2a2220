import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { StandIn } from "../../tasks/stand-in/index.ts";
import { ReleaseError } from "../../tasks/lib/core/errors.ts";
import { downloadReleaseAsset, uploadReleaseAssets } from "../../tasks/lib/github/release-assets.ts";
import { rollbackUpdater } from "../../tasks/lib/macos/rollback.ts";
import { mergeManifest, renderLatestJson } from "../../tasks/lib/updater/manifest.ts";
import { publishDraftOf, releaseWithAssets, withStandIn } from "../helpers/stand-in.ts";
import { tempDirFor } from "../helpers/tmp.ts";

const REPO = "acme/atlas";
/** Shaped like a Tauri .sig: base64 of a minisign file whose trusted comment names the signed file. */
const sig = (file: string) =>
  Buffer.from(
    `untrusted comment: signature from tauri secret key\nRUQsig\ntrusted comment: timestamp:1\tfile:${file}\nsig==\n`,
  ).toString("base64");

function manifest(version: string, platforms: Record<string, string>): string {
  const entries = Object.fromEntries(
    Object.entries(platforms).map(([k, file]) => [
      k,
      { signature: sig(file), url: `https://github.com/${REPO}/releases/download/v${version}/${file}` },
    ]),
  );
  return renderLatestJson({ version, notes: `notes ${version}`, pub_date: "2025-06-01T12:00:00Z", platforms: entries });
}

const assetsOf = (s: StandIn, tag: string) =>
  Object.fromEntries(
    (s.state.releases.find((r) => r.tag_name === tag)?.assets ?? []).map((a) => [a.name, a.data.toString()]),
  );
const mutations = (s: StandIn, from = 0) => s.requests.slice(from).filter((q) => q.method !== "GET");

test("uploadReleaseAssets() replaces a same-name asset, adds the others, uploads latest.json last, returns download URLs", async (t) => {
  const dir = tempDirFor(t);
  await withStandIn(async (s, gh) => {
    await releaseWithAssets(
      gh,
      "v1.4.0",
      { "Atlas_aarch64.app.tar.gz": "old archive", "Atlas_1.4.0_x64.msi": "windows" },
      undefined,
      { draft: true },
    );
    const files = {
      "latest.json": "{}",
      "Atlas_aarch64.app.tar.gz": "new archive",
      "Atlas_aarch64.app.tar.gz.sig": "sig",
      "Atlas_1.4.0_aarch64.dmg": "dmg",
    };
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
    const before = s.requests.length;

    const result = await uploadReleaseAssets(gh, {
      repo: REPO,
      tag: "v1.4.0",
      files: Object.keys(files).map((f) => join(dir, f)),
    });

    assert.deepEqual(
      result.map((r) => [r.name, r.replaced]),
      [
        ["Atlas_aarch64.app.tar.gz", true],
        ["Atlas_aarch64.app.tar.gz.sig", false],
        ["Atlas_1.4.0_aarch64.dmg", false],
        ["latest.json", false],
      ],
    );
    assert.deepEqual(assetsOf(s, "v1.4.0"), { "Atlas_1.4.0_x64.msi": "windows", ...files });
    const writes = mutations(s, before);
    assert.equal(writes.filter((q) => q.method === "DELETE").length, 1, "only the replaced asset was deleted");
    assert.match(writes.at(-1)?.path ?? "", /assets\?name=latest\.json/);
    assert.ok(writes.every((q) => q.auth === "operator" && q.status < 300));
    // The URL is the public download an updater follows, once the cut publishes the draft.
    const archive = result.find((r) => r.name === "Atlas_aarch64.app.tar.gz");
    const id = s.state.releases.find((r) => r.tag_name === "v1.4.0")!.id;
    await gh.rest.repos.updateRelease({ owner: "acme", repo: "atlas", release_id: id, draft: false });
    assert.match(archive?.url ?? "", /\/acme\/atlas\/releases\/download\/v1\.4\.0\/Atlas_aarch64\.app\.tar\.gz$/);
    assert.equal(await (await fetch(archive!.url)).text(), "new archive");
  });
});

// The failure real projects met (softprops/action-gh-release#653, svenstaro/upload-release-action#159):
// an upload into a published immutable release, answered by GitHub with a bare 422.
test("uploadReleaseAssets() into a published release is refused with the reason, before any request that writes", async (t) => {
  const dir = tempDirFor(t);
  writeFileSync(join(dir, "Atlas_1.4.0_aarch64.dmg"), "dmg");
  for (const immutable of [true, false])
    await withStandIn(
      async (s, gh) => {
        await releaseWithAssets(gh, "v1.4.0", { "latest.json": "{}" });
        const before = s.requests.length;
        const e = await uploadReleaseAssets(gh, {
          repo: REPO,
          tag: "v1.4.0",
          files: [join(dir, "Atlas_1.4.0_aarch64.dmg")],
        }).then(
          () => assert.fail("expected a refusal"),
          (err: unknown) => err as ReleaseError,
        );
        assert.equal(e.code, immutable ? "release.immutable" : "release.published");
        assert.match(
          e.message,
          immutable
            ? /^Cannot upload to v1\.4\.0: the release is published and immutable, GitHub refuses any new/
            : /^Cannot upload to v1\.4\.0: the release is already published/,
        );
        assert.match(e.fix ?? "", /next patch version/);
        assert.deepEqual(mutations(s, before), []);
        // GitHub itself (the stand-in) gives the bare answer the toolkit spares the operator.
        if (immutable) {
          const r = s.state.releases[0]!;
          const res = await fetch(`${s.url}/uploads/repos/${REPO}/releases/${r.id}/assets?name=x.dmg`, {
            method: "POST",
            headers: { authorization: `token ${s.token}`, "content-type": "application/octet-stream" },
            body: "x",
          });
          assert.equal(res.status, 422);
          assert.equal(
            ((await res.json()) as { message: string }).message,
            "Cannot upload assets to an immutable release.",
          );
        }
      },
      { immutable },
    );
});

test("uploadReleaseAssets() to a tag without a release: a clear error, and nothing created", async (t) => {
  const dir = tempDirFor(t);
  writeFileSync(join(dir, "latest.json"), "{}");
  await withStandIn(async (s, gh) => {
    await releaseWithAssets(gh, "v1.3.0");
    const before = s.requests.length;
    const e = await uploadReleaseAssets(gh, { repo: REPO, tag: "v1.4.0", files: [join(dir, "latest.json")] }).then(
      () => assert.fail("expected a refusal"),
      (err: unknown) => err,
    );
    assert.ok(e instanceof ReleaseError);
    assert.equal(e.code, "release.missing");
    assert.match(e.message, /^Cannot find the release v1\.4\.0: acme\/atlas has no release \(not even a draft\)/);
    assert.match(e.fix ?? "", /no workflow ever creates one/);
    assert.deepEqual(mutations(s, before), [], "no POST (no release, no asset), no DELETE");
    assert.deepEqual(
      s.state.releases.map((r) => r.tag_name),
      ["v1.3.0"],
    );
  });
});

test("uploadReleaseAssets() refuses a missing file before any request", async (t) => {
  const dir = tempDirFor(t);
  await withStandIn(async (s, gh) => {
    await releaseWithAssets(gh, "v1.4.0", { "latest.json": "kept" }, undefined, { draft: true });
    const before = s.requests.length;
    await assert.rejects(
      uploadReleaseAssets(gh, { repo: REPO, tag: "v1.4.0", files: [join(dir, "missing.dmg")] }),
      /Cannot upload .*missing\.dmg: it is not a file/,
    );
    assert.equal(s.requests.length, before);
    assert.deepEqual(assetsOf(s, "v1.4.0"), { "latest.json": "kept" });
  });
});

test("downloadReleaseAsset() returns the bytes, undefined for an absent asset, and refuses a missing release", async () => {
  await withStandIn(async (_s, gh) => {
    await releaseWithAssets(gh, "v1.4.0", { "latest.json": manifest("1.4.0", { "windows-x86_64": "a.msi" }) });
    const bytes = await downloadReleaseAsset(gh, { repo: REPO, tag: "v1.4.0", name: "latest.json" });
    assert.equal(JSON.parse(bytes!.toString()).version, "1.4.0");
    assert.equal(await downloadReleaseAsset(gh, { repo: REPO, tag: "v1.4.0", name: "nope.json" }), undefined);
    await assert.rejects(
      downloadReleaseAsset(gh, { repo: REPO, tag: "v9.9.9", name: "latest.json" }),
      (e: unknown) => e instanceof ReleaseError && e.code === "release.missing",
    );
  });
});

test("download, merge and upload latest.json: the Windows entry already on the release is kept", async (t) => {
  const dir = tempDirFor(t);
  await withStandIn(async (s, gh) => {
    await releaseWithAssets(
      gh,
      "v1.4.0",
      { "latest.json": manifest("1.4.0", { "windows-x86_64": "Atlas_1.4.0_x64-setup.exe" }) },
      undefined,
      { draft: true },
    );
    const existing = await downloadReleaseAsset(gh, { repo: REPO, tag: "v1.4.0", name: "latest.json" });
    const mac = { signature: sig("Atlas_aarch64.app.tar.gz"), url: "https://example.invalid/Atlas_aarch64.app.tar.gz" };
    const doc = mergeManifest(existing, {
      version: "1.4.0",
      pubDate: "2025-06-02T00:00:00Z",
      entries: { "darwin-aarch64": mac, "darwin-aarch64-app": mac },
    });
    assert.equal(doc.notes, "notes 1.4.0", "the notes already on the release are kept when none are given");
    writeFileSync(join(dir, "latest.json"), renderLatestJson(doc));
    const [up] = await uploadReleaseAssets(gh, { repo: REPO, tag: "v1.4.0", files: [join(dir, "latest.json")] });
    assert.equal(up?.replaced, true);
    await publishDraftOf(gh, "v1.4.0");
    const served = await (await fetch(`${s.url}/acme/atlas/releases/latest/download/latest.json`)).json();
    assert.deepEqual(Object.keys(served.platforms).sort(), ["darwin-aarch64", "darwin-aarch64-app", "windows-x86_64"]);
  });
});

test("rollbackUpdater() marks the earlier release latest, so the updater is served its latest.json; no asset changes", async () => {
  await withStandIn(async (s, gh) => {
    const old = manifest("1.3.0", {
      "darwin-aarch64": "Atlas_aarch64.app.tar.gz",
      "windows-x86_64": "Atlas_1.3.0_x64_en-US.msi",
    });
    await releaseWithAssets(gh, "v1.3.0", { "latest.json": old });
    await releaseWithAssets(gh, "v1.4.0", {
      "latest.json": manifest("1.4.0", { "darwin-aarch64": "Atlas_aarch64.app.tar.gz" }),
      "Atlas_aarch64.app.tar.gz": "bad build",
    });
    const before = s.requests.length;

    const r = await rollbackUpdater(gh, { repo: REPO, version: "1.3.0", tagPrefix: "v" });
    assert.deepEqual(r, { to: "v1.3.0", from: "v1.4.0", version: "1.3.0", changed: true });

    const served = await (await fetch(`${s.url}/acme/atlas/releases/latest/download/latest.json`)).json();
    assert.deepEqual(served, JSON.parse(old));
    assert.equal(assetsOf(s, "v1.4.0")["Atlas_aarch64.app.tar.gz"], "bad build", "other assets untouched");
    assert.equal(assetsOf(s, "v1.3.0")["latest.json"], old, "the earlier release is unchanged");
    assert.deepEqual(
      mutations(s, before).map((q) => q.method),
      ["PATCH"],
    );
    // Again: already latest, nothing to change.
    assert.equal((await rollbackUpdater(gh, { repo: REPO, version: "1.3.0", tagPrefix: "v" })).changed, false);
  });
});

test("rollbackUpdater() refuses a version without a usable latest.json and changes nothing", async () => {
  await withStandIn(async (s, gh) => {
    await releaseWithAssets(gh, "v1.2.0", { "latest.json": "{ broken" });
    await releaseWithAssets(gh, "v1.3.0", { "Atlas.dmg": "no manifest here" });
    await releaseWithAssets(gh, "v1.3.1", {
      "latest.json": manifest("1.3.0", { "darwin-aarch64": "Atlas_aarch64.app.tar.gz" }),
    });
    await releaseWithAssets(gh, "v1.4.0", {
      "latest.json": manifest("1.4.0", { "darwin-aarch64": "Atlas_aarch64.app.tar.gz" }),
    });
    const before = s.requests.length;
    const code = async (version: string) =>
      rollbackUpdater(gh, { repo: REPO, version, tagPrefix: "v" }).then(
        () => "no error",
        (e: unknown) => (e instanceof ReleaseError && e.fix ? `${e.code}: ${e.message}` : String(e)),
      );
    assert.match(
      await code("1.3.0"),
      /^updater\.rollback: Cannot roll back to v1\.3\.0: that release has no latest\.json/,
    );
    assert.match(
      await code("1.2.0"),
      /^updater\.latest-json: Cannot roll back to v1\.2\.0: its latest\.json is not JSON/,
    );
    assert.match(await code("1.3.1"), /announces version 1\.3\.0/);
    // A version never released: worded as the rollback it is, not as an upload.
    assert.match(
      await code("0.9.0"),
      /^updater\.rollback: Cannot roll back the updater to 0\.9\.0: acme\/atlas has no release v0\.9\.0/,
    );
    assert.match(await code("latest"), /is not a version/);
    assert.deepEqual(mutations(s, before), []);
    assert.equal(JSON.parse(assetsOf(s, "v1.4.0")["latest.json"]!).version, "1.4.0");
  });
});
