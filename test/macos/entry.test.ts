import assert from "node:assert/strict";
import { existsSync, lstatSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { finalizeMacosMain } from "../../tasks/lib/commands/finalize-macos.ts";
import { STEP_KINDS } from "../../tasks/lib/macos/steps.ts";
import { entryEnv, runInProcess } from "../helpers/in-process.ts";
import { PROJECT_ROOT, runEntry } from "../helpers/run-entry.ts";
import { flattenedLayout, goodLayout, INTERNAL, PYFW, snapshot, writeTree } from "./fixtures.ts";
import { tempFixture } from "../helpers/tmp.ts";

const ENV = {
  GITHUB_REPOSITORY: "acme/atlas",
  APPLE_SIGNING_IDENTITY: "Developer ID Application: Acme (TEAM123456)",
  GITHUB_TOKEN: undefined,
};

/** The entry's flow in the test process, with the environment and directory `runEntry` would give it. */
const finalize = (args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string } = {}) =>
  runInProcess(() => finalizeMacosMain(args, { env: entryEnv(opts.env), cwd: opts.cwd ?? PROJECT_ROOT }));

function flattened(t: { after(fn: () => void): void }) {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  const app = join(tmp.dir, "Atlas.app");
  writeTree(app, flattenedLayout());
  return { dir: tmp.dir, app };
}

test("--plan --json prints one document with repairs and ordered steps, and changes nothing", async (t) => {
  const { dir, app } = flattened(t);
  const before = snapshot(app);
  const r = await finalize(
    ["--app", app, "--plan", "--json", "--release-tag", "v1.4.0", "--output-dir", join(dir, "out")],
    { env: ENV, cwd: dir },
  );
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(plan), ["app", "version", "arch", "repairs", "notes", "steps", "cleanup"]);
  assert.equal(plan.app, "Atlas.app");
  assert.equal(plan.version, "1.4.0");
  assert.ok(plan.repairs.some((x: { path: string }) => x.path === `Atlas.app/${PYFW}/Versions/Current`));
  for (const s of plan.steps) {
    assert.ok((STEP_KINDS as readonly string[]).includes(s.kind), s.kind);
    for (const p of s.paths) assert.ok(!p.startsWith("/"), `relative to the bundle's parent: ${p}`);
  }
  const last = plan.steps.at(-1);
  assert.equal(last.kind, "upload");
  assert.deepEqual(last.paths, [
    "out/Atlas_aarch64.app.tar.gz",
    "out/Atlas_aarch64.app.tar.gz.sig",
    "out/Atlas_1.4.0_aarch64.dmg",
    "out/latest.json",
  ]);
  assert.ok(plan.steps.some((s: { command: string[] }) => s.command.includes("--bundle-version")));
  // The manifest step lists every entry it will write, so latest.json can be checked without a Mac.
  const manifest = plan.steps.find((s: { kind: string }) => s.kind === "manifest");
  assert.deepEqual(manifest.entries, [
    { key: "darwin-aarch64", asset: "Atlas_aarch64.app.tar.gz", signatureFile: "Atlas_aarch64.app.tar.gz.sig" },
    { key: "darwin-aarch64-app", asset: "Atlas_aarch64.app.tar.gz", signatureFile: "Atlas_aarch64.app.tar.gz.sig" },
  ]);
  assert.equal(plan.steps[0].kind, "clean", "xattr is labelled as cleaning, not codesign");
  assert.deepEqual(snapshot(app), before, "--plan touches nothing");
  assert.ok(!existsSync(join(dir, "out")));
});

test("--plan (human) lists repairs and every step", async (t) => {
  const { dir, app } = flattened(t);
  const r = await finalize(["--app", app, "--plan", "--skip-upload"], { env: ENV, cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Repairs \(\d+\):/);
  assert.match(r.stdout, /\[codesign\] codesign --force --sign "Developer ID Application: Acme \(TEAM123456\)"/);
  assert.match(r.stdout, /\[notarize\] xcrun notarytool submit \S+ --no-wait/);
  assert.match(
    r.stdout,
    /\(a submission recorded in dist\/macos\/notarization\.json for the same bytes or code is resumed instead\)/,
  );
  assert.match(r.stdout, /\[notarize\] xcrun notarytool wait <submission-id> --timeout 60m/);
  assert.doesNotMatch(r.stdout, /\[upload\]/);
  // The bound is the user's: a flag, else workflows.notaryTimeoutMinutes.
  const bounded = await finalize(["--app", app, "--plan", "--skip-upload", "--notary-timeout", "150"], {
    env: ENV,
    cwd: dir,
  });
  assert.match(bounded.stdout, /wait <submission-id> --timeout 150m[\s\S]*at most what is left of 150 minutes/);
  assert.equal((await finalize(["--app", app, "--plan", "--notary-timeout", "2h"], { env: ENV, cwd: dir })).code, 2);
});

test("--repair-only repairs the flattened bundle on any OS", async (t) => {
  const { dir, app } = flattened(t);
  const r = await finalize(["--app", app, "--repair-only"], { env: ENV, cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /repaired Atlas\.app\/Contents\/Resources\/atlas-server\/_internal\/Python: replace byte-identical copy/,
  );
  assert.equal(readlinkSync(join(app, INTERNAL, "Python")), "Python.framework/Versions/Current/Python");
  assert.equal(lstatSync(join(app, "Contents/MacOS/atlas")).mode & 0o777, 0o755);
  const good = tempFixture();
  t.after(good.cleanup);
  writeTree(join(good.dir, "Atlas.app"), goodLayout());
  assert.deepEqual(snapshot(app), snapshot(join(good.dir, "Atlas.app")));
});

test("a real run off macOS is refused with every failed precondition, before any change", {
  skip: process.platform === "darwin" ? "this host is macOS" : false,
}, async (t) => {
  const { dir, app } = flattened(t);
  const before = snapshot(app);
  const r = await finalize(["--app", app], {
    env: { ...ENV, APPLE_ID: undefined, APPLE_PASSWORD: undefined, APPLE_TEAM_ID: undefined },
    cwd: dir,
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /nothing was changed/);
  assert.match(r.stderr, /\[macos\.platform\]/);
  assert.match(r.stderr, /\[macos\.notary-credentials\] unset: APPLE_ID, APPLE_PASSWORD, APPLE_TEAM_ID/);
  assert.match(r.stderr, /\[macos\.release-target\]/);
  assert.match(r.stderr, /--plan/);
  assert.deepEqual(snapshot(app), before);
});

test("--plan on Linux shows the keychain steps for APPLE_CERTIFICATE, the API-key notarization and --skip-manifest", async (t) => {
  const { dir, app } = flattened(t);
  const r = await finalize(
    [
      "--app",
      app,
      "--plan",
      "--json",
      "--skip-manifest",
      "--skip-dmg",
      "--release-tag",
      "v1.4.0",
      "--key",
      "AuthKey_ABC1234567.p8",
      "--key-id",
      "ABC1234567",
      "--issuer",
      "69a6de7e-1111-2222-3333-5bc37c11a4d1",
    ],
    { env: { ...ENV, APPLE_CERTIFICATE: "MIIKbase64", APPLE_CERTIFICATE_PASSWORD: "p12-secret" }, cwd: dir },
  );
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  const kinds = plan.steps.map((s: { kind: string }) => s.kind);
  assert.deepEqual(kinds.slice(0, 8), Array(8).fill("keychain"));
  assert.equal(plan.steps[8].command[0], "xattr");
  assert.deepEqual(
    plan.cleanup.map((s: { command: string[] }) => s.command[1]),
    ["list-keychains", "delete-keychain", plan.cleanup[2].paths[0]],
  );
  assert.match(plan.cleanup[2].paths[0], /certificate\.p12$/, "the decoded .p12 is removed too");
  assert.ok(!r.stdout.includes("MIIKbase64") && !r.stdout.includes("p12-secret"), "secrets stay references");
  const submit = plan.steps.find((s: { kind: string }) => s.kind === "notarize").command;
  assert.deepEqual(submit.slice(-6), [
    "--key",
    "AuthKey_ABC1234567.p8",
    "--key-id",
    "ABC1234567",
    "--issuer",
    "69a6de7e-1111-2222-3333-5bc37c11a4d1",
  ]);
  assert.ok(!kinds.includes("manifest"));
  assert.deepEqual(plan.steps.at(-1).paths, [
    "dist/macos/Atlas_aarch64.app.tar.gz",
    "dist/macos/Atlas_aarch64.app.tar.gz.sig",
  ]);
});

test("usage errors exit 2", async () => {
  assert.equal((await finalize(["--app", "x", "--p12", "a.p12", "--keychain", "k"])).code, 2);
  assert.equal((await finalize([])).code, 2);
  assert.equal((await finalize(["--app", "x", "--plan", "--repair-only"])).code, 2);
  assert.equal((await finalize(["--app", "x", "--arch", "ppc"])).code, 2);
  // A flag the entry does not declare is refused by the entry itself, before the flow loads.
  assert.equal(runEntry("tasks/finalize-macos.ts", ["--bogus"]).code, 2);
});

test("--plan --json runs under Deno too", async (t) => {
  const deno = join(import.meta.dirname, "..", "..", "node_modules", ".bin", "deno");
  if (!existsSync(deno)) return t.skip("deno not installed");
  const { dir, app } = flattened(t);
  const r = runEntry("tasks/finalize-macos.ts", ["--app", app, "--plan", "--json", "--skip-upload"], {
    env: ENV,
    cwd: dir,
    deno: true,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).app, "Atlas.app");
});
