/**
 * Repositories of the shapes adoption meets, written for these tests. Each fixture
 * reproduces facts observed in a real repository (named in the comment above it);
 * none copies a real file.
 */

/** A pubkey-shaped value (base64 of a minisign public key line); not a real key. */
const PUBKEY = Buffer.from(
  "untrusted comment: minisign public key: 0123456789ABCDEF\nRWQBI0VniavN7wEjRWeJq83vASNFZ4mrze8BI0VniavN7w==\n",
).toString("base64");

/**
 * Niamoto-shaped (facts from niamoto/niamoto at 2e34f09): `.bumpversion.cfg` lists
 * pyproject.toml, docs/conf.py, the package's __version__.py, tauri.conf.json and
 * Cargo.toml; tags are v-prefixed; the CHANGELOG has `## [Unreleased]` and
 * `## [v0.20.5] - date` sections; tauri.conf.json bundles a onedir sidecar as the
 * resource `resources/sidecar/` → `sidecar/`, with the updater configured
 * (createUpdaterArtifacts, pubkey, a latest.json endpoint); one PyInstaller spec under
 * build_scripts/ builds both the sidecar (env selects onedir) and the CLI; the front end
 * lives in src/<pkg>/gui/ui with pnpm (packageManager field, pnpm-lock.yaml) and a
 * .node-version; uv.lock and src-tauri/Cargo.lock; hand-written workflows: build-tauri
 * and publish-pypi on `release: published` (environment pypi), build-binaries on tag
 * push waiting for the release with `gh release view`; a local pre-commit hook runs on
 * pyproject.toml/uv.lock; .github/RELEASE.md runs an old Python release script.
 */
export const FIELDNOTES: Record<string, string> = {
  ".bumpversion.cfg": [
    "[bumpversion]",
    "current_version = 1.8.2",
    "commit = True",
    "tag = True",
    "",
    "[bumpversion:file:pyproject.toml]",
    'search = version = "{current_version}"',
    'replace = version = "{new_version}"',
    "",
    "[bumpversion:file:docs/conf.py]",
    "",
    "[bumpversion:file:src/fieldnotes/__version__.py]",
    "",
    "[bumpversion:file:src-tauri/tauri.conf.json]",
    "",
    "[bumpversion:file:src-tauri/Cargo.toml]",
    "",
  ].join("\n"),
  "pyproject.toml": [
    "[project]",
    'name = "fieldnotes"',
    'version = "1.8.2"',
    'requires-python = ">=3.11"',
    "",
    "[project.scripts]",
    'fieldnotes = "fieldnotes.cli:main"',
    "",
  ].join("\n"),
  "src/fieldnotes/__init__.py": "",
  "src/fieldnotes/__version__.py": '__version__ = "1.8.2"\n',
  "docs/conf.py": 'project = "Fieldnotes"\nrelease = "1.8.2"\n',
  "CHANGELOG.md":
    "# Changelog\n\n## [Unreleased]\n\n## [v1.8.2] - 2026-05-01\n\n### Bug Fixes\n\n- Keep the map centred\n",
  "uv.lock": "version = 1\n",
  ".node-version": "22.13.0\n",
  "src-tauri/tauri.conf.json": JSON.stringify(
    {
      productName: "Fieldnotes",
      version: "1.8.2",
      identifier: "org.example.fieldnotes",
      build: { frontendDist: "../src/fieldnotes/gui/ui/dist", devUrl: "http://localhost:5173" },
      bundle: {
        active: true,
        targets: ["dmg", "app", "deb", "msi"],
        resources: { "resources/sidecar/": "sidecar/" },
        createUpdaterArtifacts: true,
      },
      plugins: {
        updater: {
          pubkey: PUBKEY,
          endpoints: ["https://github.com/example-org/fieldnotes/releases/latest/download/latest.json"],
        },
      },
    },
    null,
    2,
  ),
  "src-tauri/Cargo.toml": '[package]\nname = "fieldnotes-desktop"\nversion = "1.8.2"\nedition = "2021"\n',
  "src-tauri/Cargo.lock": "version = 3\n",
  "src-tauri/src/main.rs": "fn main() {}\n",
  "build_scripts/fieldnotes.spec":
    "a = Analysis(['src/fieldnotes/__main__.py'])\nexe = EXE(a.scripts, name='fieldnotes')\n",
  "src/fieldnotes/gui/ui/package.json": JSON.stringify(
    {
      name: "fieldnotes-ui",
      private: true,
      version: "0.0.0",
      packageManager: "pnpm@11.0.9",
      scripts: { dev: "vite", build: "tsc -b && vite build" },
    },
    null,
    2,
  ),
  "src/fieldnotes/gui/ui/pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
  "src/fieldnotes/gui/ui/.node-version": "22.13.0\n",
  ".pre-commit-config.yaml": [
    "repos:",
    "  - repo: local",
    "    hooks:",
    "      - id: generate-requirements",
    "        name: Generate the requirements files",
    "        entry: python scripts/build/generate_requirements.py",
    "        language: python",
    "        pass_filenames: false",
    "        files: ^(pyproject\\.toml|uv\\.lock)$",
    "",
  ].join("\n"),
  ".github/RELEASE.md": [
    "# Releasing",
    "",
    "```bash",
    "uv run python scripts/build/fieldnotes_release.py --yes",
    "```",
    "",
    "Then wait for CI to create the GitHub release.",
    "",
  ].join("\n"),
  "scripts/build/fieldnotes_release.py": "print('old release script')\n",
  "README.md": "# Fieldnotes\n\nRun `scripts/build/fieldnotes_release.py` to cut a release.\n",
  ".github/workflows/build-tauri.yml": [
    "name: Build desktop",
    "on:",
    "  release:",
    "    types: [published]",
    "jobs:",
    "  build:",
    "    strategy:",
    "      fail-fast: false",
    "      matrix:",
    "        include:",
    "          - os: macos-14",
    "            target: aarch64-apple-darwin",
    "          - os: ubuntu-22.04",
    "            target: x86_64-unknown-linux-gnu",
    "          - os: ubuntu-22.04-arm",
    "            target: aarch64-unknown-linux-gnu",
    "          - os: windows-latest",
    "            target: x86_64-pc-windows-msvc",
    "    runs-on: ${{ matrix.os }}",
    "    env:",
    "      PYINSTALLER_VERSION: '6.16.0'",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - uses: actions/setup-python@v5",
    "        with:",
    "          python-version: '3.12'",
    "      - name: Build the sidecar",
    "        env:",
    "          FIELDNOTES_PYINSTALLER_MODE: onedir",
    "        run: uv run pyinstaller build_scripts/fieldnotes.spec --clean --noconfirm",
    "      - name: Build the app",
    "        env:",
    "          APPLE_CERTIFICATE: ${{ secrets.MACOS_CERT_P12 }}",
    "          APPLE_CERTIFICATE_PASSWORD: ${{ secrets.APPLE_CERTIFICATE_PASSWORD }}",
    "          TAURI_SIGNING_PRIVATE_KEY: ${{ secrets.TAURI_SIGNING_PRIVATE_KEY }}",
    "        run: npx tauri build --target ${{ matrix.target }}",
    "",
  ].join("\n"),
  ".github/workflows/publish-pypi.yml": [
    "name: Publish to PyPI",
    "on:",
    "  release:",
    "    types: [published]",
    "jobs:",
    "  publish:",
    "    runs-on: ubuntu-latest",
    "    environment: pypi-release",
    "    permissions:",
    "      id-token: write",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - run: uv build",
    "      - uses: pypa/gh-action-pypi-publish@release/v1",
    "",
  ].join("\n"),
  ".github/workflows/build-binaries.yml": [
    "name: Build CLI binaries",
    "on:",
    "  push:",
    "    tags: ['v*.*.*']",
    "jobs:",
    "  build:",
    "    strategy:",
    "      matrix:",
    "        include:",
    "          - os: macos-14",
    "            platform: macos",
    "          - os: ubuntu-22.04",
    "            platform: linux",
    "          - os: windows-latest",
    "            platform: windows",
    "    runs-on: ${{ matrix.os }}",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - run: python -m PyInstaller build_scripts/fieldnotes.spec --clean --noconfirm",
    "  upload:",
    "    needs: build",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - env:",
    "          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
    '        run: until gh release view "$GITHUB_REF_NAME"; do sleep 10; done',
    "",
  ].join("\n"),
  ".github/workflows/tests.yml": [
    "name: Tests",
    "on: [push, pull_request]",
    "jobs:",
    "  test:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - run: uv run pytest",
    "",
  ].join("\n"),
};
export const FIELDNOTES_TAGS = ["v1.8.1", "v1.8.2"];

/**
 * A plain Python package with no app (the shape of a library on PyPI): version in
 * pyproject.toml and __version__.py, a Keep a Changelog file, tags without a prefix
 * (as several PyPA projects tag, e.g. `24.1.0`).
 */
export const PLAIN_PYTHON: Record<string, string> = {
  "pyproject.toml": '[project]\nname = "tidyrows"\nversion = "2.3.0"\n',
  "src/tidyrows/__init__.py": "",
  "src/tidyrows/__version__.py": '__version__ = "2.3.0"\n',
  "CHANGELOG.md": "# Changelog\n\n## [Unreleased]\n\n## [2.3.0] - 2026-01-10\n\n### Added\n\n- Row filters\n",
  ".python-version": "3.11\n",
  "README.md": "# tidyrows\n",
};
export const PLAIN_PYTHON_TAGS = ["2.2.0", "2.3.0"];

/**
 * A Tauri app whose sidecar is an `externalBin` onefile PyInstaller build and whose
 * front end is built with npm at the root (facts from dieharders/example-tauri-python-server-sidecar
 * at 1cd93c9 — package.json and package-lock.json at the root, requirements.txt and no
 * pyproject, `bundle.externalBin`, no tags, no CHANGELOG — and from the sidecar spec
 * of NaokiShibata/DLMiFish at 856d49f, which builds `--onefile` from a root .spec).
 */
export const EXTERNAL_BIN: Record<string, string> = {
  "package.json": JSON.stringify(
    { name: "pybridge", version: "0.3.1", private: true, scripts: { build: "next build", tauri: "tauri" } },
    null,
    2,
  ),
  "package-lock.json": JSON.stringify(
    {
      name: "pybridge",
      version: "0.3.1",
      lockfileVersion: 3,
      packages: { "": { name: "pybridge", version: "0.3.1" } },
    },
    null,
    2,
  ),
  "requirements.txt": "fastapi\n",
  "server.spec": "a = Analysis(['server/main.py'])\nexe = EXE(a.scripts, name='api-server', console=False)\n",
  "src-tauri/tauri.conf.json": JSON.stringify(
    {
      productName: "PyBridge",
      version: "0.3.1",
      identifier: "com.example.pybridge",
      build: { beforeBuildCommand: "npm run build", frontendDist: "../out" },
      bundle: { active: true, externalBin: ["bin/api/api-server"] },
    },
    null,
    2,
  ),
  "src-tauri/Cargo.toml": '[package]\nname = "pybridge"\nversion = "0.3.1"\n',
  "src-tauri/Cargo.lock": "version = 3\n",
  "src-tauri/src/main.rs": "fn main() {}\n",
  "README.md": "# PyBridge\n",
};

/**
 * A repository whose workflow creates the release in CI (the retrospective's first
 * failure; the shape JonasKruckenberg/tauri-build's README shows): on a tag push the
 * app is built and `softprops/action-gh-release` creates the release with
 * GITHUB_TOKEN, so the `release: published` workflow (PyPI) never starts.
 */
export const CI_RELEASE: Record<string, string> = {
  "pyproject.toml": '[project]\nname = "quaywatch"\nversion = "0.9.0"\n',
  "CHANGELOG.md": "# Changelog\n\n## [Unreleased]\n",
  "src-tauri/tauri.conf.json": JSON.stringify(
    { productName: "Quaywatch", version: "0.9.0", identifier: "org.example.quaywatch", bundle: { active: true } },
    null,
    2,
  ),
  "src-tauri/Cargo.toml": '[package]\nname = "quaywatch"\nversion = "0.9.0"\n',
  ".github/workflows/release.yml": [
    "name: Release",
    "on:",
    "  push:",
    "    tags: ['v*']",
    "jobs:",
    "  publish:",
    "    strategy:",
    "      matrix:",
    "        platform: [macos-latest, ubuntu-22.04, windows-latest]",
    "    runs-on: ${{ matrix.platform }}",
    "    permissions:",
    "      contents: write",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - uses: tauri-apps/tauri-action@v0",
    "      - uses: softprops/action-gh-release@v2",
    "        with:",
    "          files: src-tauri/target/release/bundle/**/*",
    "",
  ].join("\n"),
  ".github/workflows/publish-pypi.yml": [
    "name: PyPI",
    "on:",
    "  release:",
    "    types: [published]",
    "jobs:",
    "  publish:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - run: uv build",
    "",
  ].join("\n"),
};
export const CI_RELEASE_TAGS = ["v0.9.0"];
