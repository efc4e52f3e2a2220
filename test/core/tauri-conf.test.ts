/**
 * The one reader of tauri.conf.json: a missing file, one that is not plain JSON (a JSON5
 * config under the .json name, as Tauri allows) and a good one; the updater's public key
 * where Tauri 2 and Tauri 1 keep it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { releaseBuiltApps } from "../../tasks/lib/core/tauri-builds.ts";
import { appConfPath, parseTauriConf, readTauriConf, tauriUpdaterPubkey } from "../../tasks/lib/core/tauri-conf.ts";
import { tempDirFor, writeFiles } from "../helpers/tmp.ts";

test("readTauriConf(): missing, unparsable, or parsed", (t) => {
  const root = tempDirFor(t);
  writeFiles(root, {
    "src-tauri/tauri.conf.json": '{ "productName": "Atlas" }',
    "app/tauri.conf.json": "{ productName: 'Atlas', } // JSON5",
  });
  assert.deepEqual(readTauriConf(root, "src-tauri"), {
    path: "src-tauri/tauri.conf.json",
    exists: true,
    conf: { productName: "Atlas" },
  });
  assert.deepEqual(readTauriConf(root, "desktop"), { path: "desktop/tauri.conf.json", exists: false });
  const json5 = readTauriConf(root, "app");
  assert.equal(json5.exists, true);
  assert.equal(json5.conf, undefined);
  assert.match(json5.error!, /JSON/);
  assert.equal(parseTauriConf("{ productName: 'Atlas' }"), undefined);
});

test("tauriUpdaterPubkey(): Tauri 2's plugins.updater, else Tauri 1's tauri.updater; blank is unset", () => {
  assert.equal(
    tauriUpdaterPubkey({ plugins: { updater: { pubkey: "v2key" } }, tauri: { updater: { pubkey: "v1" } } }),
    "v2key",
  );
  assert.equal(tauriUpdaterPubkey({ tauri: { updater: { active: true, pubkey: "v1key" } } }), "v1key");
  assert.equal(tauriUpdaterPubkey({ plugins: { updater: { pubkey: "  " } } }), undefined);
  assert.equal(tauriUpdaterPubkey({ plugins: { updater: { pubkey: 42 } } }), undefined);
  assert.equal(tauriUpdaterPubkey(undefined), undefined);
});

test("appConfPath(): the app a release builds, else the nearest outside test, fixture and example folders", () => {
  // tauri-apps/tauri-action at ef5e677: its Tauri projects are test fixtures under .github/fixtures, no app.
  const fixtures = [".github/fixtures/example-with-tauri-v1/src-tauri/tauri.conf.json", "tests/app/tauri.conf.json"];
  assert.equal(appConfPath(fixtures), undefined);
  assert.equal(
    appConfPath(["examples/demo/src-tauri/tauri.conf.json", "app/src-tauri/tauri.conf.json"]),
    "app/src-tauri/tauri.conf.json",
  );
  assert.equal(appConfPath(["desktop/tauri.conf.json", "src-tauri/tauri.conf.json"]), "src-tauri/tauri.conf.json");
  // ...unless a release workflow builds one of them: that one is the app
  assert.equal(appConfPath(fixtures, undefined, ["tests/app"]), "tests/app/tauri.conf.json");
  assert.equal(
    appConfPath(["examples/demo/src-tauri/tauri.conf.json", "src-tauri/tauri.conf.json"], undefined, ["examples/demo"]),
    "examples/demo/src-tauri/tauri.conf.json",
  );
});

test("releaseBuiltApps(): tauri-action's projectPath and tauri build's folder or --config, in release workflows only", () => {
  const release = `on:
  push:
    tags: ["v*"]
jobs:
  app:
    steps:
      - uses: tauri-apps/tauri-action@v0
        with:
          projectPath: ./desktop
  cli:
    defaults:
      run:
        working-directory: gui
    steps:
      - run: npm run tauri build -- --config src-tauri/tauri.release.json
`;
  const ci = `on: [push, pull_request]
jobs:
  test:
    steps:
      - uses: tauri-apps/tauri-action@v0
        with:
          projectPath: .github/fixtures/app
`;
  assert.deepEqual(
    releaseBuiltApps([
      { path: ".github/workflows/release.yml", text: release },
      { path: ".github/workflows/ci.yml", text: ci },
      { path: ".github/workflows/broken.yml", text: "on: [" },
    ]),
    ["desktop", "gui/src-tauri/tauri.release.json"],
  );
});
