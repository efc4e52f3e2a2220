import assert from "node:assert/strict";
import { test } from "node:test";
import { readFacts } from "../../tasks/lib/adopt/facts.ts";
import { inferConfig, type Inference } from "../../tasks/lib/adopt/infer.ts";
import {
  CI_RELEASE,
  CI_RELEASE_TAGS,
  EXTERNAL_BIN,
  FIELDNOTES,
  FIELDNOTES_TAGS,
  PLAIN_PYTHON,
  PLAIN_PYTHON_TAGS,
} from "./fixtures.ts";
import { fixtureRepo } from "./helpers.ts";

async function infer(
  files: Record<string, string>,
  opts: { tags?: string[]; origin?: string; replace?: boolean } = {},
  toolkitDir = "tools/release",
) {
  const repo = fixtureRepo(files, opts);
  try {
    return inferConfig(await readFacts(repo.dir), { toolkitDir, replace: opts.replace === true });
  } finally {
    repo.cleanup();
  }
}

const value = (inf: Inference, key: string) => inf.values.find((v) => v.key === key)?.value;
const source = (inf: Inference, key: string) => inf.values.find((v) => v.key === key)?.source ?? "";
const asked = (inf: Inference) => inf.questions.map((q) => q.key);

test("inferConfig() on a Niamoto-shaped repository: every value and where it came from", async () => {
  const inf = await infer(FIELDNOTES, {
    tags: FIELDNOTES_TAGS,
    origin: "git@github.com:example-org/fieldnotes.git",
    replace: true,
  });
  assert.equal(value(inf, "name"), "Fieldnotes");
  assert.match(source(inf, "name"), /tauri\.conf\.json productName/);
  assert.equal(value(inf, "repository"), "example-org/fieldnotes");
  assert.equal(value(inf, "branch"), "main");
  assert.equal(value(inf, "tagPrefix"), "v");
  assert.match(source(inf, "tagPrefix"), /2 of 2 version tags/);
  assert.equal(value(inf, "changelog.path"), "CHANGELOG.md");
  // The five files .bumpversion.cfg lists and the file itself (it carries current_version), Python first.
  assert.deepEqual(value(inf, "versionFiles"), [
    "pyproject.toml",
    "src/fieldnotes/__version__.py",
    "docs/conf.py",
    "src-tauri/tauri.conf.json",
    "src-tauri/Cargo.toml",
    ".bumpversion.cfg",
  ]);
  assert.match(source(inf, "versionFiles"), /\.bumpversion\.cfg/);
  assert.deepEqual(value(inf, "lockfiles"), [
    { path: "uv.lock", command: ["uv", "lock"] },
    {
      path: "src-tauri/Cargo.lock",
      command: ["cargo", "update", "--workspace", "--manifest-path", "src-tauri/Cargo.toml"],
    },
  ]);
  assert.deepEqual(value(inf, "workflows.generate"), ["publish-pypi", "build-tauri", "build-binaries"]);
  assert.deepEqual(value(inf, "github.releaseWorkflows"), [
    "publish-pypi.yml",
    "build-tauri.yml",
    "build-binaries.yml",
  ]);
  assert.equal(value(inf, "workflows.toolkitDir"), "tools/release");
  assert.equal(value(inf, "workflows.appName"), "Fieldnotes");
  assert.equal(value(inf, "workflows.tauriDir"), "src-tauri");
  assert.deepEqual(value(inf, "workflows.frontend"), { dir: "src/fieldnotes/gui/ui", packageManager: "pnpm" });
  assert.match(source(inf, "workflows.frontend"), /frontendDist.*pnpm-lock\.yaml/);
  // The sidecar as the schema holds it: the spec the app's workflow builds, the name it gives, onedir in resources.
  assert.equal(value(inf, "workflows.sidecar.spec"), "build_scripts/fieldnotes.spec");
  assert.match(source(inf, "workflows.sidecar.spec"), /build-tauri\.yml \(job build\) builds it/);
  assert.equal(value(inf, "workflows.sidecar.name"), "fieldnotes");
  assert.equal(value(inf, "workflows.sidecar.mode"), "onedir");
  assert.deepEqual(value(inf, "workflows.sidecar.env"), { FIELDNOTES_PYINSTALLER_MODE: "onedir" });
  assert.deepEqual(value(inf, "workflows.sidecar.placement"), { resources: "resources/sidecar" });
  assert.equal(value(inf, "workflows.cliName"), "fieldnotes");
  assert.equal(value(inf, "workflows.cliSpec"), "build_scripts/fieldnotes.spec");
  assert.equal(value(inf, "workflows.nodeVersion"), "22.13.0");
  assert.equal(value(inf, "workflows.pythonVersion"), "3.12");
  assert.equal(value(inf, "workflows.pyinstallerVersion"), "6.16.0");
  assert.equal(value(inf, "workflows.pypiEnvironment"), "pypi-release");
  assert.equal(value(inf, "workflows.signingSecrets.APPLE_CERTIFICATE"), "MACOS_CERT_P12");
  assert.equal(value(inf, "workflows.signingSecrets.APPLE_CERTIFICATE_PASSWORD"), undefined, "same name: no mapping");
  // The workflow's macos-14 was retired on 2026-11-02: adoption writes the supported label and says so.
  assert.deepEqual(value(inf, "workflows.tauriPlatforms"), [
    { runner: "macos-26", target: "aarch64-apple-darwin", os: "macos", arch: "aarch64" },
    { runner: "ubuntu-22.04", target: "x86_64-unknown-linux-gnu", os: "linux", arch: "x86_64" },
    { runner: "ubuntu-22.04-arm", target: "aarch64-unknown-linux-gnu", os: "linux", arch: "aarch64" },
    { runner: "windows-latest", target: "x86_64-pc-windows-msvc", os: "windows", arch: "x86_64" },
  ]);
  // The CLI matrix has no target column: the runner's own target.
  assert.deepEqual(
    (value(inf, "workflows.cliPlatforms") as { target: string }[]).map((p) => p.target),
    ["aarch64-apple-darwin", "x86_64-unknown-linux-gnu", "x86_64-pc-windows-msvc"],
  );
  assert.deepEqual(asked(inf), [], "nothing left to ask");
  const facts = inf.suggestions.map((s) => `${s.topic}: ${s.fact}`).join("\n");
  assert.match(facts, /the front end pins Node 22\.13\.0/);
  assert.match(
    facts,
    /pubkey set, endpoints https:\/\/github\.com\/example-org\/fieldnotes\/releases\/latest\/download\/latest\.json, createUpdaterArtifacts true/,
  );
  assert.match(facts, /hook generate-requirements .* stages pyproject\.toml, uv\.lock/);
  assert.match(facts, /uv\.lock stores its resolver options/);
  assert.match(facts, /changelog \(issue 10\)/);
});

test("inferConfig() on a plain Python package: PyPI only, the tag prefix read as empty", async () => {
  const inf = await infer(PLAIN_PYTHON, { tags: PLAIN_PYTHON_TAGS }, ".");
  assert.equal(value(inf, "name"), "tidyrows");
  assert.equal(value(inf, "tagPrefix"), "");
  assert.deepEqual(value(inf, "versionFiles"), ["pyproject.toml", "src/tidyrows/__version__.py"]);
  assert.match(source(inf, "versionFiles"), /pyproject\.toml: \[project\]\.version \(PEP 621\)/);
  assert.deepEqual(value(inf, "workflows.generate"), ["publish-pypi"]);
  assert.deepEqual(value(inf, "github.releaseWorkflows"), ["publish-pypi.yml"]);
  assert.equal(value(inf, "workflows.pythonVersion"), "3.11");
  assert.equal(value(inf, "workflows.tauriDir"), undefined);
  assert.equal(value(inf, "lockfiles"), undefined);
  // No GitHub origin and no publishing workflow: asked, not assumed silently.
  assert.deepEqual(asked(inf), ["repository", "workflows.pypiEnvironment"]);
});

test("inferConfig() on a Tauri app with an externalBin onefile sidecar and npm: the questions it cannot answer", async () => {
  const inf = await infer(EXTERNAL_BIN, {}, "tools/release");
  assert.equal(value(inf, "name"), "PyBridge");
  assert.deepEqual(value(inf, "versionFiles"), ["src-tauri/tauri.conf.json", "src-tauri/Cargo.toml", "package.json"]);
  assert.deepEqual(value(inf, "workflows.generate"), ["build-tauri"], "no pyproject: no PyPI, no CLI build");
  assert.deepEqual(value(inf, "workflows.frontend"), { dir: ".", packageManager: "npm" });
  assert.equal(value(inf, "workflows.sidecar.spec"), "server.spec");
  assert.equal(value(inf, "workflows.sidecar.name"), "api-server", "EXE's name (no COLLECT: one file)");
  assert.equal(value(inf, "workflows.sidecar.mode"), "onefile");
  assert.deepEqual(value(inf, "workflows.sidecar.placement"), { externalBin: "bin/api/api-server" });
  assert.deepEqual(value(inf, "lockfiles"), [
    {
      path: "src-tauri/Cargo.lock",
      command: ["cargo", "update", "--workspace", "--manifest-path", "src-tauri/Cargo.toml"],
    },
    { path: "package-lock.json", command: ["npm", "install", "--package-lock-only", "--ignore-scripts"] },
  ]);
  assert.equal(value(inf, "tagPrefix"), "v", "the default is written...");
  assert.deepEqual(
    asked(inf),
    ["repository", "tagPrefix", "changelog.keep", "versionFiles", "workflows.tauriPlatforms"],
    "...and asked",
  );
  // no tag, no release commit, files at 0.3.1: was it out already? (the plan warns the same)
  assert.match(
    inf.questions.find((q) => q.key === "versionFiles")!.question,
    /No tag or release commit records a release, yet the files say 0\.3\.1, not a first version/,
  );
  // no CHANGELOG: adoption asks whether to keep one, creating it being the default
  assert.match(inf.questions.find((q) => q.key === "changelog.keep")!.question, /No CHANGELOG\.md was found/);
  assert.equal(value(inf, "changelog.keep"), true);
  assert.match(source(inf, "workflows.sidecar.mode"), /externalBin \(bin\/api\/api-server\): a onefile executable/);
});

test("inferConfig() on a repository whose workflow creates the release: the matrix read from tauri-action's job, the workflow replaced", async () => {
  const inf = await infer(CI_RELEASE, { tags: CI_RELEASE_TAGS, replace: true }, ".");
  assert.deepEqual(value(inf, "workflows.generate"), ["publish-pypi", "build-tauri"]);
  // release.yml is hand-written and starts on a tag push, not on the release: not a release workflow.
  assert.deepEqual(value(inf, "github.releaseWorkflows"), ["publish-pypi.yml", "build-tauri.yml"]);
  assert.deepEqual(
    (value(inf, "workflows.tauriPlatforms") as { runner: string; target: string }[]).map(
      (p) => `${p.runner} ${p.target}`,
    ),
    [
      "macos-latest aarch64-apple-darwin",
      "ubuntu-22.04 x86_64-unknown-linux-gnu",
      "windows-latest x86_64-pc-windows-msvc",
    ],
  );
  assert.ok(asked(inf).includes("workflows.sidecar"), "no spec: the sidecar is a question");
});

test("inferConfig() asks when the version files are behind the tags; a Tauri v1 config's package.version is a version file", async () => {
  // One release above the files: a version left unbumped once, counted from the tag and asked about.
  const behind = await infer({ ...EXTERNAL_BIN }, { tags: ["v3.1.1"] });
  assert.match(
    behind.questions.find((q) => /last release/.test(q.question))!.question,
    /declare 0\.3\.1 but the last release is v3\.1\.1: the next release counts from it/,
  );
  // DLMiFish (NaokiShibata/DLMiFish at 856d49f): tags up to v3.1.1, the app's files at a version never
  // tagged: a placeholder, left alone and asked about; the tag is the version.
  const placeholder = await infer({ ...EXTERNAL_BIN }, { tags: ["v3.1.0", "v3.1.1", "v3.2.0-rc.1"] });
  assert.equal(value(placeholder, "versioning.fromTag"), "git tag");
  assert.equal(value(placeholder, "versionFiles"), undefined);
  assert.match(placeholder.questions.map((q) => q.question).join("\n"), /say 0\.3\.1, a version no tag names/);
  // dieharders/example-tauri-python-server-sidecar at 1cd93c9: a Tauri v1 config (package.productName, package.version).
  const v1 = await infer(
    {
      ...EXTERNAL_BIN,
      "src-tauri/tauri.conf.json": JSON.stringify({
        package: { productName: "py-backend", version: "0.3.1" },
        build: { distDir: "../out", beforeBuildCommand: "npm run build" },
        tauri: { bundle: { externalBin: ["bin/api/main"] } },
      }),
    },
    { tags: ["v0.3.1"] },
  );
  assert.equal(value(v1, "name"), "py-backend");
  // Tauri v1 keeps the version in package.version: the json kind edits it there.
  assert.deepEqual(value(v1, "versionFiles"), ["src-tauri/tauri.conf.json", "src-tauri/Cargo.toml", "package.json"]);
  assert.match(
    source(v1, "versionFiles"),
    /src-tauri\/tauri\.conf\.json: src-tauri\/tauri\.conf\.json package\.version/,
  );
  assert.deepEqual(value(v1, "workflows.sidecar.placement"), { externalBin: "bin/api/main" });
});

// A publish workflow shaped like CNES/aviso-fes at 808fd5a (a TestPyPI job written before the PyPI one, the build job
// setting up Python) and HansBug/pysyslimit at d2444cd (python-version from a one-value matrix).
const PUBLISH = [
  "name: publish",
  "on:",
  "  push:",
  "    tags: ['*']",
  "env:",
  "  BUILD_PYTHON: '3.12'",
  "jobs:",
  "  build:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - uses: actions/setup-python@v5",
  "        with:",
  "          python-version: ${{ env.BUILD_PYTHON }}",
  "      - run: python -m build",
  "  publish-testpypi:",
  "    needs: build",
  "    runs-on: ubuntu-latest",
  "    environment:",
  "      name: testpypi",
  "    steps:",
  "      - uses: pypa/gh-action-pypi-publish@release/v1",
  "        with:",
  "          repository-url: ${{ vars.TESTPYPI_UPLOAD_URL }}",
  "  publish-pypi:",
  "    needs: build",
  "    runs-on: ubuntu-latest",
  "    environment:",
  "      name: pypi",
  "    steps:",
  "      - uses: pypa/gh-action-pypi-publish@release/v1",
  "",
].join("\n");

test("inferConfig(): the PyPI environment of the job that publishes to PyPI, not TestPyPI's; its Python resolved from env", async () => {
  const inf = await infer({ ...PLAIN_PYTHON, ".python-version": "", ".github/workflows/publish.yml": PUBLISH });
  assert.equal(value(inf, "workflows.pypiEnvironment"), "pypi");
  assert.match(source(inf, "workflows.pypiEnvironment"), /publish\.yml \(job publish-pypi\)/);
  assert.equal(value(inf, "workflows.pythonVersion"), "3.12", "env.BUILD_PYTHON resolved, never copied");
  assert.match(source(inf, "workflows.pythonVersion"), /job build/);
});

test("inferConfig(): a matrix of one Python is resolved; a matrix of several is asked, never written as an expression", async () => {
  const matrix = (versions: string) =>
    [
      "on: { release: { types: [published] } }",
      "jobs:",
      "  release:",
      "    runs-on: ubuntu-latest",
      "    strategy:",
      "      matrix:",
      `        python-version: [${versions}]`,
      "    steps:",
      "      - uses: actions/setup-python@v5",
      "        with:",
      "          python-version: ${{ matrix.python-version }}",
      "      - run: twine upload dist/*",
      "",
    ].join("\n");
  const one = await infer({ ...PLAIN_PYTHON, ".python-version": "", ".github/workflows/release.yml": matrix("'3.8'") });
  assert.equal(value(one, "workflows.pythonVersion"), "3.8");
  const many = await infer({
    ...PLAIN_PYTHON,
    ".python-version": "",
    ".github/workflows/release.yml": matrix("'3.10', '3.11'"),
  });
  assert.equal(value(many, "workflows.pythonVersion"), undefined);
  assert.match(
    many.questions.find((q) => q.key === "workflows.pythonVersion")!.question,
    /runs on Python 3\.10, 3\.11 \(\$\{\{ matrix\.python-version \}\}\): which one builds the release\?/,
  );
  assert.ok(!JSON.stringify(many.values).includes("${{"), "no expression is copied into a value");
});

test("inferConfig(): the changelog kept with the docs is the project's; a root one wins; reStructuredText is left to the maintainer", async () => {
  const py = { "pyproject.toml": '[project]\nname = "quill"\nversion = "1.0.0"\n' };
  // pypa/hatch at ed8e30b keeps one history per package under docs/history/.
  const history = await infer({
    ...py,
    "docs/history/quill.md": "# History\n",
    "docs/history/quill-core.md": "# History\n",
  });
  assert.equal(value(history, "changelog.path"), "docs/history/quill.md");
  assert.match(source(history, "changelog.path"), /kept with the docs/);
  const named = await infer({ ...py, "docs/changelog.md": "# Changelog\n" });
  assert.equal(value(named, "changelog.path"), "docs/changelog.md");
  assert.equal(value(named, "changelog.keep"), undefined);
  const root = await infer({ ...py, "CHANGELOG.md": "# Changelog\n", "docs/changelog.md": "# Changelog\n" });
  assert.equal(value(root, "changelog.path"), "CHANGELOG.md");
  // CNES/aviso-fes at 808fd5a keeps docs/source/changelog.rst: the cut writes Markdown, so it keeps out of it.
  const rst = await infer({ ...py, "docs/source/changelog.rst": "Changelog\n#########\n" });
  assert.equal(value(rst, "changelog.path"), "docs/source/changelog.rst");
  assert.equal(value(rst, "changelog.keep"), false);
  assert.match(rst.questions.find((q) => q.key === "changelog.keep")!.question, /in a format the cut does not write/);
});

test("inferConfig(): a project versioned by its tags alone (no package, no app, no version file) — the tag is the version", async () => {
  // 01x4-dev/ghidd at 6937dca: a container action with only its v0.1.x tags to say its version.
  const inf = await infer(
    { "action.yml": "name: hello\nruns:\n  using: docker\n  image: Dockerfile\n" },
    { tags: ["v0.1.2", "v0.1.3"] },
  );
  assert.equal(value(inf, "versioning.fromTag"), "git tag");
  assert.match(source(inf, "versioning.fromTag"), /no file carries a version and the releases are tagged \(vX\.Y\.Z\)/);
  assert.equal(value(inf, "versionFiles"), undefined);
  assert.equal(inf.found.fromTag, true);
  // Without a version tag there is nothing to go by: no value, and the command refuses the layout.
  const none = await infer({ "action.yml": "name: hello\n" });
  assert.equal(value(none, "versioning.fromTag"), undefined);
  assert.equal(none.found.fromTag, false);
});

test("inferConfig(): a Tauri project under a fixtures folder is no app; one a release workflow builds is, wherever it is", async () => {
  // tauri-apps/tauri-action at ef5e677: the action's package.json, its test fixtures under .github/fixtures.
  const fixture = ".github/fixtures/with-v2/src-tauri";
  const files = {
    "package.json": JSON.stringify({ name: "build-action", version: "0.5.15" }),
    [`${fixture}/tauri.conf.json`]: JSON.stringify({ productName: "Example", version: "0.1.1", identifier: "a.b" }),
    [`${fixture}/Cargo.toml`]: '[package]\nname = "example"\nversion = "0.1.1"\n',
  };
  const action = await infer(files, { tags: ["v0.5.15"] });
  assert.equal(value(action, "name"), "build-action");
  assert.equal(value(action, "workflows.tauriDir"), undefined);
  assert.deepEqual(value(action, "versionFiles"), ["package.json"]);
  // The same project, built by a workflow a tag push starts: the release's app.
  const release = `on:\n  push:\n    tags: ["v*"]\njobs:\n  app:\n    steps:\n      - uses: tauri-apps/tauri-action@v0\n        with:\n          projectPath: ${fixture}/..\n`;
  const built = await infer({ ...files, ".github/workflows/release.yml": release }, { tags: ["v0.5.15"] });
  assert.equal(value(built, "workflows.tauriDir"), fixture);
  assert.equal(value(built, "name"), "Example");
});
