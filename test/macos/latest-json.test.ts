import assert from "node:assert/strict";
import { test } from "node:test";
import { ReleaseError } from "../../tasks/lib/core/errors.ts";
import {
  mergeLatestJson,
  renderLatestJson,
  validateLatestJson,
  type LatestJsonEntry,
} from "../../tasks/lib/macos/latest-json.ts";

/** Signatures shaped like Tauri's: base64 of a minisign signature file. */
const sig = (tag: string) =>
  Buffer.from(
    `untrusted comment: signature from tauri secret key\nRUQ${tag}\ntrusted comment: timestamp:1\tfile:x\n${tag}==\n`,
  ).toString("base64");
const BASE = "https://github.com/acme/atlas/releases/download/v1.4.0";

const entry = (over: Partial<LatestJsonEntry> = {}): LatestJsonEntry => ({
  version: "1.4.0",
  notes: "Faster sync.",
  pubDate: "2025-06-01T12:00:00.000Z",
  arch: "aarch64",
  signature: sig("mac-arm"),
  url: `${BASE}/Atlas_aarch64.app.tar.gz`,
  ...over,
});

test("mergeLatestJson() on a fresh release sets version, notes, date and both darwin entries", () => {
  const doc = mergeLatestJson(undefined, entry());
  assert.deepEqual(doc, {
    version: "1.4.0",
    notes: "Faster sync.",
    pub_date: "2025-06-01T12:00:00.000Z",
    platforms: {
      "darwin-aarch64": { signature: sig("mac-arm"), url: `${BASE}/Atlas_aarch64.app.tar.gz` },
      "darwin-aarch64-app": { signature: sig("mac-arm"), url: `${BASE}/Atlas_aarch64.app.tar.gz` },
    },
  });
  assert.equal(renderLatestJson(doc), `${JSON.stringify(doc, null, 2)}\n`);
});

test("mergeLatestJson() keeps the other platforms and unknown fields untouched, replaces only this arch", () => {
  const existing = {
    version: "1.4.0",
    notes: "old notes",
    pub_date: "2025-06-01T11:00:00Z",
    extra: { kept: true },
    platforms: {
      "windows-x86_64": { signature: sig("win"), url: `${BASE}/Atlas_x64-setup.exe`, with: "extra" },
      "linux-x86_64": { signature: sig("linux"), url: `${BASE}/Atlas_amd64.AppImage` },
      "darwin-x86_64": { signature: sig("mac-intel"), url: `${BASE}/Atlas_x86_64.app.tar.gz` },
      "darwin-aarch64": { signature: sig("stale"), url: `${BASE}/stale.tar.gz` },
    },
  };
  const before = structuredClone(existing);
  const doc = mergeLatestJson(existing, entry({ appUrl: `${BASE}/Atlas_aarch64.app.tar.gz?app` }));
  assert.deepEqual(existing, before, "the input is not mutated");
  assert.equal(doc.notes, "Faster sync.");
  assert.equal(doc.pub_date, "2025-06-01T12:00:00.000Z");
  assert.deepEqual((doc as unknown as { extra: unknown }).extra, { kept: true });
  assert.deepEqual(doc.platforms["windows-x86_64"], existing.platforms["windows-x86_64"]);
  assert.deepEqual(doc.platforms["linux-x86_64"], existing.platforms["linux-x86_64"]);
  assert.deepEqual(doc.platforms["darwin-x86_64"], existing.platforms["darwin-x86_64"]);
  assert.deepEqual(doc.platforms["darwin-aarch64"], {
    signature: sig("mac-arm"),
    url: `${BASE}/Atlas_aarch64.app.tar.gz`,
  });
  assert.deepEqual(doc.platforms["darwin-aarch64-app"], {
    signature: sig("mac-arm"),
    url: `${BASE}/Atlas_aarch64.app.tar.gz?app`,
  });
  assert.equal(Object.keys(doc.platforms).length, 5);

  // The x86_64 build then adds its pair and keeps the arm64 one.
  const both = mergeLatestJson(
    JSON.parse(renderLatestJson(doc)),
    entry({ arch: "x86_64", signature: sig("intel-new"), url: `${BASE}/Atlas_x86_64.app.tar.gz` }),
  );
  assert.deepEqual(both.platforms["darwin-aarch64"], doc.platforms["darwin-aarch64"]);
  assert.equal(both.platforms["darwin-x86_64-app"]?.signature, sig("intel-new"));
});

test("mergeLatestJson() accepts the existing manifest as downloaded bytes", () => {
  const bytes = Buffer.from(
    renderLatestJson(mergeLatestJson(undefined, entry({ arch: "x86_64", url: `${BASE}/Atlas_x86_64.app.tar.gz` }))),
  );
  const doc = mergeLatestJson(bytes, entry());
  assert.deepEqual(Object.keys(doc.platforms).sort(), [
    "darwin-aarch64",
    "darwin-aarch64-app",
    "darwin-x86_64",
    "darwin-x86_64-app",
  ]);
});

test("mergeLatestJson() refuses an invalid existing manifest with an error naming the field", () => {
  const cases: [unknown, RegExp][] = [
    ["{not json", /the existing document is not JSON/],
    [[1, 2], /the existing document is not a JSON object/],
    [{ platforms: [] }, /platforms \(existing\) is not an object/],
    [
      { platforms: { "windows-x86_64": { url: `${BASE}/a.exe` } } },
      /platforms\["windows-x86_64"\]\.signature is missing/,
    ],
    [
      { platforms: { "windows-x86_64": { signature: sig("w"), url: "not a url" } } },
      /platforms\["windows-x86_64"\]\.url is not a URL/,
    ],
    [
      { platforms: { "windows-x86_64": { signature: "Atlas.exe.sig", url: `${BASE}/a.exe` } } },
      /signature is not the content of a Tauri \.sig file/,
    ],
    [
      { platforms: { macos: { signature: sig("w"), url: `${BASE}/a` } } },
      /platforms\["macos"\] is not a Tauri platform key/,
    ],
  ];
  for (const [existing, message] of cases) {
    assert.throws(
      () => mergeLatestJson(existing, entry()),
      (e: unknown) =>
        e instanceof ReleaseError && e.code === "updater.latest-json" && message.test(e.message) && Boolean(e.fix),
      String(message),
    );
  }
});

test("mergeLatestJson() refuses a bad entry: version, date, signature, URL", () => {
  assert.throws(() => mergeLatestJson(undefined, entry({ version: "one" })), /version is not a semantic version/);
  assert.throws(() => mergeLatestJson(undefined, entry({ pubDate: "June 1st" })), /pub_date is not an RFC 3339 date/);
  assert.throws(
    () => mergeLatestJson(undefined, entry({ signature: "/tmp/Atlas.app.tar.gz.sig" })),
    /darwin-aarch64"\]\.signature/,
  );
  assert.throws(
    () => mergeLatestJson(undefined, entry({ url: "file:///tmp/x.tar.gz" })),
    /url is not an http\(s\) URL/,
  );
});

test("validateLatestJson() accepts a Tauri manifest and names the missing field otherwise", () => {
  const good = {
    version: "v2.0.0-rc.1",
    notes: "",
    pub_date: "2025-06-01T12:00:00+02:00",
    platforms: { "linux-x86_64": { signature: sig("l"), url: `${BASE}/a.AppImage` } },
  };
  assert.equal(validateLatestJson(good).version, "v2.0.0-rc.1");
  assert.equal(validateLatestJson({ ...good, notes: undefined }).notes, "");
  assert.throws(() => validateLatestJson(null), /the document is not a JSON object/);
  assert.throws(() => validateLatestJson({ ...good, version: undefined }), /version is not a semantic version/);
  assert.throws(() => validateLatestJson({ ...good, platforms: {} }), /platforms is missing or empty/);
  assert.throws(() => validateLatestJson({ ...good, notes: 3 }), /notes is not a string/);
  assert.throws(() => validateLatestJson({ ...good, pub_date: "2025-13-45T99:00:00Z" }), /pub_date/);
});
