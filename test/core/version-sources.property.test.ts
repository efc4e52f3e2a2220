/**
 * Invariant: for any version source and any version, what the detector reads is what the
 * editor reads, and after the cut sets a new version the detector reads exactly that in
 * every file, with no question. (Adoption and the zero-config plan use the detector; the
 * cut uses the editor: they must never disagree.)
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { onPath } from "../../tasks/lib/core/exec.ts";
import { detectVersionSources } from "../../tasks/lib/core/version-sources/detect.ts";
import { readVersionOf, setVersionOf } from "../../tasks/lib/release/version-files/index.ts";
import { tempDirFor, writeFiles } from "../helpers/tmp.ts";

const skip = (await onPath("python3")) ? false : "python3 is not on PATH";

/** Layouts written for this test, one per rule family. */
const LAYOUTS: Record<string, (v: string) => Record<string, string>> = {
  pep621: (v) => ({
    "pyproject.toml": `[project]\nname = "a"\nversion = "${v}"\n`,
    "src/a/__version__.py": `__version__ = "${v}"\n`,
  }),
  poetry1: (v) => ({
    "pyproject.toml": `[tool.poetry]\nname = "a"\nversion = "${v}"\n\n[tool.commitizen]\nversion = "${v}"\n`,
  }),
  setupCfg: (v) => ({ "setup.cfg": `[metadata]\nname = a\nversion = ${v}\n` }),
  setupPy: (v) => ({ "setup.py": `from setuptools import setup\nsetup(name="a", version="${v}")\n` }),
  hatchPath: (v) => ({
    "pyproject.toml": '[project]\nname = "a"\ndynamic = ["version"]\n[tool.hatch.version]\npath = "a/__about__.py"\n',
    "a/__about__.py": `__version__ = "${v}"\n`,
  }),
  plain: (v) => ({ VERSION: `${v}\n` }),
  tauriV2: (v) => ({
    "src-tauri/tauri.conf.json": JSON.stringify({ productName: "A", version: v }, null, 2),
    "src-tauri/Cargo.toml": `[package]\nname = "a"\nversion = "${v}"\n`,
  }),
  // python-semantic-release's lists: a TOML key and a variable in a requirements pin
  semanticRelease: (v) => ({
    "pyproject.toml": `[project]\nname = "a"\nversion = "${v}"\n\n[tool.semantic_release]\nversion_toml = ["pyproject.toml:project.version"]\nversion_variables = ["action/requirements.txt:a-tool"]\n`,
    "action/requirements.txt": `a-tool == ${v}\n`,
  }),
  // rooster's version_files: a member crate's manifest beside the package
  rooster: (v) => ({
    "pyproject.toml": `[project]\nname = "a"\nversion = "${v}"\n\n[tool.rooster]\nversion_files = ["pyproject.toml", "crates/a/Cargo.toml"]\n`,
    "crates/a/Cargo.toml": `[package]\nname = "a"\nversion = "${v}"\n`,
  }),
  tauriCargo: (v) => ({
    "src-tauri/tauri.conf.json": JSON.stringify({ productName: "A" }),
    "src-tauri/Cargo.toml": `[package]\nname = "a"\nversion = "${v}"\n`,
    "package.json": JSON.stringify({ name: "a", version: v }),
  }),
};

const version = fc
  .tuple(fc.nat(40), fc.nat(40), fc.nat(40), fc.option(fc.tuple(fc.constantFrom("rc", "beta", "alpha"), fc.nat(9))))
  .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre[0]}.${pre[1]}` : ""}`);

test("for any version source, the detector and the editor read the same version, before and after a bump", {
  skip,
}, async (t) => {
  const dir = tempDirFor(t);
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...Object.keys(LAYOUTS)), version, version, async (layout, from, to) => {
      const root = join(dir, String(n++));
      const files = LAYOUTS[layout]!(from);
      writeFiles(root, files);
      const paths = Object.keys(files).sort();
      const before = await detectVersionSources(root, paths);
      assert.ok(before.files.length, `${layout}: no version file found`);
      assert.deepEqual(before.questions, []);
      for (const f of before.files) {
        const text = readFileSync(join(root, f.path), "utf8");
        assert.equal(await readVersionOf(f.kind, text, f.path, f.variable), from, `${layout} ${f.path}`);
        writeFileSync(join(root, f.path), await setVersionOf(f.kind, text, f.path, to, f.variable));
      }
      const after = await detectVersionSources(root, paths);
      assert.deepEqual(
        after.files.map((f) => `${f.path}=${f.version}`),
        before.files.map((f) => `${f.path}=${to}`),
      );
      assert.deepEqual(after.questions, []);
    }),
    { numRuns: 40 },
  );
});
