/**
 * Template contexts the workflow tests render: an adopting project on the default
 * config, a full-featured adopting project (front end, SHA pins, renamed secrets,
 * a onefile externalBin sidecar), a Niamoto-shaped project, the sample
 * (examples/desktop-app, loaded from its own release.config.ts), and this
 * repository's own config (which generates only its CI).
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { parse } from "yaml";
import { workflowsSchema } from "../../tasks/lib/core/config/workflows-schema.ts";
import { loadTemplateContext } from "../../tasks/lib/workflows/load.ts";
import { render } from "../../tasks/lib/workflows/render.ts";
import { templateContext, type TemplateContext } from "../../templates/context.ts";
import type { Workflow } from "../../templates/types.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";

export const CHECKOUT_SHA = "11bd71901bbe5b1630ceea73d27597364c9af683";

export const FULL_WORKFLOWS = {
  pythonVersion: "3.11",
  nodeVersion: "22",
  pyinstallerVersion: "6.10.0",
  appName: "Atlas Desktop",
  cliName: "atlas",
  cliSpec: "packaging/atlas-cli.spec",
  sidecar: {
    spec: "src-tauri/sidecar/atlas.spec",
    name: "atlas-server",
    mode: "onefile",
    placement: { externalBin: "binaries/atlas-server" },
  },
  frontend: { dir: "ui", install: "npm ci --ignore-scripts", build: "npm run build" },
  pypiEnvironment: "release-pypi",
  actions: { "actions/checkout": `${CHECKOUT_SHA} # v4.2.2` },
  signingSecrets: { APPLE_CERTIFICATE: "MAC_P12_BASE64", TAURI_SIGNING_PRIVATE_KEY: "UPDATER_KEY" },
};

export function fullContext(): TemplateContext {
  return templateContext({
    name: "atlas",
    branch: "main",
    tagPrefix: "v",
    workflows: workflowsSchema.parse(FULL_WORKFLOWS),
  });
}

/** A fake but well-formed commit SHA per action (the tests never resolve them). */
const fakeSha = (action: string) => createHash("sha1").update(action).digest("hex");

/**
 * A config describing Niamoto (niamoto/niamoto at 2e34f09, read from its
 * build-tauri.yml, build-binaries.yml, publish-pypi.yml, src-tauri/tauri.conf.json,
 * build_scripts/niamoto.spec, pyproject.toml and src/niamoto/gui/ui/package.json),
 * in this project's own words:
 * - the UI lives in src/niamoto/gui/ui and is built with pnpm, whose version the
 *   UI's package.json declares in `packageManager`; Node comes from `.node-version`;
 * - one PyInstaller spec serves the sidecar and the CLI; it reads its build mode and
 *   whether it opens a console from two environment variables, and the desktop build
 *   sets them to onedir and no console;
 * - the onedir sidecar is copied to src-tauri/resources/sidecar/<triple>/niamoto/,
 *   which tauri.conf.json bundles as `"resources/sidecar/": "sidecar/"`, and a Python
 *   script smoke-tests it against a small fixture project before the app is built;
 * - Linux legs also need GTK and the GDAL/PROJ development packages;
 * - the CLI archives are named niamoto-<os>-<arch> (no version), four platforms
 *   including an arm64 Linux runner;
 * - the wheel force-includes the built UI as niamoto/gui/ui/dist;
 * - a manual run builds without releasing.
 */
export const NIAMOTO_WORKFLOWS = {
  pythonVersion: "3.12",
  pyinstallerVersion: "6.19.0",
  appName: "Niamoto",
  frontend: { dir: "src/niamoto/gui/ui", packageManager: "pnpm" },
  sidecar: {
    spec: "build_scripts/niamoto.spec",
    name: "niamoto",
    mode: "onedir",
    env: { NIAMOTO_PYINSTALLER_MODE: "onedir", NIAMOTO_PYINSTALLER_CONSOLE: "false" },
    placement: { resources: "resources/sidecar" },
    smokeTest:
      'python3 scripts/build/smoke_test_packaged_sidecar.py --sidecar-path "$SIDECAR" --project-dir tests/fixtures/desktop-smoke-project',
  },
  linuxPackages: ["libgtk-3-dev", "gdal-bin", "libgdal-dev", "libproj-dev"],
  cliName: "niamoto",
  cliSpec: "build_scripts/niamoto.spec",
  cliAssetName: "{name}-{os}-{arch}",
  wheelMustContain: ["niamoto/gui/ui/dist/index.html"],
  tauriPlatforms: [
    // Niamoto's hand-written workflows ran on macos-14 (retired 2026-11-02); adoption now writes macos-26.
    { runner: "macos-26", target: "aarch64-apple-darwin", os: "macos", arch: "aarch64" },
    { runner: "ubuntu-22.04", target: "x86_64-unknown-linux-gnu", os: "linux", arch: "x86_64" },
    { runner: "ubuntu-22.04-arm", target: "aarch64-unknown-linux-gnu", os: "linux", arch: "aarch64" },
    { runner: "windows-latest", target: "x86_64-pc-windows-msvc", os: "windows", arch: "x86_64" },
  ],
  cliPlatforms: [
    { runner: "macos-26", target: "aarch64-apple-darwin", os: "macos", arch: "arm64" },
    { runner: "ubuntu-22.04", target: "x86_64-unknown-linux-gnu", os: "linux", arch: "x86_64" },
    { runner: "ubuntu-22.04-arm", target: "aarch64-unknown-linux-gnu", os: "linux", arch: "arm64" },
    { runner: "windows-latest", target: "x86_64-pc-windows-msvc", os: "windows", arch: "x86_64" },
  ],
  signingEnvironment: "desktop-signing",
  dispatchBuildOnly: true,
  requirePins: true,
  actions: Object.fromEntries(
    [
      "actions/checkout",
      "actions/setup-node",
      "actions/setup-python",
      "actions/upload-artifact",
      "actions/download-artifact",
      "astral-sh/setup-uv",
      "dtolnay/rust-toolchain",
      "pnpm/action-setup",
      "pypa/gh-action-pypi-publish",
    ].map((a) => [a, `${fakeSha(a)} # pinned`]),
  ),
};

/** Niamoto's tauri.conf.json, as far as the placement check reads it (same commit as above). */
export const NIAMOTO_TAURI_CONF = {
  productName: "Niamoto",
  bundle: { resources: { "resources/sidecar/": "sidecar/" }, createUpdaterArtifacts: true },
  plugins: { updater: { pubkey: "(a minisign public key)" } },
};

export function niamotoContext(): TemplateContext {
  return templateContext(
    { name: "niamoto", branch: "main", tagPrefix: "v", workflows: workflowsSchema.parse(NIAMOTO_WORKFLOWS) },
    { nodeVersionFile: true },
  );
}

export const SAMPLE_ROOT = join(PROJECT_ROOT, "examples", "desktop-app");
/** The sample's context, read from its own release.config.ts (and its tauri.conf.json, by the placement check). */
export const sampleContext = (): Promise<TemplateContext> => loadTemplateContext(SAMPLE_ROOT, {});

/** A project that adopted the toolkit and kept every default. */
export function defaultContext(): TemplateContext {
  return templateContext({ name: "atlas", branch: "main", tagPrefix: "v", workflows: workflowsSchema.parse({}) });
}

export const repoContext = (): Promise<TemplateContext> => loadTemplateContext(PROJECT_ROOT, {});

export interface Rendering {
  label: string;
  ctx: TemplateContext;
  files: Map<string, string>;
}

/** The adopting projects' rendered files (the default and full ones render all four workflows), labelled. */
export async function everyRendering(): Promise<Rendering[]> {
  const defaults = defaultContext();
  const full = fullContext();
  const niamoto = niamotoContext();
  const sample = await sampleContext();
  return [
    { label: "default project", ctx: defaults, files: render(defaults) },
    { label: "full-featured project", ctx: full, files: render(full) },
    { label: "Niamoto-shaped project", ctx: niamoto, files: render(niamoto) },
    { label: "the sample", ctx: sample, files: render(sample) },
  ];
}

export const parseWorkflow = (text: string): Workflow => parse(text) as Workflow;

export const RELEASE_WORKFLOWS = [
  ".github/workflows/publish-pypi.yml",
  ".github/workflows/build-tauri.yml",
  ".github/workflows/build-binaries.yml",
];
