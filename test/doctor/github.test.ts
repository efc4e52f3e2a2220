import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { after, before, test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { githubDoctorChecks } from "../../tasks/lib/github/secrets-checks.ts";
import { secretsPush } from "../../tasks/lib/commands/secrets-push.ts";
import { startStandIn } from "../../tasks/stand-in/index.ts";
import { P12_FACT } from "../../tasks/lib/signing/p12-inspect.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { GOOD_SECRETS, GOOD_WORKFLOWS } from "../workflows/contract-fixtures.ts";
import { hasOpenssl, makeSigningFiles, PASSWORD, signingEnv, type SigningFiles } from "../helpers/signing.ts";
import { makeCtx, statuses } from "./ctx.ts";

let dir = "";
let files: SigningFiles | undefined;
before(() => {
  dir = tempDir("rc-gh-doctor-");
  writeFiles(dir, GOOD_WORKFLOWS);
  if (hasOpenssl()) files = makeSigningFiles(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ghEnv = (s: { url: string; token: string }, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  GH_TOKEN: s.token,
  GITHUB_API_URL: s.url,
  ...extra,
});

test("github.* checks skip offline and without a token", async () => {
  const offline = await runChecks(githubDoctorChecks, { ...makeCtx(dir, { env: { GH_TOKEN: "x" } }), offline: true });
  assert.deepEqual(statuses(offline), { "github.secrets-missing": "skip", "github.pypi-environment": "skip" });
  assert.match(offline[0]!.message, /offline/);
  const none = await runChecks(githubDoctorChecks, makeCtx(dir, { env: { PATH: "" } }));
  assert.match(none[0]!.message, /no GitHub token/);
});

test("missing secrets and a missing PyPI environment fail against the stand-in; present ones pass", async (t) => {
  const s = await startStandIn({ repo: "acme/atlas" });
  t.after(() => s.close());
  const ctx = () => makeCtx(dir, { env: ghEnv(s), config: { secrets: GOOD_SECRETS } });
  const before = await runChecks(githubDoctorChecks, ctx());
  assert.deepEqual(statuses(before), { "github.secrets-missing": "fail", "github.pypi-environment": "fail" });
  assert.match(before[0]!.message, /APPLE_CERTIFICATE \(read by build-tauri\.yml\)/);
  assert.match(before[1]!.message, /environment "pypi" does not exist/);

  const s2 = await startStandIn({ repo: "acme/atlas", environments: ["pypi"] });
  t.after(() => s2.close());
  const gh = (await import("../../tasks/lib/github/client.ts")).createGitHub({ token: s2.token, baseUrl: s2.url });
  const { key, key_id } = (await gh.rest.actions.getRepoPublicKey({ owner: "acme", repo: "atlas" })).data;
  const { seal } = await import("../../tasks/lib/commands/secrets-push.ts");
  for (const name of GOOD_SECRETS.repository)
    await gh.rest.actions.createOrUpdateRepoSecret({
      owner: "acme",
      repo: "atlas",
      secret_name: name,
      encrypted_value: await seal("v", key),
      key_id,
    });
  const after = await runChecks(githubDoctorChecks, makeCtx(dir, { env: ghEnv(s2) }));
  assert.deepEqual(statuses(after), { "github.secrets-missing": "pass", "github.pypi-environment": "pass" });
});

test("secrets push uploads validated material sealed with the repository key, names only", async (t) => {
  if (!files) return t.skip("openssl not installed");
  const s = await startStandIn({ repo: "acme/atlas" });
  t.after(() => s.close());
  const env = ghEnv(s, {
    APPLE_CERTIFICATE_PASSWORD: PASSWORD,
    ...signingEnv(files.legacy, { APPLE_CERTIFICATE: undefined }),
  });
  const code = await secretsPush(makeCtx(dir, { env, facts: { [P12_FACT]: files.legacy } }), { json: true });
  assert.equal(code, 0);
  const stored = s.state.repoSecrets;
  assert.deepEqual([...stored.keys()].sort(), [
    "APPLE_CERTIFICATE",
    "APPLE_CERTIFICATE_PASSWORD",
    "APPLE_ID",
    "APPLE_PASSWORD",
    "APPLE_SIGNING_IDENTITY",
    "APPLE_TEAM_ID",
  ]);
  assert.equal(
    stored.get("APPLE_CERTIFICATE")!.value,
    readFileSync(files.legacy).toString("base64"),
    "the stand-in opened the sealed box",
  );
  assert.equal(stored.get("APPLE_CERTIFICATE_PASSWORD")!.value, PASSWORD);
});

test("secrets push refuses wrong material and uploads nothing", async (t) => {
  if (!files) return t.skip("openssl not installed");
  const s = await startStandIn({ repo: "acme/atlas" });
  t.after(() => s.close());
  for (const env of [signingEnv(files.legacy, { APPLE_CERTIFICATE_PASSWORD: "wrong" }), signingEnv(files.modern)]) {
    await assert.rejects(
      secretsPush(makeCtx(dir, { env: ghEnv(s, env) }), { json: false }),
      /Cannot push secrets: signing\.(p12-password|p12-legacy-format)/,
    );
  }
  assert.equal(s.state.repoSecrets.size, 0);
  assert.equal(s.requests.filter((r) => r.method === "PUT").length, 0);
});
