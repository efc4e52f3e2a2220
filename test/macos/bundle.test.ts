import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { create } from "tar";
import { rebuildApp, resolveBundle } from "../../tasks/lib/macos/bundle.ts";
import { goodLayout, INTERNAL, snapshot, writeTree } from "./fixtures.ts";
import { tempFixture } from "../helpers/tmp.ts";

test("resolveBundle() accepts the .app itself and reads an XML Info.plist", async (t) => {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  writeTree(join(tmp.dir, "Atlas.app"), goodLayout());
  const b = await resolveBundle(join(tmp.dir, "Atlas.app"));
  assert.equal(b.shape, "app");
  assert.equal(b.appName, "Atlas.app");
  assert.deepEqual(b.info, { name: "Atlas", executable: "atlas", identifier: "org.example.atlas", version: "1.4.0" });
});

test("resolveBundle() finds the one .app at any depth of a folder", async (t) => {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  writeTree(join(tmp.dir, "download/bundle/macos/Atlas.app"), goodLayout());
  writeFileSync(join(tmp.dir, "download/README.txt"), "x");
  const b = await resolveBundle(join(tmp.dir, "download"));
  assert.equal(b.shape, "folder");
  assert.equal(b.appPath, join(tmp.dir, "download/bundle/macos/Atlas.app"));
});

test("an artifact folder holding the bundle's contents (binary Info.plist) gets X.app rebuilt around it", async (t) => {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  const artifact = join(tmp.dir, "macos-app-artifact");
  writeTree(artifact, goodLayout({ binaryPlist: true }));
  const before = snapshot(artifact);
  const b = await resolveBundle(artifact);
  assert.equal(b.shape, "artifact");
  assert.equal(b.appName, "Atlas.app", "named from CFBundleName in the binary plist");
  assert.equal(b.info.version, "1.4.0");
  assert.deepEqual(snapshot(artifact), before, "resolving changes nothing");
  const rebuilt = await rebuildApp(b);
  assert.equal(rebuilt.root, join(artifact, "Atlas.app"));
  assert.deepEqual(snapshot(rebuilt.root), before);
  assert.ok(!existsSync(join(artifact, "Contents")));
});

test("a .tar.gz of the app is extracted with its symlinks and modes", async (t) => {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  writeTree(join(tmp.dir, "src/Atlas.app"), goodLayout());
  const tarball = join(tmp.dir, "Atlas.app.tar.gz");
  await create({ gzip: true, file: tarball, cwd: join(tmp.dir, "src"), portable: true }, ["Atlas.app"]);
  const b = await resolveBundle(tarball, { workDir: join(tmp.dir, "work") });
  assert.equal(b.shape, "tar");
  assert.equal(b.appPath, join(tmp.dir, "work/Atlas.app"));
  assert.equal(readlinkSync(join(b.appPath, INTERNAL, "Python")), "Python.framework/Versions/Current/Python");
  assert.equal(lstatSync(join(b.appPath, "Contents/MacOS/atlas")).mode & 0o777, 0o755);
  assert.deepEqual(snapshot(b.appPath), snapshot(join(tmp.dir, "src/Atlas.app")));
});

test("a plain .tar of an artifact folder resolves to a bundle to rebuild", async (t) => {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  writeTree(join(tmp.dir, "src"), goodLayout());
  const tarball = join(tmp.dir, "artifact.tar");
  await create({ file: tarball, cwd: join(tmp.dir, "src") }, ["Contents"]);
  const b = await resolveBundle(tarball, { workDir: join(tmp.dir, "work") });
  assert.equal(b.needsRebuild, true);
  assert.equal(b.appPath, join(tmp.dir, "work/Atlas.app"));
});

test("two candidate bundles, none, or a stray file: an error that lists what was found", async (t) => {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  writeTree(join(tmp.dir, "two/a/Atlas.app"), goodLayout());
  writeTree(join(tmp.dir, "two/b/Atlas Beta.app"), goodLayout());
  await assert.rejects(resolveBundle(join(tmp.dir, "two")), /holds 2 bundles: a\/Atlas\.app, b\/Atlas Beta\.app/);
  mkdirSync(join(tmp.dir, "none/logs"), { recursive: true });
  writeFileSync(join(tmp.dir, "none/build.txt"), "x");
  await assert.rejects(resolveBundle(join(tmp.dir, "none")), /found build\.txt, logs\//);
  writeFileSync(join(tmp.dir, "Atlas.zip"), "PK");
  await assert.rejects(
    resolveBundle(join(tmp.dir, "Atlas.zip")),
    /is a file, not a \.app folder or a \.tar\/\.tar\.gz/,
  );
  await assert.rejects(resolveBundle(join(tmp.dir, "missing.app")), /does not exist/);
  writeFileSync(join(tmp.dir, "broken.tar.gz"), "not gzip");
  await assert.rejects(
    resolveBundle(join(tmp.dir, "broken.tar.gz"), { workDir: join(tmp.dir, "w") }),
    /Cannot extract|Cannot find an app bundle/,
  );
});
