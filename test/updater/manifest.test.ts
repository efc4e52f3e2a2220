import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { test } from "node:test";
import { macosEntries, planEntries } from "../../tasks/lib/updater/entries.ts";
import {
  mergeManifest,
  releaseAssetUrl,
  renderLatestJson,
  signedFileName,
  validateLatestJson,
} from "../../tasks/lib/updater/manifest.ts";
import { verifyMinisign } from "../../tasks/lib/signing/minisign-verify.ts";
import { ARTIFACTS, generateKey, hasMinisign, hasTauri, minisignVerify, signedArtifact } from "./fixtures.ts";
import { tempDirFor } from "../helpers/tmp.ts";

const BASE = "https://github.com/acme/atlas/releases/download/v1.4.0";
const url = (name: string) => `${BASE}/${name}`;
/** A signature shaped like Tauri's whose trusted comment names `file`. */
const fakeSig = (file: string) =>
  Buffer.from(
    `untrusted comment: signature from tauri secret key\nRUQsig\ntrusted comment: timestamp:1\tfile:${file}\nsig==\n`,
  ).toString("base64");
const entry = (name: string) => ({ signature: fakeSig(name), url: url(name) });

test("mergeManifest() keeps every other platform, the existing notes and unknown fields; replaces version and date", () => {
  const existing = {
    version: "1.4.0",
    notes: "Written by the release cut",
    pub_date: "2025-06-01T10:00:00Z",
    channel: "stable",
    platforms: { "windows-x86_64": entry(ARTIFACTS.msi), "linux-x86_64": entry(ARTIFACTS.appImage) },
  };
  const doc = mergeManifest(renderLatestJson(validateLatestJson(existing)), {
    version: "v1.4.0",
    pubDate: "2025-06-01T12:00:00.000Z",
    entries: Object.fromEntries(macosEntries(ARTIFACTS.macArm, "aarch64").map((e) => [e.key, entry(e.asset)])),
  });
  assert.equal(doc.version, "1.4.0");
  assert.equal(doc.notes, "Written by the release cut", "notes not given: the existing ones stay");
  assert.equal(doc.pub_date, "2025-06-01T12:00:00.000Z");
  assert.equal((doc as unknown as { channel: string }).channel, "stable");
  assert.deepEqual(Object.keys(doc.platforms), [
    "windows-x86_64",
    "linux-x86_64",
    "darwin-aarch64",
    "darwin-aarch64-app",
  ]);
  assert.deepEqual(doc.platforms["darwin-aarch64-app"], entry(ARTIFACTS.macArm));
  assert.equal(
    mergeManifest(existing, { version: "1.4.0", notes: "New", pubDate: doc.pub_date, entries: {} }).notes,
    "New",
  );
});

test("validateLatestJson() refuses an entry that is not its signed artifact: the DMG, another arch, another file's signature", () => {
  const doc = (platforms: Record<string, unknown>) => ({
    version: "1.4.0",
    pub_date: "2025-06-01T12:00:00Z",
    platforms,
  });
  const refused: [Record<string, unknown>, RegExp][] = [
    // What the finalizer used to write: the DMG under -app with the archive's signature.
    [
      { "darwin-aarch64-app": { signature: fakeSig(ARTIFACTS.macArm), url: url(ARTIFACTS.dmg) } },
      /points at Atlas_1\.4\.0_aarch64\.dmg, a disk image the updater cannot install/,
    ],
    [{ "darwin-x86_64": entry(ARTIFACTS.macArm) }, /an artifact for darwin-aarch64/],
    [{ "darwin-x64": entry(ARTIFACTS.macIntel) }, /is not a Tauri platform key/],
    [{ "linux-x86_64-deb": entry(ARTIFACTS.appImage) }, /an artifact for the appimage installer, not deb/],
    [
      { "windows-x86_64": { signature: fakeSig(ARTIFACTS.nsis), url: url(ARTIFACTS.msi) } },
      /signs Atlas_1\.4\.0_x64-setup\.exe, not Atlas_1\.4\.0_x64_en-US\.msi/,
    ],
    [
      { "darwin-aarch64": { signature: "bm90IGEgc2lnbmF0dXJl", url: url(ARTIFACTS.macArm) } },
      /not the content of a Tauri \.sig file/,
    ],
    [
      { "darwin-aarch64": { ...entry(ARTIFACTS.macArm), url: "ftp://example.com/Atlas_aarch64.app.tar.gz" } },
      /not an http\(s\) URL/,
    ],
  ];
  for (const [platforms, message] of refused)
    assert.throws(
      () => validateLatestJson(doc(platforms)),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, "updater.latest-json");
        assert.match(e.message, /^Cannot use latest\.json: /);
        assert.match(e.message, message);
        return true;
      },
    );
  assert.throws(
    () => validateLatestJson({ ...doc({ "darwin-aarch64": entry(ARTIFACTS.macArm) }), version: "1.4" }),
    /version is not a semantic version/,
  );
  assert.throws(
    () => validateLatestJson({ ...doc({ "darwin-aarch64": entry(ARTIFACTS.macArm) }), pub_date: "2025-06-01 12:00" }),
    /pub_date is not an RFC 3339 date/,
  );
  assert.throws(() => validateLatestJson(doc({})), /platforms is missing or empty/);
  // pub_date is optional for the updater (a manifest without one is accepted); an empty signature is not.
  const { pub_date: _omitted, ...undated } = doc({ "darwin-aarch64": entry(ARTIFACTS.macArm) });
  assert.ok(validateLatestJson(undated));
  assert.throws(
    () => validateLatestJson(doc({ "windows-x86_64": { signature: "", url: url(ARTIFACTS.nsis) } })),
    /signature is missing or empty/,
  );
  // A renamed archive (seen in real pipelines, e.g. `app-v1.4.0-darwin-arm64.tar.gz`) is judged by its signature.
  assert.ok(validateLatestJson(doc({ "darwin-aarch64-app": entry("atlas-v1.4.0-darwin-arm64.tar.gz") })));
  assert.throws(
    () =>
      validateLatestJson(
        doc({ "darwin-aarch64-app": { signature: fakeSig("other.tar.gz"), url: url("atlas-darwin.tar.gz") } }),
      ),
    /signs other\.tar\.gz, not atlas-darwin\.tar\.gz/,
  );
  // A universal archive may serve both darwin architectures.
  assert.ok(
    validateLatestJson(
      doc({
        "darwin-x86_64": entry("Atlas_universal.app.tar.gz"),
        "darwin-aarch64-app": entry("Atlas_universal.app.tar.gz"),
      }),
    ),
  );
});

test("planEntries() maps every platform's signed artifact to its installer key and the plain key; unsigned ones are skipped", () => {
  const names = Object.values(ARTIFACTS)
    .flatMap((n) => [n, `${n}.sig`])
    .filter((n) => n !== `${ARTIFACTS.dmg}.sig` && n !== `${ARTIFACTS.rpm}.sig`);
  const plan = planEntries(names);
  assert.deepEqual(
    plan.entries.map((e) => `${e.key} -> ${e.asset}`),
    [
      `darwin-x86_64 -> ${ARTIFACTS.macIntel}`,
      `darwin-x86_64-app -> ${ARTIFACTS.macIntel}`,
      `darwin-aarch64 -> ${ARTIFACTS.macArm}`,
      `darwin-aarch64-app -> ${ARTIFACTS.macArm}`,
      `linux-x86_64 -> ${ARTIFACTS.appImage}`,
      `linux-x86_64-appimage -> ${ARTIFACTS.appImage}`,
      `linux-x86_64-deb -> ${ARTIFACTS.deb}`,
      `windows-x86_64 -> ${ARTIFACTS.msi}`,
      `windows-x86_64-msi -> ${ARTIFACTS.msi}`,
      `windows-x86_64-nsis -> ${ARTIFACTS.nsis}`,
    ],
  );
  assert.ok(plan.entries.every((e) => e.signatureFile === `${e.asset}.sig`));
  assert.deepEqual(plan.skipped, [
    { asset: ARTIFACTS.rpm, why: `no ${ARTIFACTS.rpm}.sig on the release (not signed for the updater)` },
  ]);
  // Tauri's bundler names the macOS archive without an arch: reported, never guessed.
  assert.deepEqual(planEntries(["Atlas.app.tar.gz", "Atlas.app.tar.gz.sig"]), {
    entries: [],
    skipped: [
      {
        asset: "Atlas.app.tar.gz",
        why: "no single architecture in its name (rename it <App>_<arch>..., as tauri-action does)",
      },
    ],
  });
  // A universal archive fills an arch only where no thin archive is.
  const uni = planEntries([
    "Atlas_universal.app.tar.gz",
    "Atlas_universal.app.tar.gz.sig",
    ARTIFACTS.macArm,
    `${ARTIFACTS.macArm}.sig`,
  ]);
  assert.deepEqual(
    uni.entries.map((e) => `${e.key} -> ${e.asset}`),
    [
      "darwin-x86_64 -> Atlas_universal.app.tar.gz",
      "darwin-x86_64-app -> Atlas_universal.app.tar.gz",
      `darwin-aarch64 -> ${ARTIFACTS.macArm}`,
      `darwin-aarch64-app -> ${ARTIFACTS.macArm}`,
    ],
  );
  // Two signed MSIs for one platform (two languages): refused, not guessed.
  assert.throws(
    () =>
      planEntries([
        ARTIFACTS.msi,
        `${ARTIFACTS.msi}.sig`,
        "Atlas_1.4.0_x64_fr-FR.msi",
        "Atlas_1.4.0_x64_fr-FR.msi.sig",
      ]),
    /Cannot choose the windows-x86_64-msi artifact: the release has 2: Atlas_1\.4\.0_x64_en-US\.msi, Atlas_1\.4\.0_x64_fr-FR\.msi/,
  );
});

test("latest.json for macOS arm64 + x64 beside the Linux and Windows entries: every entry's signature verifies with minisign, and in code", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  if (!hasMinisign()) return t.skip("minisign is not installed (apt-get install minisign)");
  const dir = tempDirFor(t, "updater-manifest-");
  const keys = generateKey(dir, "pw");
  const other = generateKey(dir, "pw", "other");
  const sigs = Object.fromEntries(
    Object.values(ARTIFACTS)
      .filter((n) => n !== ARTIFACTS.dmg)
      .map((n) => [n, signedArtifact(dir, n, keys.key, "pw")]),
  );
  const plan = planEntries(Object.keys(sigs).flatMap((n) => [n, `${n}.sig`]));
  const existing = mergeManifest(undefined, {
    version: "1.4.0",
    notes: "From the Linux and Windows legs",
    pubDate: "2025-06-01T10:00:00Z",
    entries: Object.fromEntries(
      plan.entries
        .filter((e) => !e.key.startsWith("darwin"))
        .map((e) => [e.key, { url: url(e.asset), signature: sigs[e.asset]! }]),
    ),
  });
  // The two macOS legs, one after the other, as the finalizer merges them.
  let doc = existing;
  for (const [archive, arch] of [
    [ARTIFACTS.macArm, "aarch64"],
    [ARTIFACTS.macIntel, "x86_64"],
  ] as const)
    doc = mergeManifest(renderLatestJson(doc), {
      version: "1.4.0",
      pubDate: "2025-06-01T12:00:00Z",
      entries: Object.fromEntries(
        macosEntries(archive, arch).map((e) => [
          e.key,
          { url: releaseAssetUrl("acme/atlas", "v1.4.0", e.asset), signature: sigs[e.asset]! },
        ]),
      ),
    });
  assert.equal(doc.notes, "From the Linux and Windows legs");
  assert.deepEqual(Object.keys(doc.platforms).sort(), [
    "darwin-aarch64",
    "darwin-aarch64-app",
    "darwin-x86_64",
    "darwin-x86_64-app",
    "linux-x86_64",
    "linux-x86_64-appimage",
    "linux-x86_64-deb",
    "linux-x86_64-rpm",
    "windows-x86_64",
    "windows-x86_64-msi",
    "windows-x86_64-nsis",
  ]);
  for (const [key, e] of Object.entries(doc.platforms)) {
    const file = join(dir, basename(new URL(e.url).pathname));
    assert.equal(signedFileName(e.signature), basename(file), key);
    const checked = minisignVerify(dir, file, e.signature, keys.pub);
    assert.ok(checked.ok, `${key}: ${checked.output}`);
    const inCode = verifyMinisign(readFileSync(file), e.signature, readFileSync(keys.pub, "utf8"));
    assert.ok(inCode.ok, `${key}: ${inCode.ok ? "" : inCode.reason}`);
  }
  // The checks can fail: another key, or a changed file, is refused by minisign and by the code alike.
  const [key0, e0] = Object.entries(doc.platforms)[0]!;
  const file0 = join(dir, basename(new URL(e0.url).pathname));
  assert.equal(minisignVerify(dir, file0, e0.signature, other.pub).ok, false, key0);
  const wrongKey = verifyMinisign(readFileSync(file0), e0.signature, readFileSync(other.pub, "utf8"));
  assert.ok(!wrongKey.ok && /not .* \(the configured pubkey\)/.test(wrongKey.reason));
  writeFileSync(file0, "tampered");
  assert.equal(minisignVerify(dir, file0, e0.signature, keys.pub).ok, false);
  const tampered = verifyMinisign(readFileSync(file0), e0.signature, readFileSync(keys.pub, "utf8"));
  assert.ok(!tampered.ok && /does not match the file/.test(tampered.reason));
});
