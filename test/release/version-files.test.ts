import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { diffLines } from "diff";
import type { VersionFileKind } from "../../tasks/lib/core/config/schema.ts";
import { onPath } from "../../tasks/lib/core/exec.ts";
import {
  readVersion,
  readVersionOf,
  setVersion,
  setVersionOf,
  type TextKind,
} from "../../tasks/lib/release/version-files/index.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";

const sample = (p: string) => readFileSync(join(PROJECT_ROOT, "examples", "desktop-app", p), "utf8");

/** The changed lines of an edit, as [removed, added] pairs of text. */
function changes(before: string, after: string): { removed: string[]; added: string[] } {
  const removed: string[] = [];
  const added: string[] = [];
  for (const part of diffLines(before, after)) {
    if (part.removed) removed.push(...part.value.trimEnd().split("\n"));
    if (part.added) added.push(...part.value.trimEnd().split("\n"));
  }
  return { removed, added };
}

const cases: [string, TextKind, string[]][] = [
  ["pyproject.toml", "pyproject", ['version = "0.5.0"  # kept in sync by release.ts']],
  ["src/atlas/__version__.py", "python", ['__version__ = "0.5.0"']],
  ["docs/conf.py", "sphinx", ['version = "0.5"', 'release = "0.5.0"']],
  ["src-tauri/tauri.conf.json", "json", ['  "version": "0.5.0",']],
  ["src-tauri/Cargo.toml", "cargo", ['version = "0.5.0"']],
  [".bumpversion.cfg", "bumpversion", ["current_version = 0.5.0"]],
  ["package.json", "json", ['  "version": "0.5.0",']],
];

for (const [path, kind, expected] of cases) {
  test(`setVersion() on the sample's ${path} changes only the version line(s)`, () => {
    const before = sample(path);
    assert.equal(readVersion(kind, before, path), "0.4.2");
    const after = setVersion(kind, before, path, "0.5.0");
    const { removed, added } = changes(before, after);
    assert.deepEqual(added, expected);
    assert.equal(removed.length, expected.length);
    assert.equal(readVersion(kind, after, path), "0.5.0");
    // Everything else is byte-for-byte the same: undoing the edit gives the original.
    assert.equal(setVersion(kind, after, path, "0.4.2"), before);
  });
}

test("pyproject: dependency and tool tables keep their own version keys", () => {
  const after = setVersion("pyproject", sample("pyproject.toml"), "pyproject.toml", "1.0.0");
  assert.match(after, /geo-helpers = \{ git = "https:\/\/example.org\/geo-helpers.git", version = "1.2.0" \}/);
  assert.match(after, /^# Atlas: explore/);
});

test("cargo: workspace dependency versions are untouched; [workspace.package] is used when [package] inherits", () => {
  const after = setVersion("cargo", sample("src-tauri/Cargo.toml"), "Cargo.toml", "1.0.0");
  assert.match(after, /serde = \{ version = "1.0.210"/);
  assert.match(after, /tauri = \{ version = "2.0.2"/);
  const ws =
    '[workspace.package]\nversion = "2.1.0"\nedition = "2021"\n\n[package]\nname = "x"\nversion.workspace = true\n';
  assert.equal(readVersion("cargo", ws, "Cargo.toml"), "2.1.0");
  assert.equal(setVersion("cargo", ws, "Cargo.toml", "2.2.0"), ws.replace('"2.1.0"', '"2.2.0"'));
});

test("json: nested version-like keys (wix, updater pubkey) are untouched", () => {
  const after = setVersion("json", sample("src-tauri/tauri.conf.json"), "tauri.conf.json", "1.0.0");
  assert.match(after, /"wix": \{ "version": "0.4.2.0" \}/);
  assert.match(after, /"pubkey": "dW50/);
  const nestedFirst = '{\n  "build": { "version": "9.9.9" },\n  "deps": ["version"],\n  "version": "1.0.0"\n}\n';
  assert.equal(readVersion("json", nestedFirst, "x.json"), "1.0.0");
  assert.equal(setVersion("json", nestedFirst, "x.json", "1.1.0"), nestedFirst.replace('"1.0.0"', '"1.1.0"'));
});

test("a file without a version is a clear error naming the file", () => {
  assert.throws(
    () => readVersion("pyproject", '[project]\nname = "x"\ndynamic = ["version"]\n', "pyproject.toml"),
    /Cannot read the version of pyproject.toml: it has no \[project\]\.version or \[tool\.poetry\]\.version string$/,
  );
  // The message reads as a sentence (it once said "no the top-level ... found").
  assert.throws(
    () => readVersion("json", '{ "name": "x", "sub": { "version": "1.0.0" } }', "package.json"),
    /^ReleaseError: Cannot read the version of package\.json: it has no top-level "version" string/,
  );
  assert.throws(
    () => readVersion("pyproject", '[project]\nversion = "1.0.0"\nname = [\n', "pyproject.toml"),
    /not valid TOML/,
  );
});

// The kinds version sources added (facts in test/core/version-sources.test.ts).
const KIND_CASES: [string, VersionFileKind, string, string][] = [
  // Poetry 1 and commitizen in one file (Ponte-Energy-Partners/pre-commit-hooks at f59f1f1): both keys move together.
  [
    "pyproject.toml",
    "pyproject",
    '[tool.commitizen]\nversion = "1.1.2"\ntag_format = "$version"\n\n[tool.poetry]\nname = "x"\nversion = "1.1.2"\n\n[tool.poetry.dependencies]\nrequests = { version = "^2.0" }\n',
    '[tool.commitizen]\nversion = "1.2.0"\ntag_format = "$version"\n\n[tool.poetry]\nname = "x"\nversion = "1.2.0"\n\n[tool.poetry.dependencies]\nrequests = { version = "^2.0" }\n',
  ],
  ["VERSION", "plain", "1.1.2\n", "1.2.0\n"],
  [
    "setup.cfg",
    "setup-cfg",
    "[metadata]\nname = x\nversion = 1.1.2\n\n[options]\npackages = find:\n",
    "[metadata]\nname = x\nversion = 1.2.0\n\n[options]\npackages = find:\n",
  ],
  [
    "src-tauri/tauri.conf.json",
    "json",
    '{\n  "package": { "productName": "X", "version": "1.1.2" },\n  "tauri": { "bundle": { "version": "9" } }\n}\n',
    '{\n  "package": { "productName": "X", "version": "1.2.0" },\n  "tauri": { "bundle": { "version": "9" } }\n}\n',
  ],
  [
    ".bumpversion.toml",
    "bumpversion",
    '[tool.bumpversion]\ncurrent_version = "1.1.2"\n',
    '[tool.bumpversion]\ncurrent_version = "1.2.0"\n',
  ],
  [
    "setup.py",
    "setup-py",
    'from setuptools import setup\n\n# version="0.0.1" stays a comment\nsetup(\n    name="x",\n    version="1.1.2",\n)\n',
    'from setuptools import setup\n\n# version="0.0.1" stays a comment\nsetup(\n    name="x",\n    version="1.2.0",\n)\n',
  ],
];

const noPython = (await onPath("python3")) ? false : "python3 is not on PATH (setup.py is read by Python's ast)";

for (const [path, kind, before, after] of KIND_CASES)
  test(`${kind}: ${path} is read and set by the kind's rules, nothing else changes`, {
    skip: kind === "setup-py" && noPython,
  }, async () => {
    assert.equal(await readVersionOf(kind, before, path), "1.1.2");
    assert.equal(await setVersionOf(kind, before, path, "1.2.0"), after);
  });

test("setup-py: a version that is not one plain literal is refused, not guessed", { skip: noPython }, async () => {
  await assert.rejects(
    readVersionOf("setup-py", 'from setuptools import setup\nsetup(name="x", version=open("V").read())\n', "setup.py"),
    /Cannot read the version of setup\.py: its setup\(\) call has no version= string literal/,
  );
});

test('kind "variable": the version assigned to a named variable, every assignment moved, nothing else', () => {
  // python-semantic-release at c74aa3b pins itself in its action's requirements (version_variables "...:python-semantic-release").
  const pin = "click >= 8\npython-semantic-release == 10.6.1\n";
  assert.equal(readVersion("variable", pin, "requirements.txt", "python-semantic-release"), "10.6.1");
  assert.equal(
    setVersion("variable", pin, "requirements.txt", "10.7.0", "python-semantic-release"),
    "click >= 8\npython-semantic-release == 10.7.0\n",
  );
  // quoted names, `:` and `=`, a longer name that ends with the same word left alone
  const mixed = 'VERSION = "1.2.0"\n"VERSION": "1.2.0"\nAPP_VERSION = "9.9.9"\n';
  assert.equal(
    setVersion("variable", mixed, "meta.py", "1.3.0", "VERSION"),
    'VERSION = "1.3.0"\n"VERSION": "1.3.0"\nAPP_VERSION = "9.9.9"\n',
  );
  assert.throws(
    () => readVersion("variable", 'VERSION = "1.2.0"\nVERSION = "1.1.0"\n', "meta.py", "VERSION"),
    /Cannot edit meta\.py safely: VERSION is assigned different versions \(1\.2\.0, 1\.1\.0\)/,
  );
  assert.throws(() => readVersion("variable", "x = 1\n", "meta.py", "VERSION"), /it has no assignment of a version/);
  assert.throws(() => readVersion("variable", pin, "requirements.txt"), /kind "variable" needs the variable's name/);
});
