import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { doctorChecks } from "../../tasks/lib/doctor/registry.ts";
import { judgeActionsToken } from "../../tasks/lib/github/actions-token.ts";
import { actionsTokenCheck, githubChecks, tokenCheck } from "../../tasks/lib/github/github-checks.ts";
import { resolveToken, tokenKind } from "../../tasks/lib/github/token.ts";
import { clearSecrets, redact } from "../../tasks/lib/core/redact.ts";
import { checkContext } from "./helpers.ts";
import { withStandIn } from "../helpers/stand-in.ts";

const REPO = "acme/atlas";

test("resolveToken() prefers GH_TOKEN, then GITHUB_TOKEN, and registers the token for redaction", async () => {
  clearSecrets();
  const both = await resolveToken({
    env: { GH_TOKEN: "ghp_from_gh_token_123456", GITHUB_TOKEN: "ghs_workflow_token_123456", PATH: "/nonexistent" },
  });
  assert.deepEqual(
    { source: both?.source, kind: both?.kind, apiUrl: both?.apiUrl },
    { source: "GH_TOKEN", kind: "personal", apiUrl: "https://api.github.com" },
  );
  const only = await resolveToken({
    env: {
      GITHUB_TOKEN: "ghs_workflow_token_123456",
      GITHUB_API_URL: "https://ghe.example.com/api/v3/",
      PATH: "/nonexistent",
    },
  });
  assert.deepEqual(
    { source: only?.source, kind: only?.kind, apiUrl: only?.apiUrl },
    { source: "GITHUB_TOKEN", kind: "installation", apiUrl: "https://ghe.example.com/api/v3" },
  );
  assert.equal(redact("token ghs_workflow_token_123456 here"), "token *** here");
  assert.equal(await resolveToken({ env: { PATH: "/nonexistent" } }), null);
});

test("resolveToken() falls back to `gh auth token` (with the Enterprise host) and says so", async (t) => {
  const bin = mkdtempSync(join(tmpdir(), "rc-gh-"));
  t.after(() => rmSync(bin, { recursive: true, force: true }));
  const gh = join(bin, "gh");
  writeFileSync(gh, '#!/bin/sh\nif [ "$1 $2" = "auth token" ]; then echo "gho_from_gh_cli_$4"; exit 0; fi\nexit 1\n');
  chmodSync(gh, 0o755);
  const r = await resolveToken({ env: { PATH: bin, GITHUB_API_URL: "https://ghe.example.com/api/v3" } });
  assert.deepEqual(
    { token: r?.token, source: r?.source, kind: r?.kind },
    { token: "gho_from_gh_cli_ghe.example.com", source: "gh auth token", kind: "oauth" },
  );
  writeFileSync(gh, "#!/bin/sh\necho 'not logged in' >&2\nexit 1\n");
  assert.equal(await resolveToken({ env: { PATH: bin } }), null);
});

test("tokenKind() reads GitHub's token prefixes", () => {
  assert.deepEqual(["ghp_x", "github_pat_x", "gho_x", "ghu_x", "ghs_x", "0123abcd"].map(tokenKind), [
    "personal",
    "fine-grained",
    "oauth",
    "user-to-server",
    "installation",
    "unknown",
  ]);
});

test("github.token passes for a token that can write, and names the user", async () => {
  await withStandIn(async (s) => {
    const r = await tokenCheck.run(checkContext({ GH_TOKEN: s.token, GITHUB_API_URL: s.url }, { repository: REPO }));
    assert.equal(r.status, "pass", r.message);
    assert.match(r.message, /release-operator .* can write acme\/atlas/);
  });
});

test("github.token fails legibly on 401, on a read-only token (403 on write), and on 404", async () => {
  await withStandIn(async (s) => {
    const bad = await tokenCheck.run(
      checkContext({ GH_TOKEN: "ghp_revoked_token_000000000000", GITHUB_API_URL: s.url }, { repository: REPO }),
    );
    assert.equal(bad.status, "fail");
    assert.match(bad.message, /401 \(Bad credentials\)/);
    assert.match(bad.fix ?? "", /GH_TOKEN/);

    const reader = await tokenCheck.run(
      checkContext({ GH_TOKEN: s.readOnlyToken }, { repository: REPO, apiUrl: s.url }),
    );
    assert.equal(reader.status, "fail");
    assert.match(reader.message, /can read it but not write it/);

    const missing = await tokenCheck.run(
      checkContext({ GH_TOKEN: s.token, GITHUB_API_URL: s.url }, { repository: "acme/nope" }),
    );
    assert.equal(missing.status, "fail");
    assert.match(missing.message, /404/);
    assert.match(missing.fix ?? "", /acme\/nope exists/);
  });
});

test("github.token skips with a reason without a token and when offline; fails when the API is unreachable", async () => {
  const none = await tokenCheck.run(checkContext({}, { repository: REPO }));
  assert.equal(none.status, "skip");
  assert.match(none.message, /no GitHub token/);
  const offline = await tokenCheck.run(
    checkContext({ GH_TOKEN: "ghp_whatever_000000" }, { repository: REPO, offline: true }),
  );
  assert.equal(offline.status, "skip");
  const down = await tokenCheck.run(
    checkContext({ GH_TOKEN: "ghp_whatever_000000", GITHUB_API_URL: "http://127.0.0.1:9" }, { repository: REPO }),
  );
  assert.equal(down.status, "fail");
  assert.match(down.message, /could not be reached/);
});

test("github.actions-token refuses the workflow's GITHUB_TOKEN inside Actions, before anything is mutated", async () => {
  await withStandIn(async (s) => {
    const before = s.requests.length;
    const r = await actionsTokenCheck.run(
      checkContext(
        { GITHUB_ACTIONS: "true", GITHUB_TOKEN: s.actionsToken, GITHUB_API_URL: s.url },
        { repository: REPO },
      ),
    );
    assert.equal(r.status, "fail");
    assert.match(r.message, /workflow's own GITHUB_TOKEN/);
    assert.match(r.fix ?? "", /starts no `release: published` workflow/);
    assert.match(r.fix ?? "", /GH_TOKEN/);
    assert.ok(
      s.requests.slice(before).every((q) => q.method === "GET" || q.path === "/graphql"),
      "the guard must not mutate",
    );
    assert.equal(s.state.releases.length, 0);
  });
});

test("github.actions-token allows a personal token in GH_TOKEN beside the workflow token, and anything outside Actions", async () => {
  await withStandIn(async (s) => {
    const ok = await actionsTokenCheck.run(
      checkContext(
        { GITHUB_ACTIONS: "true", GITHUB_TOKEN: s.actionsToken, GH_TOKEN: s.token, GITHUB_API_URL: s.url },
        { repository: REPO },
      ),
    );
    assert.equal(ok.status, "pass", ok.message);
    const local = await actionsTokenCheck.run(
      checkContext({ GITHUB_TOKEN: s.actionsToken, GITHUB_API_URL: s.url }, { repository: REPO }),
    );
    assert.equal(local.status, "pass");
    assert.match(local.message, /not running inside GitHub Actions/);
  });
});

test("judgeActionsToken(): the rule, case by case", () => {
  const inActions = true;
  assert.equal(
    judgeActionsToken({ inActions, source: "GITHUB_TOKEN", kind: "installation", viewerLogin: "github-actions[bot]" })
      .status,
    "fail",
  );
  assert.equal(
    judgeActionsToken({ inActions, source: "GITHUB_TOKEN", kind: "installation", viewerLogin: "atlas-release[bot]" })
      .status,
    "pass",
  );
  assert.equal(judgeActionsToken({ inActions, source: "GITHUB_TOKEN", kind: "installation" }).status, "fail");
  assert.equal(judgeActionsToken({ inActions, source: "GH_TOKEN", kind: "installation" }).status, "warn");
  assert.equal(
    judgeActionsToken({ inActions, source: "GITHUB_TOKEN", kind: "unknown", userLogin: "octocat" }).status,
    "pass",
  );
  assert.equal(judgeActionsToken({ inActions, source: "GITHUB_TOKEN", kind: "fine-grained" }).status, "pass");
});

test("the doctor's registry runs both GitHub checks; the guard's failure is reported by id", async () => {
  assert.ok(githubChecks.every((c) => doctorChecks().some((d) => d.id === c.id)));
  await withStandIn(async (s) => {
    const results = await runChecks(
      githubChecks,
      checkContext(
        { GITHUB_ACTIONS: "true", GITHUB_TOKEN: s.actionsToken, GITHUB_API_URL: s.url },
        { repository: REPO },
      ),
    );
    assert.deepEqual(
      results.map((r) => [r.id, r.status]),
      [
        ["github.actions-token", "fail"],
        ["github.token", "pass"],
      ],
    );
    assert.ok(!JSON.stringify(results).includes(s.actionsToken));
  });
});
