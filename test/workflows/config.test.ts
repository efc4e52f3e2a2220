/**
 * The `workflows` config keys issue 11 added: what they default to, and the mistakes
 * they refuse with a message naming the field (a bad value never reaches a template).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { workflowsSchema } from "../../tasks/lib/core/config/workflows-schema.ts";
import { ReleaseError } from "../../tasks/lib/core/errors.ts";
import { contextFromConfig } from "../../tasks/lib/workflows/load.ts";

const parse = (w: object) => workflowsSchema.safeParse(w);
const issues = (w: object) => {
  const r = parse(w);
  assert.equal(r.success, false, JSON.stringify(w));
  return r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

test("the new keys' defaults: no sidecar, npm front end without install scripts, release-signing, pins not required", () => {
  const w = workflowsSchema.parse({ frontend: { dir: "ui" } });
  assert.equal(w.sidecar, undefined);
  assert.deepEqual(w.frontend, { dir: "ui", packageManager: "npm", scripts: false });
  assert.equal(w.signingEnvironment, "release-signing");
  assert.equal(w.requirePins, false);
  assert.equal(w.dispatchBuildOnly, false);
  assert.equal(w.cliAssetName, "{name}-{tag}-{os}-{arch}");
  assert.deepEqual(w.linuxPackages, []);
  assert.deepEqual(w.wheelMustContain, []);
  const s = workflowsSchema.parse({ sidecar: { spec: "a.spec", name: "a", placement: { resources: "r" } } }).sidecar!;
  assert.deepEqual(s, {
    spec: "a.spec",
    name: "a",
    mode: "onedir",
    env: {},
    placement: { resources: "r" },
    smokeTest: '"$SIDECAR" --help',
  });
});

test("refused: a onedir externalBin, an install override that runs scripts, a bad package or env name, two placements", () => {
  assert.deepEqual(issues({ sidecar: { spec: "a.spec", name: "a", placement: { externalBin: "bin/a" } } }), [
    "sidecar.mode: an externalBin sidecar is one file: set mode to onefile, or place a onedir build with resources",
  ]);
  assert.deepEqual(issues({ frontend: { dir: "ui", install: "npm ci" } }), [
    "frontend.install: runs install scripts in a job that later holds secrets: add --ignore-scripts, or set scripts: true",
  ]);
  assert.ok(parse({ frontend: { dir: "ui", install: "npm ci", scripts: true } }).success);
  assert.match(
    issues({ linuxPackages: ["gdal-bin; curl evil"] })[0]!,
    /linuxPackages\.0: must be a Debian package name/,
  );
  assert.match(
    issues({ sidecar: { spec: "a", name: "a", env: { "BAD-NAME": "1" }, placement: { resources: "r" } } })[0]!,
    /sidecar\.env/,
  );
  assert.ok(issues({ sidecar: { spec: "a", name: "a", placement: { resources: "r", externalBin: "b" } } }).length > 0);
  assert.ok(issues({ frontend: { dir: "ui", packageManager: "yarn" } }).length > 0);
  assert.ok(issues({ sidecarSpec: "old.spec" }).length > 0, "the old key is gone (workflows.sidecar replaces it)");
});

test("an unknown placeholder in cliAssetName is a config error naming the field, before any template runs", () => {
  const config = {
    name: "atlas",
    branch: "main",
    tagPrefix: "v",
    source: "release.config.ts",
    workflows: workflowsSchema.parse({ cliAssetName: "{name}-{version}-{os}" }),
  };
  assert.throws(
    () => contextFromConfig(config),
    (e: unknown) =>
      e instanceof ReleaseError &&
      e.message ===
        "Cannot render the workflows: workflows.cliAssetName uses {version}, which is not a placeholder (known: {name} {tag} {os} {arch} {target})" &&
      e.fix === "Fix workflows in release.config.ts.",
  );
});
