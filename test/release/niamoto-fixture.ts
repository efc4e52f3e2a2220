/**
 * A repository shaped like Niamoto's release (`niamoto/niamoto`), written in our own
 * words from what its repository shows: the release commit of v0.20.5 (`git show --stat
 * 50beeddf`) holds 16 files — the six version files of `.bumpversion.cfg`, CHANGELOG,
 * `uv.lock` (whose `[options]` stores `exclude-newer`), `src-tauri/Cargo.lock`, the
 * regenerated in-app help pack (`manifest.json`, `search-index.json`, pages, one of
 * them new), `requirements.txt`, `dev-requirements.txt` and `.marketing/plugins.json`
 * (the last three rewritten by pre-commit hooks). Its release script's preflight is
 * pytest, ruff, `pnpm install --frozen-lockfile` and a build in the UI folder,
 * `cargo audit` in `src-tauri`, and a local macOS build that only warns.
 *
 * The tools themselves (uv, uvx, pnpm, cargo) are stand-ins on PATH that record how
 * they were called (argv and folder) and do the one thing the cut relies on.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const NIAMOTO_CONFIG = `// Niamoto's release, as config (see test/release/niamoto-fixture.ts).
export default {
  name: "Niamoto",
  versionFiles: [
    "pyproject.toml",
    "src/niamoto/__version__.py",
    "docs/conf.py",
    "src-tauri/tauri.conf.json",
    "src-tauri/Cargo.toml",
    ".bumpversion.cfg",
  ],
  // Inferred commands: uv lock + the options uv.lock stores; cargo update --workspace --offline in src-tauri.
  lockfiles: [{ path: "uv.lock" }, { path: "src-tauri/Cargo.lock" }],
  releaseFiles: [
    "src/niamoto/gui/help_content",
    "requirements.txt",
    "dev-requirements.txt",
    ".marketing/plugins.json",
  ],
  tools: ["git", "uv", "pnpm", "cargo"],
  preflight: [
    { id: "pytest", command: ["uv", "run", "--frozen", "pytest", "tests/", "-x", "-q", "--tb=short"] },
    { id: "ruff", command: ["uvx", "ruff", "check", "src/"] },
    { id: "help", title: "rebuild the in-app help pack", command: "sh scripts/build-help.sh" },
    { id: "ui-install", command: ["pnpm", "install", "--frozen-lockfile"], cwd: "src/niamoto/gui/ui" },
    { id: "ui-build", command: ["pnpm", "run", "build"], cwd: "src/niamoto/gui/ui" },
    { id: "cargo-audit", command: ["cargo", "audit"], cwd: "src-tauri" },
    { id: "desktop-build", command: ["bash", "build_scripts/build_desktop.sh"], platforms: ["macos"], blocking: false },
  ],
};
`;

const V = "0.20.4";

/** The files of the repository before the release of 0.20.5. */
export function niamotoFiles(): Record<string, string> {
  const help = "src/niamoto/gui/help_content";
  return {
    "release.config.ts": NIAMOTO_CONFIG,
    "pyproject.toml": `[project]\nname = "niamoto"\nversion = "${V}"\nrequires-python = ">=3.12"\n`,
    "src/niamoto/__version__.py": `__version__ = "${V}"\n`,
    "docs/conf.py": `project = "Niamoto"\nrelease = "${V}"\n`,
    "src-tauri/tauri.conf.json": `{\n  "productName": "Niamoto",\n  "version": "${V}"\n}\n`,
    "src-tauri/Cargo.toml": `[package]\nname = "app"\nversion = "${V}"\nedition = "2021"\n`,
    "src-tauri/Cargo.lock": `version = 4\n\n[[package]]\nname = "app"\nversion = "${V}"\n`,
    ".bumpversion.cfg": `[bumpversion]\ncurrent_version = ${V}\ncommit = True\n`,
    "CHANGELOG.md": `# Changelog\n\n## [Unreleased]\n\n## [${V}] - 2026-05-29\n\n### Bug Fixes\n\n- Earlier fix\n`,
    "uv.lock": `version = 1\nrevision = 3\nrequires-python = ">=3.12"\n\n[options]\nexclude-newer = "2026-05-30T12:42:52.571368Z"\n\n[options.exclude-newer-package]\nrasterio = "2026-06-01T00:00:00Z"\n\n[[package]]\nname = "niamoto"\nversion = "${V}"\nsource = { editable = "." }\n`,
    "requirements.txt": `# generated from pyproject.toml ${V}\nx>=1\n`,
    "dev-requirements.txt": `# generated from pyproject.toml ${V}\nx>=1\n`,
    ".marketing/plugins.json": `{\n  "version": "${V}",\n  "plugins": ["csv_loader", "top_ranking"]\n}\n`,
    [`${help}/manifest.json`]: `{ "version": "${V}", "pages": ["07-architecture"] }\n`,
    [`${help}/search-index.json`]: `{ "version": "${V}", "terms": [] }\n`,
    [`${help}/pages/07-architecture.json`]: `{ "title": "Architecture", "children": [] }\n`,
    "docs/07-architecture/legacy-feedback-worker.md": "# The feedback worker\n",
    // Rebuilds the help pack from docs/: every page, one new, the manifest and the index.
    "scripts/build-help.sh": `set -e
version=$(sed -n 's/^version = "\\(.*\\)"/\\1/p' pyproject.toml)
out=${help}
mkdir -p "$out/pages/07-architecture"
printf '{ "title": "Architecture", "children": ["legacy-feedback-worker"] }\\n' > "$out/pages/07-architecture.json"
printf '{ "title": "The feedback worker" }\\n' > "$out/pages/07-architecture/legacy-feedback-worker.json"
printf '{ "version": "%s", "pages": ["07-architecture", "07-architecture/legacy-feedback-worker"] }\\n' "$version" > "$out/manifest.json"
printf '{ "version": "%s", "terms": ["feedback"] }\\n' "$version" > "$out/search-index.json"
`,
    "src/niamoto/gui/ui/package.json": `{ "name": "niamoto-ui", "private": true }\n`,
    "build_scripts/build_desktop.sh": "exit 1\n",
  };
}

/** The 16 paths of the release commit, sorted as git lists them. */
export const NIAMOTO_RELEASE_COMMIT = [
  ".bumpversion.cfg",
  ".marketing/plugins.json",
  "CHANGELOG.md",
  "dev-requirements.txt",
  "docs/conf.py",
  "pyproject.toml",
  "requirements.txt",
  "src-tauri/Cargo.lock",
  "src-tauri/Cargo.toml",
  "src-tauri/tauri.conf.json",
  "src/niamoto/__version__.py",
  "src/niamoto/gui/help_content/manifest.json",
  "src/niamoto/gui/help_content/pages/07-architecture.json",
  "src/niamoto/gui/help_content/pages/07-architecture/legacy-feedback-worker.json",
  "src/niamoto/gui/help_content/search-index.json",
  "uv.lock",
];

/**
 * Stand-ins for uv, uvx, pnpm and cargo in `dir`: each appends `name args @ folder` to
 * `$TOOL_LOG`; `uv lock` and `cargo update` set the project's version in their lockfile
 * from the manifest next to it, as the real tools do after a bump.
 */
export function fakeTools(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const log = 'printf \'%s %s @ %s\\n\' "$(basename "$0")" "$*" "$(pwd)" >> "$TOOL_LOG"';
  const scripts: Record<string, string> = {
    uv: `${log}
if [ "$1" = lock ]; then
  v=$(sed -n 's/^version = "\\(.*\\)"/\\1/p' pyproject.toml | head -1)
  awk -v v="$v" '/^name = "niamoto"/{n=1} n && /^version = /{print "version = \\"" v "\\""; n=0; next} {print}' uv.lock > uv.lock.new && mv uv.lock.new uv.lock
fi`,
    uvx: log,
    pnpm: log,
    cargo: `${log}
if [ "$1" = update ]; then
  v=$(sed -n 's/^version = "\\(.*\\)"/\\1/p' Cargo.toml | head -1)
  awk -v v="$v" '/^name = "app"/{n=1} n && /^version = /{print "version = \\"" v "\\""; n=0; next} {print}' Cargo.lock > Cargo.lock.new && mv Cargo.lock.new Cargo.lock
fi`,
  };
  for (const [name, body] of Object.entries(scripts)) {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\nexit 0\n`);
    chmodSync(file, 0o755);
  }
}
