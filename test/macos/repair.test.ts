import assert from "node:assert/strict";
import { lstatSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { applyRepairs, applyRepairsToScan, planRepairs } from "../../tasks/lib/macos/repair.ts";
import { scanBundle } from "../../tasks/lib/macos/scan.ts";
import { flattenedLayout, goodLayout, HELPERFW, INTERNAL, PYFW, SIDE, snapshot, writeTree } from "./fixtures.ts";
import { tempFixture } from "../helpers/tmp.ts";

const OPTS = { executable: "atlas" };

function app(t: { after(fn: () => void): void }, tree: ReturnType<typeof goodLayout>) {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  const root = join(tmp.dir, "Atlas.app");
  writeTree(root, tree);
  return root;
}

test("planRepairs() finds nothing to do in the good layout", async (t) => {
  const root = app(t, goodLayout());
  assert.deepEqual(await planRepairs(root, await scanBundle(root), OPTS), []);
});

test("a flattened bundle is repaired link by link, and exec bits come back on code and entry points only", async (t) => {
  const tree = flattenedLayout();
  // Helper.framework lost its links entirely (the other failure of artifact transfers).
  const root = app(t, tree);
  const repairs = await planRepairs(root, await scanBundle(root), OPTS);
  assert.deepEqual(
    repairs.filter((r) => r.op.type === "symlink").map((r) => [r.path, r.action]),
    [
      [`${PYFW}/Versions/Current`, "replace byte-identical copy by symlink -> 3.12"],
      [`${PYFW}/Python`, "replace byte-identical copy by symlink -> Versions/Current/Python"],
      [`${PYFW}/Resources`, "replace byte-identical copy by symlink -> Versions/Current/Resources"],
      [`${INTERNAL}/Python`, "replace byte-identical copy by symlink -> Python.framework/Versions/Current/Python"],
      [`${HELPERFW}/Versions/Current`, "create missing symlink -> A"],
      [`${HELPERFW}/Helper`, "create missing symlink -> Versions/Current/Helper"],
      [`${HELPERFW}/Resources`, "create missing symlink -> Versions/Current/Resources"],
    ],
  );
  assert.deepEqual(
    repairs.filter((r) => r.op.type === "chmod").map((r) => r.path),
    [
      `${HELPERFW}/Versions/A/Helper`,
      "Contents/MacOS/atlas",
      `${SIDE}/_internal/helper`,
      `${SIDE}/_internal/legacy/libold.dylib`,
      `${SIDE}/_internal/libcrypto.3.dylib`,
      `${SIDE}/_internal/numpy/_core/_multiarray_umath.cpython-312-darwin.so`,
      `${PYFW}/Versions/3.12/Python`,
      `${PYFW}/Versions/3.12/bin/python3.12`,
      `${PYFW}/Versions/3.12/lib/python3.12/lib-dynload/_ssl.cpython-312-darwin.so`,
      `${SIDE}/atlas-server`,
    ].sort(),
  );
  const predicted = applyRepairsToScan(await scanBundle(root), repairs);
  await applyRepairs(root, repairs);

  const link = (p: string) =>
    lstatSync(join(root, p)).isSymbolicLink() ? readlinkSync(join(root, p)) : "(not a symlink)";
  assert.equal(link(`${PYFW}/Versions/Current`), "3.12");
  assert.equal(link(`${PYFW}/Python`), "Versions/Current/Python");
  assert.equal(link(`${PYFW}/Resources`), "Versions/Current/Resources");
  assert.equal(link(`${INTERNAL}/Python`), "Python.framework/Versions/Current/Python");
  assert.equal(link(`${HELPERFW}/Versions/Current`), "A");
  assert.equal(link(`${HELPERFW}/Helper`), "Versions/Current/Helper");
  assert.equal(link(`${HELPERFW}/Resources`), "Versions/Current/Resources");
  const mode = (p: string) => (lstatSync(join(root, p)).mode & 0o777).toString(8);
  assert.equal(mode("Contents/MacOS/atlas"), "755");
  assert.equal(mode(`${SIDE}/atlas-server`), "755");
  assert.equal(mode(`${INTERNAL}/helper`), "755");
  assert.equal(mode(`${INTERNAL}/fake.dylib`), "644", "a file named like a library is not code");
  assert.equal(mode(`${INTERNAL}/Hello.class`), "644", "a Java class file is not a universal binary");

  // The repaired tree is now exactly the good layout, and exactly what was predicted.
  const good = tempFixture();
  t.after(good.cleanup);
  writeTree(join(good.dir, "Atlas.app"), goodLayout());
  assert.deepEqual(snapshot(root), snapshot(join(good.dir, "Atlas.app")));
  const rescanned = await scanBundle(root);
  const shape = (s: typeof rescanned) =>
    s.entries.map((e) => `${e.path} ${e.type} ${e.target ?? ""} ${e.mode?.toString(8) ?? ""}`);
  assert.deepEqual(shape(rescanned), shape(predicted));
  assert.deepEqual(await planRepairs(root, rescanned, OPTS), [], "a second repair finds nothing");
});

test("a copy that differs from its target is not replaced: the error shows the difference and nothing changes", async (t) => {
  const tree = flattenedLayout();
  tree[`${PYFW}/Versions/Current/Resources/Info.plist`] = { file: "<plist>edited</plist>" };
  const root = app(t, tree);
  const before = snapshot(root);
  await assert.rejects(planRepairs(root, await scanBundle(root), OPTS), (e: Error & { code?: string }) => {
    assert.equal(e.code, "macos.repair-mismatch");
    assert.match(e.message, /Versions\/Current/);
    assert.match(e.message, /Resources\/Info\.plist: \d+ bytes in the copy, \d+ in the original/);
    return true;
  });
  assert.deepEqual(snapshot(root), before);
});

test("a top-level copy that differs is refused with the difference", async (t) => {
  const tree = flattenedLayout();
  tree[`${INTERNAL}/Python`] = {
    file: Buffer.concat([
      (tree[`${PYFW}/Versions/3.12/Python`] as { file: Buffer }).file.subarray(0, 20),
      Buffer.from("XXXXXXXXXXXXXXXXXXXXXXXX"),
    ]),
  };
  const root = app(t, tree);
  await assert.rejects(
    planRepairs(root, await scanBundle(root), OPTS),
    /Cannot replace .*_internal\/Python by a symlink.*\n.*contents differ from byte 20|bytes in the copy/,
  );
});

test("symlinks that leave the bundle are refused, each one listed", async (t) => {
  const root = app(t, goodLayout());
  symlinkSync("/usr/lib/libz.dylib", join(root, INTERNAL, "libz.dylib"));
  symlinkSync("../../../../../outside", join(root, INTERNAL, "up"));
  writeFileSync(join(root, "Contents/Resources/ok-link-target"), "x");
  symlinkSync("../Resources/ok-link-target", join(root, "Contents/MacOS/inside"));
  await assert.rejects(planRepairs(root, await scanBundle(root), OPTS), (e: Error & { code?: string }) => {
    assert.equal(e.code, "macos.symlink-escapes");
    assert.match(e.message, /2 symlink\(s\)/);
    assert.match(e.message, /libz\.dylib -> \/usr\/lib\/libz\.dylib/);
    assert.match(e.message, /up -> \.\.\/\.\.\/\.\.\/\.\.\/\.\.\/outside/);
    assert.doesNotMatch(e.message, /inside/);
    return true;
  });
});
