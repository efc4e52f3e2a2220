import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import sodium from "libsodium-wrappers";
import { createGitHub, type GitHub } from "../../tasks/lib/github/client.ts";
import type { StandIn, StandInOptions } from "../../tasks/stand-in/index.ts";
import { withStandIn as withSharedStandIn } from "../helpers/stand-in.ts";
import { validateResponse } from "../helpers/openapi.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";

const repo = { owner: "acme", repo: "atlas" };

/** The shared stand-in, with the pypi environment these tests read. */
const withStandIn = (fn: (s: StandIn, gh: GitHub) => Promise<void>, opts: StandInOptions = {}) =>
  withSharedStandIn(fn, { environments: ["pypi"], ...opts });

async function status(p: Promise<unknown>): Promise<{ status: number; message: string; documentation_url?: string }> {
  try {
    await p;
    return { status: 200, message: "" };
  } catch (e) {
    const err = e as { status: number; response?: { data?: { message?: string; documentation_url?: string } } };
    return {
      status: err.status,
      message: err.response?.data?.message ?? "",
      documentation_url: err.response?.data?.documentation_url,
    };
  }
}

test("stand-in responses match GitHub's OpenAPI description for every operation it implements", async () => {
  await withStandIn(async (s, gh) => {
    await sodium.ready;
    const checks: [string, string, { status: number; data: unknown }][] = [];
    const rec = async (method: string, template: string, p: Promise<{ status: number; data: unknown }>) => {
      const r = await p;
      checks.push([method, template, r]);
      return r;
    };
    await rec("GET", "/user", gh.rest.users.getAuthenticated());
    await rec("GET", "/repos/{owner}/{repo}", gh.rest.repos.get(repo));
    const created = await rec(
      "POST",
      "/repos/{owner}/{repo}/releases",
      gh.rest.repos.createRelease({ ...repo, tag_name: "v1.0.0", name: "Atlas v1.0.0", body: "notes" }),
    );
    const rel = created.data as { id: number; upload_url: string };
    const asset = await rec(
      "POST",
      "/repos/{owner}/{repo}/releases/{release_id}/assets",
      gh.request({
        method: "POST",
        url: rel.upload_url,
        name: "latest.json",
        data: "{}",
        headers: { "content-type": "application/json" },
      }),
    );
    await rec("GET", "/repos/{owner}/{repo}/releases", gh.rest.repos.listReleases(repo));
    await rec("GET", "/repos/{owner}/{repo}/releases/latest", gh.rest.repos.getLatestRelease(repo));
    await rec(
      "GET",
      "/repos/{owner}/{repo}/releases/tags/{tag}",
      gh.rest.repos.getReleaseByTag({ ...repo, tag: "v1.0.0" }),
    );
    await rec(
      "GET",
      "/repos/{owner}/{repo}/releases/{release_id}",
      gh.rest.repos.getRelease({ ...repo, release_id: rel.id }),
    );
    await rec(
      "PATCH",
      "/repos/{owner}/{repo}/releases/{release_id}",
      gh.rest.repos.updateRelease({ ...repo, release_id: rel.id, body: "new notes" }),
    );
    await rec(
      "GET",
      "/repos/{owner}/{repo}/releases/{release_id}/assets",
      gh.rest.repos.listReleaseAssets({ ...repo, release_id: rel.id }),
    );
    await rec(
      "GET",
      "/repos/{owner}/{repo}/releases/assets/{asset_id}",
      gh.rest.repos.getReleaseAsset({ ...repo, asset_id: (asset.data as { id: number }).id }),
    );
    await rec(
      "GET",
      "/repos/{owner}/{repo}/actions/runs",
      gh.rest.actions.listWorkflowRunsForRepo({ ...repo, event: "release" }),
    );
    const runs = await rec(
      "GET",
      "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
      gh.rest.actions.listWorkflowRuns({ ...repo, workflow_id: "publish-pypi.yml" }),
    );
    const runId = (runs.data as { workflow_runs: { id: number }[] }).workflow_runs[0]!.id;
    await rec(
      "GET",
      "/repos/{owner}/{repo}/actions/runs/{run_id}",
      gh.rest.actions.getWorkflowRun({ ...repo, run_id: runId }),
    );
    await rec("GET", "/repos/{owner}/{repo}/actions/workflows", gh.rest.actions.listRepoWorkflows(repo));
    await rec(
      "GET",
      "/repos/{owner}/{repo}/actions/workflows/{workflow_id}",
      gh.rest.actions.getWorkflow({ ...repo, workflow_id: "ci.yml" }),
    );
    const key = await rec(
      "GET",
      "/repos/{owner}/{repo}/actions/secrets/public-key",
      gh.rest.actions.getRepoPublicKey(repo),
    );
    const k = key.data as { key: string; key_id: string };
    const sealed = sodium.to_base64(
      sodium.crypto_box_seal("s3cret-value", sodium.from_base64(k.key, sodium.base64_variants.ORIGINAL)),
      sodium.base64_variants.ORIGINAL,
    );
    await rec(
      "PUT",
      "/repos/{owner}/{repo}/actions/secrets/{secret_name}",
      gh.rest.actions.createOrUpdateRepoSecret({
        ...repo,
        secret_name: "APPLE_PASSWORD",
        encrypted_value: sealed,
        key_id: k.key_id,
      }),
    );
    await rec("GET", "/repos/{owner}/{repo}/actions/secrets", gh.rest.actions.listRepoSecrets(repo));
    await rec(
      "GET",
      "/repos/{owner}/{repo}/actions/secrets/{secret_name}",
      gh.rest.actions.getRepoSecret({ ...repo, secret_name: "APPLE_PASSWORD" }),
    );
    await rec("GET", "/repos/{owner}/{repo}/environments", gh.rest.repos.getAllEnvironments(repo));
    await rec(
      "GET",
      "/repos/{owner}/{repo}/environments/{environment_name}",
      gh.rest.repos.getEnvironment({ ...repo, environment_name: "pypi" }),
    );
    const envKey = await rec(
      "GET",
      "/repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key",
      gh.rest.actions.getEnvironmentPublicKey({ ...repo, environment_name: "pypi" }),
    );
    const ek = envKey.data as { key: string; key_id: string };
    const sealedEnv = sodium.to_base64(
      sodium.crypto_box_seal("pypi-token", sodium.from_base64(ek.key, sodium.base64_variants.ORIGINAL)),
      sodium.base64_variants.ORIGINAL,
    );
    await rec(
      "PUT",
      "/repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}",
      gh.rest.actions.createOrUpdateEnvironmentSecret({
        ...repo,
        environment_name: "pypi",
        secret_name: "PYPI_TOKEN",
        encrypted_value: sealedEnv,
        key_id: ek.key_id,
      }),
    );
    await rec(
      "GET",
      "/repos/{owner}/{repo}/environments/{environment_name}/secrets",
      gh.rest.actions.listEnvironmentSecrets({ ...repo, environment_name: "pypi" }),
    );

    const problems = checks.flatMap(([method, template, r]) =>
      validateResponse(method, template, r.status, r.data).map((p) => `${method} ${template}: ${p}`),
    );
    assert.deepEqual(problems, []);
    assert.equal(checks.length, 25);
    // The sealed boxes open with the stand-in's private keys: the values arrived intact.
    assert.equal(s.state.repoSecrets.get("APPLE_PASSWORD")?.value, "s3cret-value");
    assert.equal(s.state.environments.get("pypi")?.secrets.get("PYPI_TOKEN")?.value, "pypi-token");
  });
});

test("the OpenAPI check catches an unfaithful response", () => {
  const problems = validateResponse("GET", "/repos/{owner}/{repo}/actions/secrets/public-key", 200, { key_id: 12 });
  assert.ok(
    problems.some((p) => p.includes('missing required property "key"')),
    problems.join("\n"),
  );
  assert.ok(
    problems.some((p) => p.includes("expected string, got integer")),
    problems.join("\n"),
  );
});

test("errors use GitHub's shape: 401 without or with an unknown token, 404 for another repository, 403 for a read-only token", async () => {
  await withStandIn(async (s, gh) => {
    const anon = createGitHub({ token: "", baseUrl: s.url, retries: 0 });
    const stranger = createGitHub({ token: "ghp_not_a_real_token_000000", baseUrl: s.url, retries: 0 });
    const reader = createGitHub({ token: s.readOnlyToken, baseUrl: s.url, retries: 0 });
    assert.deepEqual(await status(anon.rest.users.getAuthenticated()), {
      status: 401,
      message: "Requires authentication",
      documentation_url: "https://docs.github.com/rest",
    });
    assert.equal((await status(stranger.rest.repos.get(repo))).message, "Bad credentials");
    assert.equal((await status(gh.rest.repos.get({ owner: "acme", repo: "other" }))).status, 404);
    const denied = await status(reader.rest.repos.createRelease({ ...repo, tag_name: "v1.0.0" }));
    assert.equal(denied.status, 403);
    assert.match(denied.message, /Resource not accessible/);
    assert.equal(s.state.releases.length, 0);
    // Recorded, without any token value.
    assert.ok(s.requests.some((r) => r.status === 401 && r.auth === "unknown"));
    assert.ok(!JSON.stringify(s.requests).includes(s.token) && !JSON.stringify(s.requests).includes(s.readOnlyToken));
  });
});

test("a release published with the operator token starts exactly the workflows that listen for release: published", async () => {
  await withStandIn(async (s, gh) => {
    s.state.refs.set("main", "a".repeat(40));
    await gh.rest.repos.createRelease({ ...repo, tag_name: "v1.0.0", target_commitish: "main" });
    assert.deepEqual(s.state.runs.map((r) => r.workflow).sort(), [
      "build-binaries.yml",
      "build-tauri.yml",
      "publish-pypi.yml",
    ]);
    assert.ok(
      s.state.runs.every((r) => r.event === "release" && r.head_sha === "a".repeat(40) && r.head_branch === "v1.0.0"),
    );
    const filtered = await gh.rest.actions.listWorkflowRunsForRepo({
      ...repo,
      event: "release",
      head_sha: "a".repeat(40),
    });
    assert.equal(filtered.data.total_count, 3);
    const other = await gh.rest.actions.listWorkflowRunsForRepo({ ...repo, head_sha: "b".repeat(40) });
    assert.equal(other.data.total_count, 0);
  });
});

test("a release published with the actions token starts nothing; a draft starts nothing until published", async () => {
  await withStandIn(async (s) => {
    const actions = createGitHub({ token: s.actionsToken, baseUrl: s.url, retries: 0 });
    await actions.rest.repos.createRelease({ ...repo, tag_name: "v1.0.0" });
    assert.equal(s.state.runs.length, 0);
    const gh = createGitHub({ token: s.token, baseUrl: s.url, retries: 0 });
    const draft = await gh.rest.repos.createRelease({ ...repo, tag_name: "v1.1.0", draft: true });
    assert.equal(s.state.runs.length, 0);
    await gh.rest.repos.updateRelease({ ...repo, release_id: draft.data.id, draft: false });
    assert.equal(s.state.runs.length, 3);
  });
});

test("the head_sha of a run is the tag's commit in the git directory it is given", async () => {
  const { gitdir } = await import("../helpers/gitdir.ts");
  const g = gitdir({ files: { "a.txt": "a" } });
  try {
    const tagged = g.git("rev-parse", "HEAD").trim();
    g.git("tag", "v2.0.0");
    g.commit("chore: later", { "b.txt": "b" });
    await withStandIn(
      async (s, gh) => {
        await gh.rest.repos.createRelease({ ...repo, tag_name: "v2.0.0", target_commitish: "main" });
        assert.ok(s.state.runs.length > 0 && s.state.runs.every((r) => r.head_sha === tagged));
      },
      { gitDir: g.dir },
    );
  } finally {
    g.cleanup();
  }
});

test("failNext fails only the matching calls, and the retry plugin recovers from a 500", async () => {
  await withStandIn(async (s, gh) => {
    s.failNext(1, 500, { method: "POST", path: /\/releases$/ });
    await gh.rest.users.getAuthenticated();
    const r = await gh.rest.repos.createRelease({ ...repo, tag_name: "v1.0.0" });
    assert.equal(r.status, 201);
    assert.deepEqual(
      s.requests.filter((q) => q.method === "POST").map((q) => q.status),
      [500, 201],
    );
    assert.equal(s.state.releases.length, 1);
  });
});

test("assets download from browser_download_url without a token, also as latest/download", async () => {
  await withStandIn(async (_s, gh) => {
    const rel = await gh.rest.repos.createRelease({ ...repo, tag_name: "v1.0.0" });
    const up = await gh.request({
      method: "POST",
      url: rel.data.upload_url,
      name: "latest.json",
      data: '{"version":"1.0.0"}',
      headers: { "content-type": "application/json" },
    });
    const direct = await fetch((up.data as { browser_download_url: string }).browser_download_url);
    assert.equal(await direct.text(), '{"version":"1.0.0"}');
    const latest = await fetch(`${_s.url}/acme/atlas/releases/latest/download/latest.json`);
    assert.equal(latest.status, 200);
    const dup = await status(gh.request({ method: "POST", url: rel.data.upload_url, name: "latest.json", data: "{}" }));
    assert.equal(dup.status, 422);
  });
});

for (const runtime of ["tsx", "deno"] as const) {
  test(`the stand-in entry serves until stopped (${runtime})`, async (t) => {
    const bin = join(PROJECT_ROOT, "node_modules", ".bin", runtime);
    const script = join(PROJECT_ROOT, "tasks", "github-stand-in.ts");
    const args = runtime === "deno" ? ["run", "-A", "--quiet", script] : [script];
    const child = spawn(bin, args, { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    t.after(() => child.kill("SIGTERM"));
    let stdout = "";
    const lines = await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no output from the entry: ${stdout}`)), 30_000);
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (/GITHUB_TOKEN=\S+\n/.test(stdout)) {
          clearTimeout(timer);
          resolve(stdout.trim().split("\n"));
        }
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stdout}`)));
    });
    const vars = Object.fromEntries(lines.map((l) => l.split("=", 2) as [string, string]));
    const gh = createGitHub({ token: vars.GITHUB_TOKEN!, baseUrl: vars.GITHUB_API_URL!, retries: 0 });
    assert.equal((await gh.rest.users.getAuthenticated()).data.login, "release-operator");
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
  });
}

test("publishing a draft emits no `created`: a workflow on release types [created] starts only for a release created published", async () => {
  // simonw/datasette's publish workflow listens to `release: types: [created]`.
  const onCreated = { file: "on-created.yml", yaml: "on:\n  release:\n    types: [created]\njobs: {}\n" };
  await withStandIn(
    async (s, gh) => {
      await gh.rest.repos.createRelease({ ...repo, tag_name: "v1.0.0" });
      assert.deepEqual(
        s.state.runs.map((r) => r.workflow),
        ["on-created.yml"],
      );
      const draft = await gh.rest.repos.createRelease({ ...repo, tag_name: "v1.1.0", draft: true });
      await gh.rest.repos.updateRelease({ ...repo, release_id: draft.data.id, draft: false });
      assert.equal(s.state.runs.length, 1, "the published draft started nothing more");
    },
    { workflows: [onCreated] },
  );
});
