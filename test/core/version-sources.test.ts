/**
 * Version sources as the ecosystems define them, one small fixture per layout. Each
 * fixture is written for this test and reproduces a rule or a fact seen in a real
 * repository (named in the case); none copies a real file. Python files are read by
 * python3 itself: without it these tests skip and say why.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { detectVersionSources } from "../../tasks/lib/core/version-sources/detect.ts";
import { onPath } from "../../tasks/lib/core/exec.ts";
import { tempDirFor, writeFiles } from "../helpers/tmp.ts";

const hasPython = await onPath("python3");
const skip = hasPython ? false : "python3 is not on PATH (setup.py, setup.cfg and modules are read by it)";

async function sources(t: { after(fn: () => void): void }, files: Record<string, string>, tags: string[] = []) {
  const dir = tempDirFor(t);
  writeFiles(dir, files);
  return detectVersionSources(dir, Object.keys(files).sort(), tags);
}

const summary = (s: Awaited<ReturnType<typeof sources>>) => s.files.map((f) => `${f.path}:${f.kind}:${f.version}`);

interface Case {
  name: string;
  files: Record<string, string>;
  files_: string[];
  fromTag?: string;
  question?: RegExp;
}

const cases: Case[] = [
  {
    name: "PEP 621 static [project].version (the packaging spec)",
    files: { "pyproject.toml": '[project]\nname = "ferns"\nversion = "1.4.0"\n' },
    files_: ["pyproject.toml:pyproject:1.4.0"],
  },
  {
    name: "hatch-vcs: dynamic version from the tag (pypa/hatch at ed8e30b)",
    files: {
      "pyproject.toml":
        '[build-system]\nrequires = ["hatchling", "hatch-vcs"]\nbuild-backend = "hatchling.build"\n[project]\nname = "moss"\ndynamic = ["version"]\n[tool.hatch.version]\nsource = "vcs"\n',
    },
    files_: [],
    fromTag: "hatch-vcs",
  },
  {
    name: "setuptools_scm configured in pyproject.toml, bare calendar tags (CNES/aviso-fes at 808fd5a)",
    files: {
      "pyproject.toml":
        '[build-system]\nrequires = ["setuptools>=64", "setuptools-scm"]\n[project]\nname = "tides"\ndynamic = ["version"]\n[tool.setuptools_scm]\n',
    },
    files_: [],
    fromTag: "setuptools_scm",
  },
  {
    name: "setuptools_scm through setup.py use_scm_version (DLR-terrabyte/terrapi at 13f54f4)",
    files: {
      "pyproject.toml": '[build-system]\nrequires = ["setuptools", "setuptools_scm>=6.2"]\n',
      "setup.cfg": "[metadata]\nname = lichen\n",
      "setup.py": 'from setuptools import setup\nsetup(use_scm_version={"write_to": "src/lichen/_version.py"})\n',
    },
    files_: [],
    fromTag: "setuptools_scm",
  },
  {
    name: "pdm-backend's scm source (pdm-project/pdm-backend at 7597482)",
    files: {
      "pyproject.toml": '[project]\nname = "sedge"\ndynamic = ["version"]\n[tool.pdm.version]\nsource = "scm"\n',
    },
    files_: [],
    fromTag: "pdm-backend (scm)",
  },
  {
    name: "versioningit as hatch's version source (versioningit's Hatch integration docs)",
    files: {
      "pyproject.toml":
        '[project]\nname = "reed"\ndynamic = ["version"]\n[tool.hatch.version]\nsource = "versioningit"\n',
    },
    files_: [],
    fromTag: "versioningit",
  },
  {
    name: "Poetry 1 keeps the version in [tool.poetry] (romaklimenko/cluedin at a95f4a0)",
    files: { "pyproject.toml": '[tool.poetry]\nname = "cress"\nversion = "3.0.0"\n' },
    files_: ["pyproject.toml:pyproject:3.0.0"],
  },
  {
    name: "Poetry 2 uses PEP 621 [project] (Poetry 2's docs)",
    files: {
      "pyproject.toml":
        '[project]\nname = "cress"\nversion = "2.1.0"\n[tool.poetry]\npackages = [{ include = "cress" }]\n',
    },
    files_: ["pyproject.toml:pyproject:2.1.0"],
  },
  {
    name: "setup.cfg [metadata] version literal (setuptools' declarative config)",
    files: {
      "setup.cfg": "[metadata]\nname = clover\nversion = 0.9.1\n",
      "setup.py": "import setuptools\nsetuptools.setup()\n",
    },
    files_: ["setup.cfg:setup-cfg:0.9.1"],
  },
  {
    name: "setup.cfg version = attr: a module's __version__ (setuptools' declarative config)",
    files: {
      "setup.cfg": "[metadata]\nname = clover\nversion = attr: clover.__version__\n",
      "clover/__init__.py": '"""Clover."""\n__version__ = "0.9.2"\n',
    },
    files_: ["clover/__init__.py:python:0.9.2"],
  },
  {
    name: "setup.py version= literal, direct and through a module constant (read by Python's ast)",
    files: {
      "setup.py":
        'from setuptools import setup\nVERSION = "2.0.0"\n# version="9.9.9" in a comment is not the version\nsetup(name="thistle", version=VERSION)\n',
    },
    files_: ["setup.py:setup-py:2.0.0"],
  },
  {
    name: "setup.py reads __version__ from the module it names (Calysto/calysto_bash at dfa6833)",
    files: {
      "setup.py":
        "from setuptools import setup\nfor line in open('yarrow/__init__.py'):\n    if line.startswith('__version__'):\n        version = line.split()[-1][1:-1]\nsetup(name='yarrow', version=version)\n",
      "yarrow/__init__.py": "__version__ = '0.2.2'\n",
    },
    files_: ["yarrow/__init__.py:python:0.2.2"],
  },
  {
    name: "setup.py reads a plain VERSION file (myselfhimself/gmic-py at 2373209)",
    files: {
      "setup.py":
        'from os import path\nfrom setuptools import setup\nwith open(path.join(".", "VERSION")) as f:\n    version = f.read().strip()\nsetup(name="gum", version=version)\n',
      VERSION: "2.9.4-alpha1\n",
    },
    files_: ["VERSION:plain:2.9.4-alpha1"],
  },
  {
    name: "hatch's version path to an __about__ module (pypa/hatch's backend at ed8e30b)",
    files: {
      "pyproject.toml":
        '[project]\nname = "sorrel"\ndynamic = ["version"]\n[tool.hatch.version]\npath = "src/sorrel/__about__.py"\n',
      "src/sorrel/__about__.py": '__version__ = "1.32.0"\n',
    },
    files_: ["src/sorrel/__about__.py:python:1.32.0"],
  },
  {
    name: "hatch's version path to a plain VERSION file (NVIDIA-Omniverse/usd-profiles-nvidia at a86e129)",
    files: {
      "pyproject.toml": '[project]\nname = "aster"\ndynamic = ["version"]\n[tool.hatch.version]\npath = "VERSION"\n',
      VERSION: "1.16.0\n",
    },
    files_: ["VERSION:plain:1.16.0"],
  },
  {
    name: "setuptools dynamic version = { file = ... } (setuptools' pyproject config)",
    files: {
      "pyproject.toml":
        '[project]\nname = "vetch"\ndynamic = ["version"]\n[tool.setuptools.dynamic]\nversion = { file = "VERSION.txt" }\n',
      "VERSION.txt": "4.0.1",
    },
    files_: ["VERSION.txt:plain:4.0.1"],
  },
  {
    name: "flit takes a dynamic version from the module's __version__ (flit's docs)",
    files: {
      "pyproject.toml":
        '[build-system]\nrequires = ["flit_core"]\nbuild-backend = "flit_core.buildapi"\n[project]\nname = "woad"\ndynamic = ["version", "description"]\n',
      "woad/__init__.py": '"""Woad."""\n__version__ = "0.7.0"\n',
    },
    files_: ["woad/__init__.py:python:0.7.0"],
  },
  {
    name: "a dynamic version of no recognised source is a question, not a version file",
    files: {
      "pyproject.toml": '[project]\nname = "rush"\ndynamic = ["version"]\n',
      "docs/conf.py": 'project = "rush"\nhtml_theme = "alabaster"\n',
    },
    files_: [],
    question: /dynamic = \["version"\] with no source the toolkit recognises/,
  },
  {
    name: "a package's __version__ and Sphinx's release kept in step with [project].version (Niamoto-shaped)",
    files: {
      "pyproject.toml": '[project]\nname = "tansy"\nversion = "0.20.5"\n',
      "src/tansy/__version__.py": '__version__ = "0.20.5"\n',
      "docs/conf.py": 'release = "0.20.5"\n',
    },
    files_: ["pyproject.toml:pyproject:0.20.5", "src/tansy/__version__.py:python:0.20.5", "docs/conf.py:sphinx:0.20.5"],
  },
  {
    name: "files that disagree are a question (the issue's three-version repository)",
    files: {
      "pyproject.toml": '[project]\nname = "tansy"\nversion = "0.3.0"\n',
      "src/tansy/__version__.py": '__version__ = "0.2.9"\n',
    },
    files_: ["pyproject.toml:pyproject:0.3.0", "src/tansy/__version__.py:python:0.2.9"],
    question: /disagree \(pyproject\.toml 0\.3\.0, src\/tansy\/__version__\.py 0\.2\.9\)/,
  },
  {
    name: "bump-my-version's file list; a search pattern or a glob is kept by hand (aws/aws-sdk-pandas at cfe0ca8)",
    files: {
      ".bumpversion.toml":
        '[tool.bumpversion]\ncurrent_version = "3.1.0"\n[[tool.bumpversion.files]]\nfilename = "VERSION"\n[[tool.bumpversion.files]]\nfilename = "pyproject.toml"\nsearch = \'version = "{current_version}"\'\n[[tool.bumpversion.files]]\nfilename = "README.md"\nsearch = "docs/en/{current_version}/"\n[[tool.bumpversion.files]]\nglob = "pkg/**/*.py"\n',
      "pyproject.toml": '[project]\nname = "hops"\nversion = "3.1.0"\n',
      VERSION: "3.1.0\n",
      "README.md": "See docs/en/3.1.0/\n",
    },
    files_: ["pyproject.toml:pyproject:3.1.0", "VERSION:plain:3.1.0", ".bumpversion.toml:bumpversion:3.1.0"],
    question: /README\.md \(listed in \.bumpversion\.toml\) is matched with its own search pattern/,
  },
];

for (const c of cases)
  test(`version sources: ${c.name}`, { skip }, async (t) => {
    const s = await sources(t, c.files);
    assert.deepEqual(summary(s).sort(), [...c.files_].sort());
    assert.equal(s.fromTag?.tool, c.fromTag);
    if (c.question) assert.match(s.questions.join("\n"), c.question);
    else assert.deepEqual(s.questions, []);
  });

const CARGO = (v: string) =>
  `[package]\nname = "quill"\nversion = "${v}"\n\n[dependencies]\ntauri = { version = "2" }\n`;

test("Tauri v2: the conf's version, Cargo.toml and package.json kept in step (002Hub/IPass-GUI at c4101ec)", {
  skip,
}, async (t) => {
  const s = await sources(t, {
    "src-tauri/tauri.conf.json": JSON.stringify({ productName: "quill", version: "1.0.0" }),
    "src-tauri/Cargo.toml": CARGO("1.0.0"),
    "package.json": JSON.stringify({ name: "quill-ui", version: "1.0.0" }),
  });
  assert.deepEqual(summary(s), [
    "src-tauri/tauri.conf.json:json:1.0.0",
    "src-tauri/Cargo.toml:cargo:1.0.0",
    "package.json:json:1.0.0",
  ]);
});

test("Tauri v2 without version: Tauri uses Cargo.toml's (its config schema; 007tickooayush/react-tauri-timer at 4b16e01)", {
  skip,
}, async (t) => {
  const s = await sources(t, {
    "src-tauri/tauri.conf.json": JSON.stringify({ identifier: "org.example.quill", build: {} }),
    "src-tauri/Cargo.toml": CARGO("0.1.0"),
    "package.json": JSON.stringify({ name: "quill", version: "0.1.0" }),
  });
  assert.deepEqual(summary(s), ["src-tauri/Cargo.toml:cargo:0.1.0", "package.json:json:0.1.0"]);
  assert.match(s.files[0]!.why, /has no version: Tauri uses src-tauri\/Cargo\.toml \[package\]\.version/);
  assert.ok(!s.files.some((f) => f.path.endsWith("tauri.conf.json")), "a config without a version is no version file");
});

test('Tauri v2 "version": "../package.json" is a path, the version lives in package.json (Tauri\'s config schema)', {
  skip,
}, async (t) => {
  const s = await sources(t, {
    "src-tauri/tauri.conf.json": JSON.stringify({ productName: "Quill", version: "../package.json" }),
    "src-tauri/Cargo.toml": CARGO("0.0.0"),
    "package.json": JSON.stringify({ name: "quill", version: "2.3.0" }),
  });
  assert.deepEqual(summary(s), ["package.json:json:2.3.0"]);
  assert.match(s.notes.join("\n"), /src-tauri\/Cargo\.toml says 0\.0\.0 while the app is 2\.3\.0/);
});

test("Tauri v1 keeps the version in package.version; a crate may inherit the workspace's version", {
  skip,
}, async (t) => {
  const v1 = await sources(t, {
    "src-tauri/tauri.conf.json": JSON.stringify({ package: { productName: "Quill", version: "0.3.1" }, tauri: {} }),
    "src-tauri/Cargo.toml": CARGO("0.3.1"),
  });
  assert.deepEqual(summary(v1), ["src-tauri/tauri.conf.json:json:0.3.1", "src-tauri/Cargo.toml:cargo:0.3.1"]);
  const ws = await sources(t, {
    "Cargo.toml": '[workspace]\nmembers = ["app/src-tauri"]\n[workspace.package]\nversion = "5.0.0"\n',
    "app/src-tauri/tauri.conf.json": JSON.stringify({ productName: "Quill" }),
    "app/src-tauri/Cargo.toml": '[package]\nname = "quill"\nversion.workspace = true\n',
  });
  assert.deepEqual(summary(ws), ["Cargo.toml:cargo:5.0.0"]);
});

test("a package.json alone is a Node project's version (bcoe/c8 at ee2f1cf)", { skip }, async (t) => {
  const s = await sources(t, { "package.json": JSON.stringify({ name: "gauge", version: "11.0.0" }) });
  assert.deepEqual(summary(s), ["package.json:json:11.0.0"]);
});

test("a version no tag names, with releases tagged above it, is a placeholder: the tag is the version, and it is asked (0-8-4/miui-auto-tasks at e212ee8)", {
  skip,
}, async (t) => {
  // [project] version set once to 1.0.0 and never moved while the releases were tagged v1.1.0 .. v1.8.2
  const tags = ["1.5.0", "v1.1.0", "v1.2.2", "v1.5.2.1", "v1.8.2", "v1.8.2-hotfix4"];
  const s = await sources(t, { "pyproject.toml": '[project]\nname = "chores"\nversion = "1.0.0"\n' }, tags);
  assert.deepEqual(summary(s), []);
  assert.equal(s.fromTag?.tool, "git tag");
  assert.match(s.fromTag!.why, /placeholder \(1\.0\.0\) while the releases are tagged up to v1\.8\.2/);
  assert.match(
    s.questions.join("\n"),
    /pyproject\.toml says 1\.0\.0, a version no tag names, while 4 releases were tagged above it \(newest v1\.8\.2\)/,
  );
});

test("one release above a never-tagged version is a version left unbumped once, not a placeholder (0-CYBERDYNE-SYSTEMS-0/shortcut-genius at 7666038)", {
  skip,
}, async (t) => {
  const s = await sources(t, { "package.json": JSON.stringify({ name: "shortcuts", version: "1.0.0" }) }, ["v1.1.0"]);
  assert.deepEqual(summary(s), ["package.json:json:1.0.0"]);
  assert.equal(s.fromTag, undefined);
  // a version a tag names (two parts count) is never one, however many releases follow it
  const named = await sources(t, { "package.json": JSON.stringify({ name: "s", version: "1.0.0" }) }, [
    "v1.0",
    "v1.1.0",
    "v1.2.0",
  ]);
  assert.deepEqual(summary(named), ["package.json:json:1.0.0"]);
});

test("an app at a placeholder beside the project's own VERSION: VERSION carries the version, the app's files are asked about (NaokiShibata/DLMiFish at 856d49f)", {
  skip,
}, async (t) => {
  const s = await sources(
    t,
    {
      VERSION: "3.1.0\n",
      "gui/src-tauri/tauri.conf.json": JSON.stringify({ productName: "Sieve", version: "0.1.0" }),
      "gui/src-tauri/Cargo.toml": CARGO("0.1.0"),
    },
    ["v1.0.0", "v2.0.0", "v3.1.0", "v3.1.1"],
  );
  assert.deepEqual(summary(s), ["VERSION:plain:3.1.0"]);
  assert.match(s.questions.join("\n"), /gui\/src-tauri\/tauri\.conf\.json, gui\/src-tauri\/Cargo\.toml say 0\.1\.0/);
});

test("rooster's version_files: the manifests it moves are version files, prose and marker texts a question (astral-sh/uv at 26a9dd4)", {
  skip,
}, async (t) => {
  const s = await sources(t, {
    "pyproject.toml":
      '[project]\nname = "sprout"\nversion = "0.12.5"\n\n[tool.rooster]\nversion_files = [\n  "README.md",\n  "pyproject.toml",\n  "crates/sprout/Cargo.toml",\n  "crates/sprout-build/pyproject.toml",\n  { target = "crates/sprout-env/src/vars.rs", replace = "next release" },\n  "docs/install.md",\n]\n',
    "README.md": "Install sprout 0.12.5 with the installer.\n",
    "crates/sprout/Cargo.toml": '[package]\nname = "sprout"\nversion = "0.12.5"\n',
    "crates/sprout-build/pyproject.toml": '[project]\nname = "sprout-build"\nversion = "0.12.5"\n',
    "crates/sprout-env/src/vars.rs": "/// added in `next release`\n",
  });
  assert.deepEqual(summary(s), [
    "pyproject.toml:pyproject:0.12.5",
    "crates/sprout-build/pyproject.toml:pyproject:0.12.5",
    "crates/sprout/Cargo.toml:cargo:0.12.5",
  ]);
  assert.match(s.files[2]!.why, /listed in \[tool\.rooster\] version_files/);
  const q = s.questions.join("\n");
  assert.match(q, /docs\/install\.md is listed in \[tool\.rooster\] version_files but does not exist/);
  assert.match(
    q,
    /\[tool\.rooster\] version_files also lists files the cut does not edit \(README\.md holds the version in prose; crates\/sprout-env\/src\/vars\.rs has a marker text rooster replaces\)/,
  );
});

test("python-semantic-release's version_toml and version_variables: a TOML key, a pinned requirement, a tag left to the maintainer (python-semantic-release at c74aa3b)", {
  skip,
}, async (t) => {
  const s = await sources(t, {
    "pyproject.toml": [
      '[project]\nname = "relay"\nversion = "10.6.1"\n',
      "[tool.semantic_release]",
      'version_toml = ["pyproject.toml:project.version"]',
      'version_variables = ["action/requirements.txt:relay", "relay/meta.py:__version__", "docs/ci.rst:relay@:tf"]\n',
    ].join("\n"),
    "action/requirements.txt": "relay == 10.6.1\n",
    "relay/meta.py": '__version__ = "10.6.1"\n',
    "docs/ci.rst": "uses: relay@v10.6.1\n",
  });
  assert.deepEqual(summary(s), [
    "pyproject.toml:pyproject:10.6.1",
    "relay/meta.py:python:10.6.1",
    "action/requirements.txt:variable:10.6.1",
  ]);
  assert.equal(s.files.find((f) => f.kind === "variable")!.variable, "relay");
  assert.match(
    s.questions.join("\n"),
    /\[tool\.semantic_release\] version_variables also lists files the cut does not edit \(docs\/ci\.rst assigns the tag to relay@, not the version\)/,
  );
});

test("Tauri projects that are test fixtures are no app: the package's own version file only (tauri-apps/tauri-action at ef5e677)", {
  skip,
}, async (t) => {
  const fixture = ".github/fixtures/with-v1/src-tauri";
  const s = await sources(t, {
    "package.json": JSON.stringify({ name: "build-action", version: "0.5.15" }),
    [`${fixture}/tauri.conf.json`]: JSON.stringify({ package: { productName: "Example", version: "0.1.1" } }),
    [`${fixture}/Cargo.toml`]: CARGO("0.1.1"),
    ".github/workflows/test.yml": `on: [push, pull_request]\njobs:\n  t:\n    steps:\n      - uses: tauri-apps/tauri-action@v0\n        with:\n          projectPath: ${fixture}/..\n`,
  });
  assert.deepEqual(summary(s), ["package.json:json:0.5.15"]);
});
