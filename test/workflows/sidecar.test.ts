/**
 * The sidecar lands where tauri.conf.json bundles it: the placement check against the
 * bundle config, and the generated build, placement and smoke-test steps run for real
 * in a throwaway folder holding what PyInstaller would have written.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import { test } from "node:test";
import { workflowsSchema, type SidecarConfig } from "../../tasks/lib/core/config/workflows-schema.ts";
import { placementProblem, sidecarLayout, type TauriBundleConf } from "../../templates/sidecar.ts";
import { genWorkflowsMain } from "../../tasks/lib/commands/gen-workflows.ts";
import { gitdir } from "../helpers/gitdir.ts";
import { entryEnv, runInProcess } from "../helpers/in-process.ts";
import { everyRendering, NIAMOTO_TAURI_CONF, SAMPLE_ROOT } from "./fixtures.ts";
import { runStep, step, workflow } from "./shell.ts";

const sidecar = (s: object): SidecarConfig => workflowsSchema.parse({ sidecar: s }).sidecar!;
const onedir = sidecar({ spec: "x.spec", name: "niamoto", placement: { resources: "resources/sidecar" } });
const bin = sidecar({ spec: "x.spec", name: "srv", mode: "onefile", placement: { externalBin: "binaries/srv" } });

test("placementProblem() accepts what bundle.resources or bundle.externalBin bundles, and says why not otherwise", () => {
  const cases: [string, TauriBundleConf, SidecarConfig, RegExp | undefined][] = [
    [
      "map with a trailing slash (Niamoto)",
      { bundle: { resources: { "resources/sidecar/": "sidecar/" } } },
      onedir,
      undefined,
    ],
    ["list with a glob", { bundle: { resources: ["resources/sidecar/**/*"] } }, onedir, undefined],
    ["a parent folder", { bundle: { resources: ["resources/"] } }, onedir, undefined],
    ["another folder", { bundle: { resources: ["assets/"] } }, onedir, /none of which holds "resources\/sidecar\/"/],
    ["no resources", { bundle: {} }, onedir, /bundles \[\]/],
    ["a sibling with the same prefix", { bundle: { resources: ["resources/side"] } }, onedir, /none of which/],
    ["externalBin listed", { bundle: { externalBin: ["binaries/srv"] } }, bin, undefined],
    ["externalBin missing", { bundle: { externalBin: ["binaries/other"] } }, bin, /without "binaries\/srv"/],
  ];
  for (const [label, conf, s, problem] of cases) {
    const got = placementProblem(conf, s);
    if (problem) assert.match(got ?? "", problem, label);
    else assert.equal(got, undefined, label);
  }
});

test("externalBin names carry the target triple and .exe; a onedir build keeps its folder under <resources>/<triple>/", () => {
  assert.deepEqual(sidecarLayout("src-tauri", bin), {
    built: "dist/srv$EXE",
    placed: "src-tauri/binaries/srv-$TARGET$EXE",
    executable: "src-tauri/binaries/srv-$TARGET$EXE",
  });
  assert.deepEqual(sidecarLayout("src-tauri", onedir), {
    built: "dist/niamoto",
    placed: "src-tauri/resources/sidecar/$TARGET/niamoto",
    executable: "src-tauri/resources/sidecar/$TARGET/niamoto/niamoto$EXE",
  });
  assert.throws(
    () => sidecar({ spec: "x.spec", name: "srv", mode: "onedir", placement: { externalBin: "binaries/srv" } }),
    /externalBin sidecar is one file/,
  );
});

/** What PyInstaller leaves in dist/: a folder with the executable and `_internal/`, or one file. */
function fakePyInstallerOutput(dir: string, s: SidecarConfig, exe: string): void {
  const script = `#!/bin/sh\necho "sidecar $*"\n`;
  if (s.mode === "onedir") {
    mkdirSync(join(dir, "dist", s.name, "_internal"), { recursive: true });
    writeFileSync(join(dir, "dist", s.name, "_internal", "base_library.zip"), "zip");
    writeFileSync(join(dir, "dist", s.name, `${s.name}${exe}`), script, { mode: 0o644 });
  } else {
    mkdirSync(join(dir, "dist"), { recursive: true });
    writeFileSync(join(dir, "dist", `${s.name}${exe}`), script, { mode: 0o644 });
  }
}

test("the generated placement and smoke test, run for real, put the sidecar where tauri.conf.json bundles it", async (t) => {
  const sample = JSON.parse(readFileSync(join(SAMPLE_ROOT, "src-tauri/tauri.conf.json"), "utf8")) as TauriBundleConf;
  const confs: Record<string, TauriBundleConf> = {
    "full-featured project": { bundle: { externalBin: ["binaries/atlas-server"] } },
    "Niamoto-shaped project": NIAMOTO_TAURI_CONF,
    "the sample": sample,
  };
  let ran = 0;
  for (const { label, ctx, files } of await everyRendering()) {
    const conf = confs[label];
    if (!ctx.sidecar || !conf) continue;
    assert.equal(placementProblem(conf, ctx.sidecar), undefined, `${label}: the config matches tauri.conf.json`);
    const wf = workflow(files, "build-tauri");
    for (const [target, exe] of [
      ["x86_64-unknown-linux-gnu", ""],
      ["x86_64-pc-windows-msvc", ".exe"],
    ] as const) {
      const repo = gitdir();
      t.after(repo.cleanup);
      const dir = repo.dir;
      fakePyInstallerOutput(dir, ctx.sidecar, exe);
      // Niamoto's smoke test is its own script; here the executable itself is run.
      const smoke = {
        ...step(wf, "build", "Smoke-test"),
        run: step(wf, "build", "Smoke-test").run!.replace(ctx.sidecar.smokeTest, '"$SIDECAR" --version'),
      };
      const env = { TARGET: target, EXE: exe };
      const placed = runStep(step(wf, "build", "Place the sidecar"), dir, env);
      assert.equal(placed.code, 0, `${label}: ${placed.stderr}`);
      const smoked = runStep(smoke, dir, env);
      assert.equal(smoked.code, 0, `${label}: ${smoked.stderr}`);
      assert.equal(smoked.stdout, "sidecar --version\n");
      ran++;
      // The executable is where Tauri looks, with its exec bit, and covered by the bundle config.
      const executable = sidecarLayout(ctx.tauriDir, ctx.sidecar)
        .executable.replace("$TARGET", target)
        .replace("$EXE", exe);
      assert.ok(statSync(join(dir, executable)).mode & 0o100, `${label}: ${executable} is executable`);
      const rel = posix.relative(ctx.tauriDir, executable);
      if ("externalBin" in ctx.sidecar.placement) {
        assert.equal(rel, `${conf.bundle!.externalBin![0]}-${target}${exe}`, label);
      } else {
        const roots = Object.keys(conf.bundle!.resources as Record<string, string>);
        assert.ok(
          roots.some((r) => rel.startsWith(r)),
          `${label}: ${rel} is under ${roots.join(", ")}`,
        );
        assert.ok(
          existsSync(join(dir, posix.dirname(executable), "_internal", "base_library.zip")),
          "the whole onedir",
        );
      }
    }
  }
  assert.equal(ran, 6);
  t.diagnostic(`placement and smoke test ran on ${ran} legs`);
});

test("the smoke test fails the leg when the sidecar is not where the app loads it", async (t) => {
  const sample = (await everyRendering())[3]!;
  const wf = workflow(sample.files, "build-tauri");
  const repo = gitdir();
  t.after(repo.cleanup);
  const dir = repo.dir;
  const r = runStep(step(wf, "build", "Smoke-test"), dir, { TARGET: "x86_64-unknown-linux-gnu", EXE: "" });
  assert.notEqual(r.code, 0);
  assert.match(
    r.stdout,
    /::error::no executable sidecar at src-tauri\/resources\/sidecar\/x86_64-unknown-linux-gnu\/atlas-sidecar\/atlas-sidecar/,
  );
});

test("gen-workflows refuses a sidecar placement that tauri.conf.json does not bundle, and writes nothing", async (t) => {
  const config = {
    name: "atlas",
    workflows: {
      sidecar: { spec: "sidecar.spec", name: "atlas-sidecar", placement: { resources: "resources/sidecar" } },
    },
  };
  const repo = gitdir({
    files: {
      "release.config.ts": `export default ${JSON.stringify(config)};\n`,
      "src-tauri/tauri.conf.json": JSON.stringify({ bundle: { externalBin: ["binaries/atlas-server"] } }),
    },
  });
  t.after(repo.cleanup);
  const r = await runInProcess(() => genWorkflowsMain(["--repo", repo.dir], { env: entryEnv(), cwd: repo.dir }));
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /Cannot render the workflows: workflows\.sidecar\.placement is \{"resources":"resources\/sidecar"\} but src-tauri\/tauri\.conf\.json does not bundle it/,
  );
  assert.match(r.stderr, /bundle\.resources or bundle\.externalBin/);
  assert.equal(existsSync(join(repo.dir, ".github")), false, "nothing written");
  assert.deepEqual(readdirSync(repo.dir).sort(), [".git", "release.config.ts", "src-tauri"]);
});
