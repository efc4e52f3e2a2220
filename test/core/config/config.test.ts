import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig, parseRepoSlug } from "../../../tasks/lib/core/config/index.ts";
import { gitdir } from "../../helpers/gitdir.ts";

test("parseRepoSlug() reads https, ssh and scp remotes and refuses local paths", () => {
  assert.equal(parseRepoSlug("https://github.com/acme/app.git"), "acme/app");
  assert.equal(parseRepoSlug("https://github.com/acme/app"), "acme/app");
  assert.equal(parseRepoSlug("git@github.com:acme/app.git"), "acme/app");
  assert.equal(parseRepoSlug("ssh://git@github.com/acme/my.app.git"), "acme/my.app");
  assert.equal(parseRepoSlug("https://x-access-token:abc@github.example.com/acme/app.git"), "acme/app");
  assert.equal(parseRepoSlug("/srv/git/origin.git"), undefined);
  assert.equal(parseRepoSlug(""), undefined);
});

test("loadConfig() default uses only the Niamoto-shaped files that exist", async (t) => {
  const repo = gitdir({
    files: {
      "pyproject.toml": '[project]\nname = "atlas"\nversion = "0.1.0"\n',
      "src/atlas/__version__.py": '__version__ = "0.1.0"\n',
      "src-tauri/tauri.conf.json": '{ "version": "0.1.0" }\n',
      "uv.lock": "version = 1\n",
      "package.json": '{ "name": "no-version" }\n',
    },
  });
  t.after(repo.cleanup);
  const config = await loadConfig(repo.dir, { env: {} });
  assert.equal(config.source, "default");
  assert.equal(config.name, "atlas");
  assert.deepEqual(
    config.versionFiles.map((v) => `${v.path}:${v.kind}`),
    ["pyproject.toml:pyproject", "src/atlas/__version__.py:python", "src-tauri/tauri.conf.json:json"],
  );
  assert.deepEqual(
    config.lockfiles.map((l) => l.path),
    ["uv.lock"],
  );
  assert.equal(config.repository, undefined);
});

test("loadConfig() takes the slug from --github-repo, then GITHUB_REPOSITORY, then origin", async (t) => {
  const repo = gitdir({ files: { "a.txt": "a" } });
  t.after(repo.cleanup);
  repo.git("remote", "add", "origin", "git@github.com:acme/from-origin.git");
  assert.equal((await loadConfig(repo.dir, { env: {} })).repository, "acme/from-origin");
  assert.equal(
    (await loadConfig(repo.dir, { env: { GITHUB_REPOSITORY: "acme/from-env" } })).repository,
    "acme/from-env",
  );
  assert.equal(
    (await loadConfig(repo.dir, { env: { GITHUB_REPOSITORY: "acme/from-env" }, githubRepo: "acme/flag" })).repository,
    "acme/flag",
  );
  await assert.rejects(loadConfig(repo.dir, { env: {}, githubRepo: "not a slug" }), /owner\/name/);
});

test("loadConfig() names the field and the file of a wrong config", async (t) => {
  const repo = gitdir({
    files: {
      "release.config.ts":
        'export default { name: "x", tagprefix: "v", branch: 3, github: { watchSeconds: "long" } };\n',
    },
  });
  t.after(repo.cleanup);
  await assert.rejects(loadConfig(repo.dir, { env: {} }), (e: Error) => {
    assert.match(e.message, /release\.config\.ts/);
    assert.match(e.message, /tagprefix: unknown key/);
    assert.match(e.message, /branch: .*expected string/);
    assert.match(e.message, /github\.watchSeconds: .*expected number/);
    return true;
  });
});

test("loadConfig() refuses an explicit config whose version file is missing", async (t) => {
  const repo = gitdir({
    files: {
      "release.config.ts": 'export default { name: "x", versionFiles: ["pyproject.toml", "package.json"] };\n',
      "package.json": '{"version":"1.0.0"}',
    },
  });
  t.after(repo.cleanup);
  await assert.rejects(
    loadConfig(repo.dir, { env: {} }),
    /versionFiles names files that do not exist: pyproject\.toml/,
  );
});

// Niamoto (niamoto/niamoto): pyproject.toml's name is `niamoto`, src-tauri/tauri.conf.json's productName
// `Niamoto`, and its releases are titled `Niamoto v0.20.5`. Tauri v1 kept productName under `package`.
test("loadConfig() default name: the Tauri app's productName (v2, then v1's package.productName), else the packages'", async (t) => {
  const name = async (files: Record<string, string>) => {
    const repo = gitdir({ files: { "pyproject.toml": '[project]\nname = "atlas"\nversion = "0.1.0"\n', ...files } });
    t.after(repo.cleanup);
    return (await loadConfig(repo.dir, { env: {} })).name;
  };
  assert.equal(
    await name({ "src-tauri/tauri.conf.json": '{ "productName": "Atlas Maps", "version": "0.1.0" }\n' }),
    "Atlas Maps",
  );
  assert.equal(
    await name({ "src-tauri/tauri.conf.json": '{ "package": { "productName": "Atlas", "version": "0.1.0" } }\n' }),
    "Atlas",
  );
  // no productName, an empty one, or a file that is not JSON: the package name, as before
  assert.equal(await name({ "src-tauri/tauri.conf.json": '{ "version": "0.1.0" }\n' }), "atlas");
  assert.equal(await name({ "src-tauri/tauri.conf.json": '{ "productName": " ", "version": "0.1.0" }\n' }), "atlas");
  assert.equal(await name({ "src-tauri/tauri.conf.json": "{ productName: 'Atlas', // JSON5\n}\n" }), "atlas");
  assert.equal(await name({}), "atlas");
  // a config file's name is the name: productName does not override it
  assert.equal(
    await name({
      "src-tauri/tauri.conf.json": '{ "productName": "Atlas Maps", "version": "0.1.0" }\n',
      "release.config.ts": 'export default { name: "atlas-desktop" };\n',
    }),
    "atlas-desktop",
  );
});

test('versionFiles: kind "variable" names its variable, and only it does', async () => {
  const { parseConfig } = await import("../../../tasks/lib/core/config/parse.ts");
  const ok = parseConfig(
    { name: "a", versionFiles: [{ path: "requirements.txt", kind: "variable", variable: "a-tool" }] },
    "test",
  );
  assert.deepEqual(ok.versionFiles, [{ path: "requirements.txt", kind: "variable", variable: "a-tool" }]);
  for (const bad of [
    { path: "requirements.txt", kind: "variable" },
    { path: "pyproject.toml", kind: "pyproject", variable: "version" },
  ])
    assert.throws(() => parseConfig({ name: "a", versionFiles: [bad] }, "test"), /kind "variable" names its variable/);
});
