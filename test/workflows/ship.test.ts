/**
 * What a real release needs from the generated workflows, asserted on the parsed YAML
 * of four renderings (defaults, full-featured, Niamoto-shaped, the sample): where the
 * toolkit is installed and how it runs, which Tauri CLI builds, which step holds which
 * secret, the keychain's lifecycle, one latest.json job after every build, the
 * permissions of every job, the tag validated before use.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { test } from "node:test";
import { SIGNING_ENV, workflowsSchema } from "../../tasks/lib/core/config/workflows-schema.ts";
import { ReleaseError } from "../../tasks/lib/core/errors.ts";
import { UPDATER_MANIFEST } from "../../tasks/lib/core/entries.ts";
import { render } from "../../tasks/lib/workflows/render.ts";
import { templateContext } from "../../templates/context.ts";
import { isPrivileged } from "../../templates/pins.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";
import { everyRendering, NIAMOTO_WORKFLOWS, niamotoContext, parseWorkflow, RELEASE_WORKFLOWS } from "./fixtures.ts";
import { runStep, step, stepsOf, workflow } from "./shell.ts";

const released = async () => {
  const all = await everyRendering();
  return all.map((r) => ({ ...r, workflows: RELEASE_WORKFLOWS.filter((p) => r.files.has(p)) }));
};

test("the toolkit is installed where it lives, from its lockfile, without install scripts, before it runs", async () => {
  for (const { label, ctx, files, workflows } of await released()) {
    const tsx = posix.join(ctx.toolkitDir, "node_modules/.bin/tsx");
    for (const path of workflows) {
      const text = files.get(path)!;
      for (const [id, job] of Object.entries(parseWorkflow(text).jobs)) {
        const s = stepsOf(job);
        for (const x of s) assert.doesNotMatch(x.run ?? "", /\bnpx\b/, `${label}: ${path}#${id} runs npx`);
        const runs = s.findIndex((x) => x.run?.includes("/.bin/tsx "));
        if (runs < 0) continue;
        assert.ok(
          s[runs]!.run!.startsWith(`${tsx} ${ctx.toolkitDir === "." ? "" : `${ctx.toolkitDir}/`}tasks/`),
          label,
        );
        const install = s.findIndex((x) => x.run?.startsWith("npm ci"));
        assert.ok(install >= 0 && install < runs, `${label}: ${path}#${id} installs the toolkit first`);
        assert.equal(s[install]!.run, "npm ci --ignore-scripts --omit=dev --no-audit --no-fund");
        assert.equal(s[install]!["working-directory"], ctx.toolkitDir === "." ? undefined : ctx.toolkitDir, label);
      }
    }
  }
});

test("the Tauri CLI is @tauri-apps/cli from the toolkit's lockfile, run by path from the Tauri folder", async () => {
  // The lockfile pins one exact version, and that package is what provides the `tauri` bin.
  const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, "package-lock.json"), "utf8"));
  const cli = lock.packages["node_modules/@tauri-apps/cli"];
  assert.match(cli.version, /^\d+\.\d+\.\d+$/);
  assert.equal(cli.bin.tauri, "tauri.js");
  assert.equal(lock.packages["node_modules/tauri"], undefined, "no unrelated `tauri` package in the tree");
  for (const { label, ctx, files } of await everyRendering()) {
    if (!files.has(".github/workflows/build-tauri.yml")) continue;
    const builds = stepsOf(workflow(files, "build-tauri").jobs.build!).filter((s) => s.run?.includes(" build --ci"));
    assert.equal(builds.length, 2, `${label}: the raw macOS build and the other platforms' build`);
    for (const s of builds) {
      assert.equal(s["working-directory"], ctx.tauriDir);
      const program = s.run!.split(" ")[0]!;
      assert.equal(posix.join(ctx.tauriDir, program), posix.join(ctx.tauriCliDir, "node_modules/.bin/tauri"), label);
    }
  }
});

/** Every step that reads a signing secret, as `job: step name`, per secret env name. */
function secretReaders(files: Map<string, string>): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  for (const [path, text] of files) {
    const wf = parseWorkflow(text);
    assert.ok(!JSON.stringify(wf.env ?? {}).includes("secrets."), `${path}: a secret in the workflow's env`);
    for (const [id, job] of Object.entries(wf.jobs)) {
      assert.ok(!JSON.stringify(job.env ?? {}).includes("secrets."), `${path}#${id}: a secret in the job's env`);
      for (const s of stepsOf(job))
        for (const [name, value] of Object.entries(s.env ?? {}))
          if (String(value).includes("secrets.")) readers.set(name, [...(readers.get(name) ?? []), `${id}: ${s.name}`]);
    }
  }
  return readers;
}

test("each signing secret reaches only the steps that use it", async () => {
  const doctor = "validate-secrets: Check the signing secrets with the doctor";
  const keychain = "finalize-macos: Import the signing certificate into a temporary keychain";
  const finalize = "finalize-macos: Repair, sign, notarize and package";
  const sign = "build: Build and sign the app";
  const keyFile = "finalize-macos: Write the updater key to a private file";
  const expected: Record<string, string[]> = {
    APPLE_CERTIFICATE: [doctor, keychain],
    APPLE_CERTIFICATE_PASSWORD: [doctor, keychain],
    APPLE_SIGNING_IDENTITY: [doctor, keychain, finalize],
    APPLE_TEAM_ID: [doctor, finalize],
    APPLE_ID: [doctor, finalize],
    APPLE_PASSWORD: [doctor, finalize],
    TAURI_SIGNING_PRIVATE_KEY: [doctor, sign, keyFile],
    TAURI_SIGNING_PRIVATE_KEY_PASSWORD: [doctor, sign, finalize],
  };
  for (const { label, files } of await everyRendering()) {
    const readers = secretReaders(files);
    assert.deepEqual(
      Object.fromEntries([...readers].sort()),
      Object.fromEntries(Object.entries(expected).sort()),
      label,
    );
    assert.deepEqual([...readers.keys()].sort(), [...SIGNING_ENV].sort());
  }
});

test("jobs holding a signing secret run in the protected environment, and install nothing with install scripts", async () => {
  for (const { label, ctx, files } of await everyRendering())
    for (const [path, text] of files)
      for (const [id, job] of Object.entries(parseWorkflow(text).jobs)) {
        const holds = stepsOf(job).some((s) => JSON.stringify(s.env ?? {}).includes("secrets."));
        if (!holds) {
          assert.notEqual(
            job.environment,
            ctx.signingEnvironment,
            `${label}: ${path}#${id} needs no signing environment`,
          );
          continue;
        }
        assert.equal(job.environment, ctx.signingEnvironment, `${label}: ${path}#${id}`);
        for (const s of stepsOf(job))
          if (/\b(npm ci|npm install|pnpm install)\b/.test(s.run ?? ""))
            assert.match(s.run!, /--ignore-scripts/, `${label}: ${path}#${id} "${s.name}" runs install scripts`);
      }
});

test("the raw macOS build holds no secret and makes no updater artifact; the finalizer signs the archive", async () => {
  // The sample's tauri.conf.json turns updater artifacts on, as Niamoto's does: without
  // the override the CLI would stop for want of the private key.
  const conf = JSON.parse(readFileSync(join(PROJECT_ROOT, "examples/desktop-app/src-tauri/tauri.conf.json"), "utf8"));
  assert.equal(conf.bundle.createUpdaterArtifacts, true);
  assert.ok(conf.plugins.updater.pubkey);
  for (const { label, files } of await everyRendering()) {
    if (!files.has(".github/workflows/build-tauri.yml")) continue;
    const wf = workflow(files, "build-tauri");
    const raw = step(wf, "build", "Build the raw macOS bundle");
    assert.equal(raw.env, undefined, label);
    assert.equal(raw.if, "matrix.os == 'macos'");
    assert.match(raw.run!, / --bundles app --no-sign --config '\{"bundle":\{"createUpdaterArtifacts":false\}\}'$/);
    const fin = step(wf, "finalize-macos", "Repair, sign");
    assert.match(fin.run!, /--updater-key-path "\$RUNNER_TEMP\/tauri-updater\.key"/);
  }
});

test("the keychain: created from the certificate, identity checked, passed with --keychain, deleted whatever happens", async () => {
  for (const { label, files } of await everyRendering()) {
    if (!files.has(".github/workflows/build-tauri.yml")) continue;
    const job = workflow(files, "build-tauri").jobs["finalize-macos"]!;
    const names = stepsOf(job).map((s) => s.name);
    const at = (prefix: string) => names.findIndex((n) => n.startsWith(prefix));
    const [imp, fin, del] = [at("Import the signing"), at("Repair, sign"), at("Delete the temporary keychain")];
    assert.ok(imp >= 0 && imp < fin && fin < del, `${label}: ${names.join(" | ")}`);
    const importRun = stepsOf(job)[imp]!.run!;
    const path = /keychain="([^"]+)"/.exec(importRun)![1]!;
    for (const part of [
      'security create-keychain -p "$keychain_password" "$keychain"',
      'security import "$p12" -k "$keychain" -P "$APPLE_CERTIFICATE_PASSWORD"',
      "security set-key-partition-list -S apple-tool:,apple:,codesign:",
      'security find-identity -v -p codesigning "$keychain" | grep -qF -- "$APPLE_SIGNING_IDENTITY"',
      'rm -f "$p12"',
    ])
      assert.ok(importRun.includes(part), `${label}: ${part}`);
    assert.ok(stepsOf(job)[fin]!.run!.includes(`--keychain "${path}"`), label);
    const del_ = stepsOf(job)[del]!;
    assert.equal(del_.if, "always()");
    assert.ok(del_.run!.includes(`security delete-keychain "${path}"`));
  }
});

test("one job assembles latest.json, after every build and the upload; no leg writes it", async () => {
  for (const { label, files } of await everyRendering()) {
    if (!files.has(".github/workflows/build-tauri.yml")) continue;
    const holders: string[] = [];
    for (const [path, text] of files)
      for (const [id, job] of Object.entries(parseWorkflow(text).jobs))
        if (stepsOf(job).some((s) => s.run?.includes(UPDATER_MANIFEST.path))) holders.push(`${path}#${id}`);
    assert.deepEqual(holders, [".github/workflows/build-tauri.yml#updater-manifest"], label);
    const wf = workflow(files, "build-tauri");
    const builders = Object.keys(wf.jobs).filter((id) => id === "build" || id.startsWith("finalize"));
    assert.deepEqual(wf.jobs["updater-manifest"]!.needs, [...builders, "upload"], label);
    assert.deepEqual(wf.jobs.upload!.needs, builders, label);
    assert.match(step(wf, "finalize-macos", "Repair, sign").run!, / --skip-upload --skip-manifest$/);
    assert.doesNotMatch(files.get(".github/workflows/build-tauri.yml")!, /latest\.json"? *>|cp .*latest\.json/);
  }
});

test("permissions per job: builds read-only, only the small upload jobs write contents, only publish has id-token", async () => {
  const expected: Record<string, Record<string, object>> = {
    "build-tauri": {
      "validate-secrets": { contents: "read" },
      build: { contents: "read" },
      "finalize-macos": { contents: "read" },
      upload: { contents: "write" },
      "updater-manifest": { contents: "write" },
    },
    "build-binaries": { build: { contents: "read" }, upload: { contents: "write" } },
    "publish-pypi": { build: { contents: "read" }, publish: { "id-token": "write" } },
  };
  for (const { label, files } of await everyRendering())
    for (const [name, jobs] of Object.entries(expected)) {
      if (!files.has(`.github/workflows/${name}.yml`)) continue;
      const wf = workflow(files, name);
      assert.deepEqual(wf.permissions, {}, `${label}: ${name}`);
      assert.deepEqual(
        Object.fromEntries(Object.entries(wf.jobs).map(([id, j]) => [id, j.permissions])),
        jobs,
        `${label}: ${name}`,
      );
      // The writing jobs read no signing secret; they check out the tag (for the toolkit's upload) without keeping the token.
      for (const [id, j] of Object.entries(wf.jobs))
        if (id === "upload") {
          for (const s of stepsOf(j).filter((x) => x.uses?.startsWith("actions/checkout@")))
            assert.equal(s.with?.["persist-credentials"], false, `${label}: ${name}#upload`);
          assert.ok(!JSON.stringify(j.steps).includes("secrets."), `${label}: ${name}#upload`);
        }
    }
});

test("every job that reads the release tag validates it first, and the validation refuses flags and newlines", async () => {
  let jobs = 0;
  for (const { label, files, workflows } of await released())
    for (const path of workflows)
      for (const [id, job] of Object.entries(parseWorkflow(files.get(path)!).jobs)) {
        const uses = JSON.stringify(job.steps).includes("RELEASE_TAG");
        if (!uses) continue;
        jobs++;
        assert.equal(stepsOf(job)[0]!.name, "Refuse a tag that is not a release tag", `${label}: ${path}#${id}`);
      }
  assert.ok(jobs >= 30, `${jobs} jobs checked`);
  const check = step(workflow((await everyRendering())[0]!.files, "build-tauri"), "build", "Refuse a tag");
  const ok = (tag: string) => runStep(check, PROJECT_ROOT, { RELEASE_TAG: tag }).code === 0;
  for (const good of ["v1.4.0", "v0.20.5", "v2.0.0-rc.1", "v1.0.0+build.7"]) assert.ok(ok(good), good);
  for (const bad of ["--help", "-v1.4.0", "v1.4.0\nINJECTED=1", "1.4.0", "v1.4", "v1.4.0 extra", "", "v1.4.0;id"])
    assert.ok(!ok(bad), JSON.stringify(bad));
});

test("a manual build-only run skips every job that writes to the release", async () => {
  const files = render(niamotoContext());
  for (const [name, writers] of [
    ["build-tauri", ["upload", "updater-manifest"]],
    ["build-binaries", ["upload"]],
    ["publish-pypi", ["publish"]],
  ] as const) {
    const wf = workflow(files, name);
    assert.equal(wf.on.workflow_dispatch?.inputs?.upload?.type, "boolean");
    for (const [id, job] of Object.entries(wf.jobs))
      assert.equal(
        job.if,
        (writers as readonly string[]).includes(id) ? "github.event_name == 'release' || inputs.upload" : undefined,
        `${name}#${id}`,
      );
  }
  const plain = workflow(render((await everyRendering())[0]!.ctx), "build-tauri");
  assert.equal(plain.on.workflow_dispatch?.inputs?.upload, undefined);
});

test("front ends: pnpm from the pinned action at the declared version, never corepack; Node from .node-version", async () => {
  const [defaults, full, niamoto, sample] = await everyRendering();
  const nia = workflow(niamoto!.files, "build-tauri");
  const pnpm = step(nia, "build", "Set up pnpm");
  assert.match(pnpm.uses!, /^pnpm\/action-setup@[0-9a-f]{40}$/);
  assert.deepEqual(pnpm.with, { package_json_file: "src/niamoto/gui/ui/package.json", run_install: false });
  assert.equal(step(nia, "build", "Install the front end").run, "pnpm install --frozen-lockfile --ignore-scripts");
  assert.equal(step(nia, "build", "Build the front end").run, "pnpm run build");
  assert.deepEqual(step(nia, "build", "Set up Node").with, {
    "node-version-file": ".node-version",
    "package-manager-cache": false,
  });
  for (const r of [defaults!, full!, niamoto!, sample!])
    for (const text of r.files.values()) assert.doesNotMatch(text, /corepack/, r.label);
  const pinnedPnpm = templateContext({
    name: "x",
    branch: "main",
    tagPrefix: "v",
    workflows: workflowsSchema.parse({ frontend: { dir: "web", packageManager: "pnpm", pnpmVersion: "11.0.9" } }),
  });
  assert.deepEqual(step(workflow(render(pinnedPnpm), "build-tauri"), "build", "Set up pnpm").with, {
    version: "11.0.9",
    run_install: false,
  });
  assert.deepEqual(step(workflow(defaults!.files, "build-tauri"), "build", "Set up Node").with?.["node-version"], "24");
  assert.deepEqual(step(workflow(full!.files, "build-tauri"), "build", "Set up Node").with?.["node-version"], "22");
  assert.equal(
    step(workflow(sample!.files, "build-tauri"), "build", "Install the front end").run,
    "npm ci --ignore-scripts --no-audit --no-fund",
  );
});

test("Niamoto's extra Linux packages and the sidecar's spec environment reach their steps", () => {
  const wf = workflow(render(niamotoContext()), "build-tauri");
  assert.match(
    step(wf, "build", "Install the Linux build dependencies").run!,
    / libgtk-3-dev gdal-bin libgdal-dev libproj-dev$/,
  );
  const build = step(wf, "build", "Build the Python sidecar");
  assert.deepEqual(build.env, { NIAMOTO_PYINSTALLER_MODE: "onedir", NIAMOTO_PYINSTALLER_CONSOLE: "false" });
  assert.match(build.run!, /pyinstaller==6\.19\.0/);
  assert.match(build.run!, /pyinstaller --noconfirm --clean --distpath dist build_scripts\/niamoto\.spec$/);
});

test("requirePins refuses a privileged job with a movable reference, naming the action and the job", () => {
  // Every default is a full commit; a maintainer's override may still name a branch.
  const actions = { ...NIAMOTO_WORKFLOWS.actions, "dtolnay/rust-toolchain": "stable" };
  const ctx = templateContext({
    name: "niamoto",
    branch: "main",
    tagPrefix: "v",
    workflows: workflowsSchema.parse({ ...NIAMOTO_WORKFLOWS, actions }),
  });
  assert.throws(
    () => render(ctx),
    (e: unknown) =>
      e instanceof ReleaseError &&
      e.code === "config.invalid" &&
      /^Cannot render the workflows: workflows\.requirePins is on/.test(e.message) &&
      e.message.includes("dtolnay/rust-toolchain@stable") &&
      e.message.includes("build-tauri.yml#build") &&
      !e.message.includes("actions/checkout") &&
      !!e.fix?.includes('"dtolnay/rust-toolchain": "<40-hex commit sha> # <version>"'),
  );
  // Off, the same config renders; a job without write, environment or secret is not privileged.
  assert.ok(render({ ...ctx, requirePins: false }).size > 0);
  const wf = workflow(render(niamotoContext()), "build-binaries");
  assert.equal(isPrivileged(wf.jobs.build!), false);
  assert.equal(isPrivileged(wf.jobs.upload!), true);
});

test("tauriCliDir: the project's own lockfile provides the Tauri CLI, installed beside the toolkit", () => {
  const ctx = templateContext({
    name: "atlas",
    branch: "main",
    tagPrefix: "v",
    workflows: workflowsSchema.parse({ toolkitDir: "tools/release", tauriCliDir: "." }),
  });
  const wf = workflow(render(ctx), "build-tauri");
  const installs = stepsOf(wf.jobs.build!).filter((s) => s.run?.startsWith("npm ci"));
  assert.deepEqual(
    installs.map((s) => [s.name, s["working-directory"]]),
    [
      ["Install the release toolkit (its lockfile, no install scripts)", "tools/release"],
      ["Install the Tauri CLI (its lockfile, no install scripts)", undefined],
    ],
  );
  assert.match(step(wf, "build", "Build and sign").run!, /^\.\.\/node_modules\/\.bin\/tauri build --ci /);
  assert.ok(installs.every((s) => s.run!.includes("--ignore-scripts")));
  // The jobs that do not build the app install the toolkit only.
  const validate = stepsOf(wf.jobs["validate-secrets"]!).filter((s) => s.run?.startsWith("npm ci"));
  assert.deepEqual(
    validate.map((s) => s["working-directory"]),
    ["tools/release"],
  );
});
