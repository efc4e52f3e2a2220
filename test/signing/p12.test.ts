import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { before, after, test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { P12_FACT } from "../../tasks/lib/signing/p12-inspect.ts";
import { signingChecks } from "../../tasks/lib/signing/p12-checks.ts";
import { openP12, readAlgorithms } from "../../tasks/lib/signing/pkcs12.ts";
import { readFileSync } from "node:fs";
import { tempDir } from "../helpers/gitdir.ts";
import { makeCtx, statuses } from "../doctor/ctx.ts";
import { hasOpenssl, makeSigningFiles, PASSWORD, signingEnv, type SigningFiles } from "../helpers/signing.ts";

const available = hasOpenssl();
let dir = "";
let files: SigningFiles;
before(() => {
  if (!available) return;
  dir = tempDir("rc-signing-");
  files = makeSigningFiles(dir);
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
async function check(
  env: NodeJS.ProcessEnv,
  opts: { now?: Date; p12?: string; config?: Record<string, unknown> } = {},
) {
  const ctx = makeCtx(dir, {
    env,
    ...(opts.now ? { now: opts.now } : {}),
    facts: opts.p12 ? { [P12_FACT]: opts.p12 } : {},
    ...(opts.config ? { config: opts.config } : {}),
  });
  const results = await runChecks(signingChecks, ctx);
  return { results, by: Object.fromEntries(results.map((r) => [r.id, r])), status: statuses(results) };
}

test("the libraries: asn1-pfx reads algorithms without the password; forge opens both formats", (t) => {
  if (!available) return t.skip("openssl not installed");
  const legacy = readAlgorithms(readFileSync(files.legacy));
  assert.equal(legacy.modern, false);
  assert.equal(legacy.macDigest, "SHA-1");
  assert.ok(legacy.encryption.some((e) => /TripleDES|RC2/.test(e)));
  const modern = readAlgorithms(readFileSync(files.modern));
  assert.equal(modern.modern, true);
  assert.equal(modern.macDigest, "SHA-256");
  for (const f of [files.legacy, files.modern]) {
    const ok = openP12(readFileSync(f), PASSWORD);
    assert.equal(ok.ok && ok.keyMatchesCert, true);
    const bad = openP12(readFileSync(f), "wrong");
    assert.equal(!bad.ok && bad.reason, "password");
  }
});

test("a good legacy Developer ID .p12 passes every signing check", async (t) => {
  if (!available) return t.skip("openssl not installed");
  const { status } = await check(signingEnv(files.legacy));
  assert.deepEqual(
    Object.values(status).filter((s) => s !== "pass"),
    [],
    JSON.stringify(status),
  );
});

test("each broken case fails its own check", async (t) => {
  if (!available) return t.skip("openssl not installed");
  const cases: [string, NodeJS.ProcessEnv, string, RegExp][] = [
    [
      "missing",
      signingEnv(files.legacy, { APPLE_TEAM_ID: undefined, APPLE_PASSWORD: "" }),
      "signing.secrets-missing",
      /unset: APPLE_TEAM_ID; set but empty: APPLE_PASSWORD/,
    ],
    [
      "not base64",
      signingEnv(files.legacy, { APPLE_CERTIFICATE: "not base64 at all!" }),
      "signing.p12-invalid",
      /not base64/,
    ],
    ["not pkcs12", signingEnv(files.notP12), "signing.p12-invalid", /not a PKCS#12 file/],
    [
      "wrong password",
      signingEnv(files.legacy, { APPLE_CERTIFICATE_PASSWORD: "wrong" }),
      "signing.p12-password",
      /APPLE_CERTIFICATE_PASSWORD is wrong/,
    ],
    ["openssl 3 default", signingEnv(files.modern), "signing.p12-legacy-format", /PBES2/],
    ["no key", signingEnv(files.noKey), "signing.key-mismatch", /no private key/],
    ["wrong key", signingEnv(files.wrongKey), "signing.key-mismatch", /does not belong to its certificate/],
    [
      "wrong identity",
      signingEnv(files.otherTeam),
      "signing.identity-mismatch",
      /holds "Developer ID Application: Other Corp \(ZZZZZ99999\)"/,
    ],
    ["wrong team", signingEnv(files.otherTeam), "signing.team-id-mismatch", /belongs to team ZZZZZ99999/],
    [
      "not developer id",
      signingEnv(files.development, { APPLE_SIGNING_IDENTITY: "Apple Development: Jane Doe (ABCDE12345)" }),
      "signing.not-developer-id",
      /not a Developer ID Application/,
    ],
  ];
  for (const [name, env, id, message] of cases) {
    const { by } = await check(env);
    assert.equal(by[id]!.status, "fail", `${name}: ${by[id]!.message}`);
    assert.match(by[id]!.message, message, name);
    assert.ok(by[id]!.fix, `${name} has a fix`);
  }
  const modern = await check(signingEnv(files.modern));
  assert.match(modern.by["signing.p12-legacy-format"]!.fix!, /-legacy/);
  assert.equal(modern.by["signing.p12-password"]!.status, "pass", "forge opens the modern file; only macOS rejects it");
});

test("expiry follows ctx.now: expired fails, within 30 days warns", async (t) => {
  if (!available) return t.skip("openssl not installed");
  const now = Date.now();
  assert.equal(
    (await check(signingEnv(files.legacy), { now: new Date(now + 366 * DAY) })).by["signing.cert-expiry"]!.status,
    "fail",
  );
  const soon = (await check(signingEnv(files.legacy), { now: new Date(now + 350 * DAY) })).by["signing.cert-expiry"]!;
  assert.equal(soon.status, "warn");
  assert.match(soon.message, /expires in 1\d day/);
  assert.equal(
    (await check(signingEnv(files.legacy), { now: new Date(now - 2 * DAY) })).by["signing.cert-expiry"]!.status,
    "fail",
    "not yet valid",
  );
});

test("--p12 FILE replaces APPLE_CERTIFICATE; expectations may come from the config", async (t) => {
  if (!available) return t.skip("openssl not installed");
  const env = { APPLE_CERTIFICATE_PASSWORD: PASSWORD };
  const { status } = await check(env, {
    p12: files.legacy,
    config: { macos: { signingIdentity: "Developer ID Application: Example Corp (ABCDE12345)", teamId: "ABCDE12345" } },
  });
  assert.equal(status["signing.identity-mismatch"], "pass");
  assert.equal(status["signing.team-id-mismatch"], "pass");
  assert.equal(status["signing.secrets-missing"], "warn", "APPLE_ID/APPLE_PASSWORD are only needed to notarize");
  const missing = await check(env, { p12: `${dir}/nope.p12` });
  assert.equal(missing.status["signing.p12-invalid"], "fail");
});

test("nothing given skips with the reason; no secret value appears in any message", async (t) => {
  if (!available) return t.skip("openssl not installed");
  const none = await check({});
  assert.ok(Object.values(none.status).every((s) => s === "skip"));
  assert.match(none.by["signing.secrets-missing"]!.message, /--p12 FILE/);
  const env = signingEnv(files.legacy, { APPLE_CERTIFICATE_PASSWORD: "wrong-password-value" });
  const { results } = await check(env);
  const text = JSON.stringify(results);
  assert.ok(!text.includes("wrong-password-value"));
  assert.ok(!text.includes(env.APPLE_CERTIFICATE!.slice(0, 40)));
});
