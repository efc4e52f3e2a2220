/**
 * One code path per latest.json key: the finalizer's own entries (`macosEntries`, from
 * the archive it made and the arch it read) are the entries CI's assembly
 * (`planEntries`, from the release's asset names) makes of the same archive, for any
 * product name that does not itself spell an architecture.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { updaterArchiveName } from "../../tasks/lib/macos/updater-archive.ts";
import { macosEntries, planEntries } from "../../tasks/lib/updater/entries.ts";
import { classifyArtifact } from "../../tasks/lib/updater/platforms.ts";

const byKey = (entries: { key: string; asset: string; signatureFile: string }[]) =>
  Object.fromEntries(entries.map((e) => [e.key, `${e.asset} ${e.signatureFile}`]));

test("the finalizer's entries are the ones CI's assembly makes of its archive", () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,12}( [A-Z][a-z]{0,8})?$/),
      fc.constantFrom("aarch64", "x86_64", "universal"),
      (product, arch) => {
        const archive = updaterArchiveName(product, arch);
        fc.pre(classifyArtifact(archive)?.arch === arch); // the name spells one arch: the one given
        assert.deepEqual(byKey(macosEntries(archive, arch)), byKey(planEntries([archive, `${archive}.sig`]).entries));
      },
    ),
  );
});

test("a universal archive serves both darwin arches under the plain and the app key", () => {
  assert.deepEqual(
    macosEntries("Atlas_universal.app.tar.gz", "universal").map((e) => e.key),
    ["darwin-aarch64", "darwin-aarch64-app", "darwin-x86_64", "darwin-x86_64-app"],
  );
  assert.throws(() => macosEntries("Atlas_i686.app.tar.gz", "i686"), /Tauri's updater knows darwin-aarch64/);
});
