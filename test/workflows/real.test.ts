/**
 * The generated shell, run for real where it can run here: every `run:` block through
 * shellcheck; the sample's wheel built with the Debian build frontend and hatchling
 * (no network) and listed by the generated check, which fails on a wheel without the
 * UI; the toolkit installed with the generated `npm ci` in a fresh copy of the sample;
 * the CLI archive named as configured; the keychain steps against a recorded
 * `security` (there is no macOS here). A missing tool makes its test skip and say why.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { render } from "../../tasks/lib/workflows/render.ts";
import { tempDir } from "../helpers/gitdir.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";
import { everyRendering, niamotoContext, parseWorkflow, SAMPLE_ROOT, sampleContext } from "./fixtures.ts";
import { hasTool, runStep, runStepAsync, step, stepsOf, workflow, type ParsedStep } from "./shell.ts";
import { createHash } from "node:crypto";
import { createGitHub } from "../../tasks/lib/github/client.ts";
import { startStandIn } from "../../tasks/stand-in/index.ts";

function scratch(t: { after(fn: () => void): void }): string {
  const dir = tempDir("rc-real-");
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every bash `run:` of a rendering (a job that can land on Windows must say `shell: bash` to be here). */
function bashSteps(files: Map<string, string>): { where: string; step: ParsedStep }[] {
  const out: { where: string; step: ParsedStep }[] = [];
  for (const [path, text] of files)
    for (const [id, job] of Object.entries(parseWorkflow(text).jobs)) {
      const windows = JSON.stringify(job.strategy ?? {}).includes('"windows"');
      for (const s of stepsOf(job)) {
        if (s.run === undefined) continue;
        if (windows && !/linux|macos'$/.test(String(s.if ?? "")))
          assert.equal(s.shell, "bash", `${path}#${id} "${s.name}" would run in pwsh on Windows`);
        if (s.shell === undefined || s.shell === "bash") out.push({ where: `${path}#${id} "${s.name}"`, step: s });
      }
    }
  return out;
}

test("every generated run: block passes shellcheck", async (t) => {
  if (!hasTool("shellcheck")) return t.skip("shellcheck is not installed (apt-get install shellcheck; .ci/run does)");
  const dir = scratch(t);
  let checked = 0;
  const seen = new Set<string>();
  for (const { label, files } of await everyRendering())
    for (const { where, step: s } of bashSteps(files)) {
      if (seen.has(s.run!)) continue;
      seen.add(s.run!);
      const file = join(dir, `step-${checked++}.sh`);
      writeFileSync(file, `#!/usr/bin/env bash\nset -eo pipefail\n${s.run}\n`);
      const r = spawnSync("shellcheck", ["--shell=bash", "--severity=style", file], { encoding: "utf8" });
      assert.equal(r.status, 0, `${label}: ${where}\n${r.stdout}${r.stderr}`);
    }
  assert.ok(checked > 50, `${checked} blocks checked`);
  t.diagnostic(`${checked} distinct run: blocks passed shellcheck`);
});

test("shellcheck is not blind: it reports an unquoted expansion in a run: block", (t) => {
  if (!hasTool("shellcheck")) return t.skip("shellcheck is not installed");
  const r = spawnSync("shellcheck", ["--shell=bash", "-"], {
    input: "rm -rf $DIR/*\ngh release upload $RELEASE_TAG\n",
    encoding: "utf8",
  });
  assert.notEqual(r.status, 0);
  assert.match(r.stdout, /SC2086/);
});

/** A Python whose `build` module and hatchling are the Debian packages (python3-build, python3-hatchling). */
function pythonWithBuild(): string | undefined {
  for (const py of ["python3", "/usr/bin/python3"]) {
    const r = spawnSync(py, ["-c", "import build, hatchling"], { encoding: "utf8" });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** `python -m build` offline on a copy of the sample; `-x` because Debian's hatchling is older than the sample asks for. */
function buildSample(py: string, dir: string, withUi: boolean, kind: "--wheel" | "--sdist"): string {
  const src = join(dir, `src-${withUi ? "ui" : "bare"}${kind}`);
  cpSync(SAMPLE_ROOT, src, { recursive: true });
  if (withUi) {
    // What `npm run build` leaves in ui/dist (git-ignored, as in the sample's .gitignore).
    mkdirSync(join(src, "ui/dist/assets"), { recursive: true });
    writeFileSync(join(src, "ui/dist/index.html"), "<!doctype html><div id=root></div>\n");
    writeFileSync(join(src, "ui/dist/assets/index.js"), "console.log('atlas');\n");
  }
  const out = join(dir, `dist-${withUi ? "ui" : "bare"}${kind}`);
  const r = spawnSync(py, ["-m", "build", "--no-isolation", "-x", kind, "--outdir", join(out, "dist"), src], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return out;
}

test("the sample's wheel, built for real after the UI, holds the UI; the generated check lists it and refuses a wheel without it", async (t) => {
  const py = pythonWithBuild();
  if (!py)
    return t.skip("no python3 with the build module and hatchling (apt-get install python3-build python3-hatchling)");
  const dir = scratch(t);
  const check = step(workflow(render(await sampleContext()), "publish-pypi"), "build", "List the wheel");

  const good = buildSample(py, dir, true, "--wheel");
  const ok = runStep(check, good);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^atlas\/ui\/dist\/index\.html$/m);
  assert.match(ok.stdout, /^atlas\/ui\/dist\/assets\/index\.js$/m);
  assert.match(ok.stdout, /^atlas\/cli\.py$/m);

  // The wheel Niamoto's CI used to build: the UI never built, so nothing to force-include.
  const bare = buildSample(py, dir, false, "--wheel");
  const refused = runStep(check, bare);
  assert.equal(refused.code, 1);
  assert.match(
    refused.stdout,
    /::error::dist\/atlas_field-0\.4\.2-py3-none-any\.whl does not contain atlas\/ui\/dist\/index\.html/,
  );
  assert.doesNotMatch(refused.stdout, /^atlas\/ui\//m);

  // The sdist stays clean: the built UI is git-ignored and only the wheel force-includes it.
  const sdist = buildSample(py, dir, true, "--sdist");
  const archive = readdirSync(join(sdist, "dist")).find((f) => f.endsWith(".tar.gz"))!;
  const list = spawnSync("tar", ["-tzf", join(sdist, "dist", archive)], { encoding: "utf8" }).stdout;
  assert.match(list, /atlas_field-0\.4\.2\/pyproject\.toml/);
  assert.doesNotMatch(list, /ui\/dist/);

  // Two wheels (a stale one beside the new one) are refused too: the check lists exactly one.
  cpSync(join(good, "dist"), join(bare, "dist"), { recursive: true, force: false, errorOnExist: false });
  writeFileSync(join(bare, "dist", "old-0.1-py3-none-any.whl"), "");
  assert.match(runStep(check, bare).stdout, /expected one wheel in dist\/, found 2/);
});

test("npm ci, as generated, installs the toolkit in its rendered location of a fresh copy of the sample", async (t) => {
  const dir = scratch(t);
  const repo = join(dir, "atlas");
  cpSync(SAMPLE_ROOT, repo, { recursive: true });
  const ctx = await sampleContext();
  // The toolkit vendored where workflows.toolkitDir says, as the demo and an adopting project keep it.
  for (const part of ["release.ts", "tasks", "templates", "package.json", "package-lock.json", "tsconfig.json"])
    cpSync(join(PROJECT_ROOT, part), join(repo, ctx.toolkitDir, part), { recursive: true });
  const wf = workflow(render(ctx), "build-tauri");
  const install = step(wf, "build", "Install the release toolkit");
  assert.equal(install["working-directory"], "tools/release");
  assert.ok(existsSync(join(repo, install["working-directory"]!, "package-lock.json")), "its own lockfile is there");
  // The npm cache serves what it has; the registry only what is missing.
  const r = runStep(install, repo, {
    npm_config_prefer_offline: "true",
    npm_config_cache: join(process.env.HOME ?? dir, ".npm"),
  });
  if (r.code !== 0 && /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(r.stderr))
    return t.skip(`npm ci needs packages the cache lacks and the registry is unreachable: ${r.stderr.split("\n")[0]}`);
  assert.equal(r.code, 0, r.stderr);

  // `tauri` resolves to @tauri-apps/cli at the lockfile's version, from the Tauri folder as the build step runs it.
  const build = step(wf, "build", "Build and sign the app");
  const program = join(repo, build["working-directory"]!, build.run!.split(" ")[0]!);
  assert.match(realpathSync(program), /node_modules\/@tauri-apps\/cli\/tauri\.js$/);
  const lock = JSON.parse(readFileSync(join(repo, "tools/release/package-lock.json"), "utf8"));
  const version = spawnSync(program, ["--version"], { encoding: "utf8" });
  assert.equal(version.stdout.trim(), `tauri-cli ${lock.packages["node_modules/@tauri-apps/cli"].version}`);
  // The toolkit runs from there with production dependencies only: generate, then --check, from the sample's root.
  const tsx = step(wf, "validate-secrets", "Check the signing secrets").run!.split(" ")[0]!;
  const gen = spawnSync(join(repo, tsx), ["tools/release/tasks/gen-workflows.ts", "--repo", "."], {
    cwd: repo,
    encoding: "utf8",
  });
  assert.equal(gen.status, 0, gen.stderr);
  const check = spawnSync(join(repo, tsx), ["tools/release/tasks/gen-workflows.ts", "--check", "--repo", "."], {
    cwd: repo,
    encoding: "utf8",
  });
  assert.equal(check.status, 0, check.stderr);
  assert.ok(!existsSync(join(repo, "tools/release/node_modules/deno")), "dev dependencies are not installed");
});

/** The toolkit where a generated step expects it in `work` (`<toolkitDir>/node_modules/.bin/tsx`, `<toolkitDir>/tasks`). */
function linkToolkit(work: string, toolkitDir: string): void {
  const dir = join(work, toolkitDir);
  mkdirSync(dir, { recursive: true });
  for (const name of ["node_modules", "tasks", "templates", "package.json"])
    if (!existsSync(join(dir, name))) symlinkSync(join(PROJECT_ROOT, name), join(dir, name));
}

// The upload step runs the toolkit's upload for real, against the stand-in: into the draft, with
// checksums; into a published immutable release it refuses with the reason, not GitHub's bare 422
// (the failure softprops/action-gh-release#653 and svenstaro/upload-release-action#159 reported).
test("the CLI archive is named as configured (.tar.gz here) and uploaded to the tag's draft; a published immutable release is refused", async (t) => {
  const dir = scratch(t);
  const cases = [
    [render(niamotoContext()), niamotoContext().toolkitDir, "niamoto", "niamoto-linux-x86_64.tar.gz"],
    [
      (await everyRendering())[0]!.files,
      (await everyRendering())[0]!.ctx.toolkitDir,
      "atlas",
      "atlas-v1.4.0-linux-x86_64.tar.gz",
    ],
  ] as const;
  for (const [files, toolkitDir, cli, expected] of cases) {
    const work = join(dir, cli);
    mkdirSync(join(work, "dist"), { recursive: true });
    spawnSync("git", ["init", "-q", work]);
    linkToolkit(work, toolkitDir);
    writeFileSync(join(work, "dist", cli), "#!/bin/sh\n");
    const wf = workflow(files, "build-binaries");
    const env = { OS: "linux", ARCH: "x86_64", TARGET: "x86_64-unknown-linux-gnu", RELEASE_TAG: "v1.4.0" };
    const archived = runStep(step(wf, "build", "Archive"), work, env);
    assert.equal(archived.code, 0, archived.stderr);
    assert.deepEqual(readdirSync(join(work, "dist/archives")), [expected]);
    const s = await startStandIn({ repo: "niamoto/niamoto", immutable: true });
    t.after(() => s.close());
    const gh = createGitHub({ token: s.token, baseUrl: s.url, retries: 0 });
    const repo = { owner: "niamoto", repo: "niamoto" };
    const draft = (await gh.rest.repos.createRelease({ ...repo, tag_name: "v1.4.0", draft: true })).data;
    const upload = step(wf, "upload", "Upload to the release's draft");
    const jobEnv = {
      ...env,
      GITHUB_TOKEN: s.actionsToken,
      GITHUB_API_URL: s.url,
      GITHUB_REPOSITORY: "niamoto/niamoto",
    };
    const uploaded = await runStepAsync(upload, work, jobEnv);
    assert.equal(uploaded.code, 0, uploaded.stderr);
    const onDraft = s.state.releases.find((r) => r.id === draft.id)!;
    assert.deepEqual(onDraft.assets.map((a) => a.name).sort(), [expected, "SHA256SUMS-build-binaries.txt"].sort());
    const sums = onDraft.assets.find((a) => a.name === "SHA256SUMS-build-binaries.txt")!.data.toString();
    const archive = readFileSync(join(work, "dist/archives", expected));
    assert.equal(sums, `${createHash("sha256").update(archive).digest("hex")}  ${expected}\n`);
    // Published (immutable): the same step refuses, with the reason and what to do.
    await gh.rest.repos.updateRelease({ ...repo, release_id: draft.id, draft: false });
    const refused = await runStepAsync(upload, work, jobEnv);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Cannot upload to v1\.4\.0: the release is published and immutable/);
    assert.match(refused.stderr, /cut the next patch version/);
    assert.doesNotMatch(refused.stderr, /Validation Failed|422 \(/);
    assert.equal(s.requests.filter((q) => q.method === "POST" && q.path.includes("/assets")).length, 2);
  }
});

/**
 * A recorded `security` (macOS's keychain tool): it logs each call, creates the
 * keychain file, and answers `find-identity` and `list-keychains` as macOS does.
 */
function fakeSecurity(dir: string, identity: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, "security"),
    [
      "#!/bin/sh",
      `echo "$*" >> "${dir}/security.log"`,
      'case "$1" in',
      '  create-keychain) : > "$4" ;;',
      '  delete-keychain) rm -f "$2" ;;',
      `  find-identity) printf '  1) 0123456789ABCDEF0123456789ABCDEF01234567 "%s"\\n     1 valid identities found\\n' '${identity}' ;;`,
      '  list-keychains) if [ "$3" != "-s" ]; then echo \'    "/Users/runner/Library/Keychains/login.keychain-db"\'; fi ;;',
      "esac",
    ].join("\n"),
  );
  chmodSync(join(bin, "security"), 0o755);
  return bin;
}

test("the keychain steps, against a recorded security: import, identity checked, search list, deleted", async (t) => {
  const wf = workflow((await everyRendering())[3]!.files, "build-tauri");
  const [imp, del] = [
    step(wf, "finalize-macos", "Import the signing"),
    step(wf, "finalize-macos", "Delete the temporary"),
  ];
  const p12 = Buffer.from("not really a p12, but bytes");
  const identity = "Developer ID Application: Ada Field (TEAM123456)";
  for (const [label, configured, code] of [
    ["matching identity", identity, 0],
    ["another identity", "Developer ID Application: Someone Else (OTHER12345)", 1],
  ] as const) {
    const dir = scratch(t);
    const env = {
      PATH: `${fakeSecurity(dir, identity)}:${process.env.PATH}`,
      RUNNER_TEMP: dir,
      APPLE_CERTIFICATE: p12.toString("base64"),
      APPLE_CERTIFICATE_PASSWORD: "p12-pass",
      APPLE_SIGNING_IDENTITY: configured,
    };
    const r = runStep(imp, dir, env);
    assert.equal(r.code, code, `${label}: ${r.stdout}${r.stderr}`);
    const log = readFileSync(join(dir, "security.log"), "utf8");
    const keychain = join(dir, "release-signing.keychain-db");
    assert.match(log, new RegExp(`^create-keychain -p \\S+ ${keychain}$`, "m"));
    assert.match(
      log,
      new RegExp(`^import ${dir}/release-signing\\.p12 -k ${keychain} -P p12-pass -f pkcs12 -T /usr/bin/codesign`, "m"),
    );
    assert.match(log, /^set-key-partition-list -S apple-tool:,apple:,codesign: -s -k \S+ /m);
    assert.match(
      log,
      new RegExp(`^list-keychains -d user -s ${keychain} /Users/runner/Library/Keychains/login.keychain-db$`, "m"),
    );
    assert.ok(!existsSync(join(dir, "release-signing.p12")), `${label}: the decoded .p12 is gone after the step`);
    if (code) assert.match(r.stdout, /::error::the certificate in APPLE_CERTIFICATE does not hold the identity/);
    assert.match(r.stdout, /::add-mask::[0-9a-f]{48}/, "the keychain password is masked");
    const d = runStep(del, dir, env);
    assert.equal(d.code, 0, d.stderr);
    assert.match(readFileSync(join(dir, "security.log"), "utf8"), new RegExp(`^delete-keychain ${keychain}$`, "m"));
    assert.ok(!existsSync(keychain));
  }
});
