/**
 * The one reader of tauri.conf.json: a missing file, one that is not plain JSON (a JSON5
 * config under the .json name, as Tauri allows) and a good one; the updater's public key
 * where Tauri 2 and Tauri 1 keep it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseTauriConf, readTauriConf, tauriUpdaterPubkey } from "../../tasks/lib/core/tauri-conf.ts";
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
