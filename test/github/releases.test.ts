import assert from "node:assert/strict";
import { test } from "node:test";
import { createGitHub } from "../../tasks/lib/github/client.ts";
import { findReleaseByTag, publishRelease, type PublishReleaseInput } from "../../tasks/lib/github/releases.ts";
import { ReleaseError } from "../../tasks/lib/core/errors.ts";
import { withStandIn } from "../helpers/stand-in.ts";

const input: PublishReleaseInput = {
  repo: "acme/atlas",
  tag: "v1.4.0",
  title: "Atlas v1.4.0",
  notes: "### Added\n- maps",
  prerelease: false,
  targetCommitish: "main",
};

async function refusal(p: Promise<unknown>): Promise<ReleaseError> {
  const e = await p.then(
    () => assert.fail("expected a refusal"),
    (err: unknown) => err,
  );
  assert.ok(e instanceof ReleaseError, `expected a ReleaseError, got ${String(e)}`);
  return e;
}

test("publishRelease() creates a published stable release marked latest, which starts the release workflows", async () => {
  await withStandIn(async (s, gh) => {
    const r = await publishRelease(gh, input);
    assert.equal(r.created, true);
    assert.match(r.html_url, /\/acme\/atlas\/releases\/tag\/v1\.4\.0$/);
    const [rel] = s.state.releases;
    assert.equal(rel?.draft, false);
    assert.equal(rel?.prerelease, false);
    assert.equal(rel?.name, "Atlas v1.4.0");
    assert.equal(rel?.body, "### Added\n- maps");
    assert.equal(s.state.latestReleaseId, r.id);
    assert.equal(s.state.runs.length, 3);
    const create = s.requests.find((q) => q.method === "POST");
    assert.equal(create?.auth, "operator");
  });
});

test("publishRelease() updates the release that already exists for the tag instead of failing or duplicating it", async () => {
  await withStandIn(async (s, gh) => {
    const first = await publishRelease(gh, { ...input, notes: "old notes" });
    const second = await publishRelease(gh, { ...input, title: "Atlas 1.4.0", notes: "new notes" });
    assert.equal(second.created, false);
    assert.equal(second.id, first.id);
    assert.equal(s.state.releases.length, 1);
    assert.equal(s.state.releases[0]?.body, "new notes");
    assert.equal(s.state.releases[0]?.name, "Atlas 1.4.0");
    // Updating a published release emits no second `published`: no second round of runs.
    assert.equal(s.state.runs.length, 3);
  });
});

test("publishRelease() publishes a draft left for the tag (drafts emit no published event)", async () => {
  await withStandIn(async (s, gh) => {
    await gh.rest.repos.createRelease({ owner: "acme", repo: "atlas", tag_name: "v1.4.0", draft: true });
    assert.equal(
      await findReleaseByTag(
        createGitHub({ token: s.readOnlyToken, baseUrl: s.url, retries: 0 }),
        "acme/atlas",
        "v1.4.0",
      ),
      null,
    );
    const r = await publishRelease(gh, input);
    assert.equal(r.created, false);
    assert.equal(s.state.releases.length, 1);
    assert.equal(s.state.releases[0]?.draft, false);
    assert.equal(s.state.runs.length, 3);
  });
});

test("a pre-release is flagged and never becomes latest", async () => {
  await withStandIn(async (s, gh) => {
    const stable = await publishRelease(gh, input);
    const rc = await publishRelease(gh, { ...input, tag: "v1.5.0-rc.0", title: "Atlas v1.5.0-rc.0", prerelease: true });
    const rel = s.state.releases.find((r) => r.id === rc.id);
    assert.equal(rel?.prerelease, true);
    assert.equal(rel?.draft, false);
    assert.equal(s.state.latestReleaseId, stable.id);
    const latest = await gh.rest.repos.getLatestRelease({ owner: "acme", repo: "atlas" });
    assert.equal(latest.data.tag_name, "v1.4.0");
    // Pre-releases publish too, so they start the workflows (3 + 3).
    assert.equal(s.state.runs.length, 6);
  });
});

test("401, 403 and 404 become refusals that say what to do, and change nothing", async () => {
  await withStandIn(async (s) => {
    const bad = createGitHub({ token: "ghp_wrongwrongwrongwrongwrong000000", baseUrl: s.url, retries: 0 });
    const e401 = await refusal(publishRelease(bad, input));
    assert.match(e401.message, /^Cannot read the release for v1\.4\.0: GitHub answered 401 \(Bad credentials\)/);
    assert.match(e401.fix ?? "", /GH_TOKEN/);

    const reader = createGitHub({ token: s.readOnlyToken, baseUrl: s.url, retries: 0 });
    const e403 = await refusal(publishRelease(reader, input));
    assert.match(e403.message, /^Cannot create the draft release for v1\.4\.0: GitHub answered 403/);
    assert.match(e403.fix ?? "", /write/);

    const gh = createGitHub({ token: s.token, baseUrl: s.url, retries: 0 });
    const e404 = await refusal(publishRelease(gh, { ...input, repo: "acme/missing" }));
    assert.match(e404.message, /GitHub answered 404/);
    assert.match(e404.fix ?? "", /acme\/missing exists/);

    assert.equal(s.state.releases.length, 0);
    for (const e of [e401, e403, e404]) {
      const text = `${e.message}\n${e.fix}\n${JSON.stringify(e)}`;
      assert.ok(!text.includes(s.token) && !text.includes(s.readOnlyToken), "a token leaked into an error");
    }
  });
});

test("a 500 is retried and the release is created once", async () => {
  await withStandIn(async (s, gh) => {
    s.failNext(2, 500, { method: "POST" });
    const r = await publishRelease(gh, input);
    assert.equal(r.created, true);
    assert.equal(s.state.releases.length, 1);
    assert.deepEqual(
      s.requests.filter((q) => q.method === "POST").map((q) => q.status),
      [500, 500, 201],
    );
  });
});

test("a 500 that outlasts the retries is a refusal that says to rerun", async () => {
  await withStandIn(async (s, gh) => {
    s.failNext(10, 502, { method: "POST" });
    const e = await refusal(publishRelease(gh, input));
    assert.match(e.message, /GitHub answered 502/);
    assert.match(e.fix ?? "", /run the same command again/);
    assert.equal(s.state.releases.length, 0);
  });
});

test("an unreachable API is a refusal that names the URL", async () => {
  const gh = createGitHub({ token: "ghp_unreachable_token_0000000000", baseUrl: "http://127.0.0.1:9", retries: 0 });
  const e = await refusal(publishRelease(gh, input));
  assert.match(e.message, /could not be reached/);
  assert.ok(!e.message.includes("ghp_unreachable_token_0000000000"));
});
