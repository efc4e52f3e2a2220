import assert from "node:assert/strict";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as tar from "tar";
import { ReleaseError } from "../../tasks/lib/core/errors.ts";
import {
  createUpdaterArchive,
  signerCommand,
  signUpdaterArchive,
  updaterArchiveName,
} from "../../tasks/lib/macos/updater-archive.ts";
import { resolveUpdaterKey } from "../../tasks/lib/signing/updater-key-resolve.ts";
import { makeApp } from "./publish-fixtures.ts";
import { generateKey, hasMinisign, hasTauri, minisignVerify } from "../helpers/signing.ts";
import { tempDirFor } from "../helpers/tmp.ts";

test("updaterArchiveName() is <App>_<arch>.app.tar.gz", () => {
  assert.equal(updaterArchiveName("Atlas", "aarch64"), "Atlas_aarch64.app.tar.gz");
  assert.equal(updaterArchiveName("Atlas.app", "x86_64"), "Atlas_x86_64.app.tar.gz");
});

test("createUpdaterArchive() keeps X.app as the top folder, symlinks as links and modes as modes", async (t) => {
  const dir = tempDirFor(t);
  const app = makeApp(dir);
  const out = join(dir, "out", updaterArchiveName("Atlas", "aarch64"));
  await createUpdaterArchive(app, out);

  const entries = new Map<string, { type: string; mode: number; linkpath: string }>();
  await tar.t({
    file: out,
    onReadEntry: (e) =>
      void entries.set(e.path.replace(/\/$/, ""), {
        type: e.type,
        mode: (e.mode ?? 0) & 0o777,
        linkpath: e.header.linkpath ?? "",
      }),
  });
  assert.ok(
    [...entries.keys()].every((p) => p === "Atlas.app" || p.startsWith("Atlas.app/")),
    [...entries.keys()].join(", "),
  );
  assert.deepEqual(entries.get("Atlas.app/Contents/MacOS/atlas"), { type: "File", mode: 0o755, linkpath: "" });
  assert.equal(entries.get("Atlas.app/Contents/Info.plist")?.mode, 0o644);
  assert.equal(entries.get("Atlas.app/Contents/Frameworks/Python.framework/Versions/Current")?.type, "SymbolicLink");
  assert.equal(entries.get("Atlas.app/Contents/Frameworks/Python.framework/Versions/Current")?.linkpath, "3.12");
  assert.equal(entries.get("Atlas.app/Contents/Frameworks/Python.framework/Versions/3.12/Python")?.mode, 0o755);
  assert.equal(
    entries.get("Atlas.app/Contents/Frameworks/Python.framework/Python")?.linkpath,
    "Versions/Current/Python",
  );

  // And an extraction gives the same tree back.
  const back = join(dir, "back");
  mkdirSync(back);
  await tar.x({ file: out, cwd: back });
  const fw = join(back, "Atlas.app/Contents/Frameworks/Python.framework");
  assert.ok(lstatSync(join(fw, "Versions/Current")).isSymbolicLink());
  assert.equal(readlinkSync(join(fw, "Versions/Current")), "3.12");
  assert.equal(statSync(join(back, "Atlas.app/Contents/MacOS/atlas")).mode & 0o777, 0o755);
  assert.deepEqual(readdirSync(join(dir, "out")), ["Atlas_aarch64.app.tar.gz"], "no partial file left behind");
});

test("createUpdaterArchive() refuses a path that is not an .app folder and writes nothing", async (t) => {
  const dir = tempDirFor(t);
  writeFileSync(join(dir, "Atlas.app"), "not a folder");
  const out = join(dir, "Atlas_aarch64.app.tar.gz");
  await assert.rejects(
    createUpdaterArchive(join(dir, "Atlas.app"), out),
    (e: unknown) => e instanceof ReleaseError && /not an \.app folder/.test(e.message),
  );
  await assert.rejects(createUpdaterArchive(join(dir, "missing.app"), out), ReleaseError);
  assert.equal(existsSync(out), false);
});

test("signerCommand() names the key file and version and never the password", () => {
  const argv = signerCommand({ file: "Atlas_aarch64.app.tar.gz", keyPath: "/keys/updater.key", version: "1.4.0" });
  assert.deepEqual(argv, [
    "node_modules/.bin/tauri",
    "signer",
    "sign",
    "-f",
    "/keys/updater.key",
    "-p",
    "***",
    "--app-version",
    "1.4.0",
    "Atlas_aarch64.app.tar.gz",
  ]);
});

test("resolveUpdaterKey(): flag, then _PATH, then content; password set-and-empty is valid, unset is an error", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  const dir = tempDirFor(t);
  const a = generateKey(dir, "", "a");
  const b = generateKey(dir, "", "b");
  const content = readFileSync(a.key, "utf8");
  const pw = { TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "" };

  assert.deepEqual(
    resolveUpdaterKey(
      { ...pw, TAURI_SIGNING_PRIVATE_KEY_PATH: b.key, TAURI_SIGNING_PRIVATE_KEY: content },
      { keyPath: a.key },
    ),
    { keyPath: a.key, password: "" },
  );
  assert.deepEqual(
    resolveUpdaterKey({ ...pw, TAURI_SIGNING_PRIVATE_KEY_PATH: b.key, TAURI_SIGNING_PRIVATE_KEY: content }, {}),
    { keyPath: b.key, password: "" },
  );
  assert.deepEqual(resolveUpdaterKey({ ...pw, TAURI_SIGNING_PRIVATE_KEY: content }, {}), {
    keyContent: content.trim(),
    password: "",
  });
  // Tauri's build also takes a path in TAURI_SIGNING_PRIVATE_KEY.
  assert.deepEqual(resolveUpdaterKey({ ...pw, TAURI_SIGNING_PRIVATE_KEY: b.key }, {}), {
    keyPath: b.key,
    password: "",
  });
  assert.deepEqual(
    resolveUpdaterKey({ MY_PW: "s3cret-pw", TAURI_SIGNING_PRIVATE_KEY: content }, { passwordEnv: "MY_PW" }).password,
    "s3cret-pw",
  );

  const code = (env: NodeJS.ProcessEnv, flags = {}) => {
    try {
      resolveUpdaterKey(env, flags);
      return "no error";
    } catch (e) {
      assert.ok(e instanceof ReleaseError && e.fix, String(e));
      return e.code;
    }
  };
  assert.equal(code({ TAURI_SIGNING_PRIVATE_KEY: content }), "updater.password-missing");
  assert.equal(
    code({ TAURI_SIGNING_PRIVATE_KEY: content, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "" }, { passwordEnv: "OTHER" }),
    "updater.password-missing",
  );
  assert.equal(code(pw), "updater.key-missing");
  assert.equal(code(pw, { keyPath: join(dir, "nope.key") }), "updater.key-missing");
  assert.equal(code(pw, { keyPath: a.pub }), "updater.key-invalid");
  assert.equal(code({ ...pw, TAURI_SIGNING_PRIVATE_KEY: "not a key at all" }), "updater.key-invalid");
});

for (const variant of [
  { title: "a password, key from a path", password: "correct horse battery", from: "path" as const },
  { title: "an empty password, key from TAURI_SIGNING_PRIVATE_KEY content", password: "", from: "content" as const },
]) {
  test(`signUpdaterArchive() signs with the real Tauri CLI (${variant.title}) and minisign verifies it`, async (t) => {
    if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
    if (!hasMinisign()) return t.skip("minisign is not installed (apt-get install minisign)");
    const dir = tempDirFor(t);
    const keys = generateKey(dir, variant.password);
    const archive = join(dir, updaterArchiveName("Atlas", "aarch64"));
    await createUpdaterArchive(makeApp(join(dir)), archive);
    const content = readFileSync(keys.key, "utf8");
    const env = {
      PATH: process.env.PATH,
      TAURI_SIGNING_PRIVATE_KEY_PASSWORD: variant.password,
      TAURI_SIGNING_PRIVATE_KEY: content,
    };
    const key = resolveUpdaterKey(env, variant.from === "path" ? { keyPath: keys.key } : {});
    const keyTemp = join(dir, "tmp");
    mkdirSync(keyTemp);

    // The signer's environment still holds TAURI_SIGNING_PRIVATE_KEY: the CLI would refuse -f with it.
    const { sigPath, signature } = await signUpdaterArchive({
      file: archive,
      key,
      version: "1.4.0",
      cwd: dir,
      env,
      tempDir: keyTemp,
    });
    assert.equal(sigPath, `${archive}.sig`);
    assert.equal(readFileSync(sigPath, "utf8").trim(), signature);
    assert.deepEqual(readdirSync(keyTemp), [], "the temporary key file is gone");

    const verified = minisignVerify(dir, archive, signature, keys.pub);
    assert.ok(verified.ok, verified.output);
    assert.match(verified.output, /version:1\.4\.0/);
    assert.match(verified.output, /file:Atlas_aarch64\.app\.tar\.gz/);

    // A different file does not verify with that signature (the check can fail).
    writeFileSync(join(dir, "other.bin"), "tampered");
    assert.equal(minisignVerify(dir, join(dir, "other.bin"), signature, keys.pub).ok, false);
  });
}

test("signUpdaterArchive() with the wrong password: a clear error without the password, the temp key removed, no .sig", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  const dir = tempDirFor(t);
  const keys = generateKey(dir, "the-right-one");
  const archive = join(dir, "Atlas_x86_64.app.tar.gz");
  await createUpdaterArchive(makeApp(dir), archive);
  const keyTemp = join(dir, "tmp");
  mkdirSync(keyTemp);
  for (const wrong of ["w0ng", "definitely-wrong-password"]) {
    const key = resolveUpdaterKey(
      { PW: wrong, TAURI_SIGNING_PRIVATE_KEY: readFileSync(keys.key, "utf8") },
      { passwordEnv: "PW" },
    );
    await assert.rejects(
      signUpdaterArchive({ file: archive, key, version: "1.4.0", cwd: dir, tempDir: keyTemp }),
      (e: unknown) => {
        assert.ok(e instanceof ReleaseError);
        assert.equal(e.code, "updater.password-wrong");
        assert.match(e.message, /^Cannot sign Atlas_x86_64\.app\.tar\.gz/);
        assert.ok(!e.message.includes(wrong) && !String(e.fix).includes(wrong), e.message);
        assert.ok(e.fix);
        return true;
      },
    );
    assert.deepEqual(readdirSync(keyTemp), []);
    assert.equal(existsSync(`${archive}.sig`), false);
  }
});

test("signUpdaterArchive() refuses a missing file before running the signer", async (t) => {
  const dir = tempDirFor(t);
  await assert.rejects(
    signUpdaterArchive({ file: "missing.tar.gz", key: { keyContent: "x", password: "" }, version: "1.0.0", cwd: dir }),
    (e: unknown) => e instanceof ReleaseError && /does not exist/.test(e.message),
  );
});
