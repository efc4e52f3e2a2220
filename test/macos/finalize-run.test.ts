import assert from "node:assert/strict";
import { existsSync, lstatSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { RunOptions, RunResult } from "../../tasks/lib/core/exec.ts";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";
import { finalize } from "../../tasks/lib/macos/finalize.ts";
import { generateKey, hasMinisign, hasTauri, minisignVerify } from "../helpers/signing.ts";
import { flattenedLayout, INTERNAL, writeTree } from "./fixtures.ts";
import { tempFixture } from "../helpers/tmp.ts";
import { recorded, fakeAppleBin } from "../helpers/recorded.ts";

test("a whole run on recorded Apple tools: repairs, signs inside-out, notarizes, then a real Tauri signature that minisign verifies", async (t) => {
  if (!hasTauri()) return t.skip("@tauri-apps/cli is not installed (node_modules/.bin/tauri)");
  if (!hasMinisign()) return t.skip("minisign is not installed (apt-get install minisign)");
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  const dir = tmp.dir;
  writeTree(join(dir, "Atlas.app"), flattenedLayout());
  // Apple's tools exist on PATH (the precondition looks); the door below answers for them.
  const bin = fakeAppleBin(dir);
  const keys = generateKey(dir, "correct horse");
  const calls: string[][] = [];
  const answer = (command: string[]): RunResult => {
    calls.push(command);
    if (command.slice(0, 3).join(" ") === "xcrun notarytool submit")
      return { stdout: recorded("submit-accepted.json"), stderr: "", exitCode: 0 };
    return { stdout: "", stderr: "", exitCode: 0 };
  };
  const door = {
    read: async (c: string[], _o: RunOptions) => answer(c),
    write: async (c: string[], _o: RunOptions) => answer(c),
  };
  const config = {
    ...parseConfig({ name: "atlas" }, "test"),
    root: dir,
    source: "default",
    repository: "acme/atlas",
    versionFiles: [],
  };

  const g = await finalize({
    app: join(dir, "Atlas.app"),
    mode: "run",
    config,
    cwd: dir,
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      APPLE_ID: "dev@example.com",
      APPLE_PASSWORD: "abcd-efgh-ijkl-mnop",
      APPLE_TEAM_ID: "TEAM123456",
      TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "correct horse",
      HOME: process.env.HOME,
    },
    platform: "darwin",
    now: new Date("2025-03-14T10:00:00Z"),
    identity: "Developer ID Application: Acme (TEAM123456)",
    adHoc: false,
    skipNotarize: false,
    skipSpctl: false,
    skipDmg: true,
    skipUpload: true,
    outputDir: "out",
    releaseTag: "v1.4.0",
    repository: "acme/atlas",
    updaterKeyPath: keys.key,
    notes: "Fixes",
    door,
  });

  // The bundle was repaired before it was signed.
  assert.equal(readlinkSync(join(dir, "Atlas.app", INTERNAL, "Python")), "Python.framework/Versions/Current/Python");
  // Apple's tools were called in plan order, with the credentials expanded only there.
  const tools = calls.map((c) => c.slice(0, c[0] === "xcrun" ? 3 : 2).join(" "));
  assert.deepEqual(
    [...new Set(tools)],
    [
      "xattr -cr",
      "codesign --force",
      "codesign --verify",
      "ditto -c",
      "xcrun notarytool submit",
      "xcrun stapler staple",
      "spctl --assess",
    ],
  );
  assert.equal(
    calls
      .filter((c) => c[0] === "codesign" && c[1] === "--force")
      .at(-1)!
      .at(-1),
    "Atlas.app",
  );
  // The updater archive and its signature are real: minisign verifies them.
  const archive = join(dir, "out", "Atlas_aarch64.app.tar.gz");
  assert.ok(existsSync(archive) && lstatSync(archive).size > 0);
  const signature = readFileSync(`${archive}.sig`, "utf8").trim();
  const verified = minisignVerify(dir, archive, signature, keys.pub);
  assert.ok(verified.ok, verified.output);
  // latest.json names this architecture with the signature and the release URL.
  const latest = JSON.parse(readFileSync(join(dir, "out", "latest.json"), "utf8"));
  assert.equal(latest.version, "1.4.0");
  assert.equal(latest.platforms["darwin-aarch64"].signature, signature);
  assert.equal(
    latest.platforms["darwin-aarch64"].url,
    "https://github.com/acme/atlas/releases/download/v1.4.0/Atlas_aarch64.app.tar.gz",
  );
  assert.equal(g.arch, "aarch64");
});
