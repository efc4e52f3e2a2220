// The sample's release config: the Niamoto-shaped version files, a quick preflight
// command, and the values its release workflows are rendered from. The toolkit is
// vendored under tools/release with its own lockfile (the demo copies it there); the
// UI in ui/ is built with npm before the wheel, the sidecar and the app; the sidecar
// is a PyInstaller onedir build that tauri.conf.json bundles from resources/sidecar.
// A plain object works as well as defineConfig().
export default {
  name: "Atlas",
  tools: ["git", "python3"],
  preflight: [
    {
      id: "import",
      title: "the package imports",
      command: ["python3", "-B", "-c", "import sys; sys.path.insert(0, 'src'); import atlas"],
    },
  ],
  versionFiles: [
    "pyproject.toml",
    "src/atlas/__version__.py",
    "docs/conf.py",
    "src-tauri/tauri.conf.json",
    "src-tauri/Cargo.toml",
    ".bumpversion.cfg",
    "package.json",
  ],
  workflows: {
    generate: ["publish-pypi", "build-tauri", "build-binaries"],
    toolkitDir: "tools/release",
    cliName: "atlas",
    cliSpec: "atlas.spec",
    cliAssetName: "{name}-{os}-{arch}",
    nodeVersionFile: ".node-version",
    frontend: { dir: "ui", packageManager: "npm" },
    sidecar: {
      spec: "src-tauri/sidecar.spec",
      name: "atlas-sidecar",
      mode: "onedir",
      // The app starts the sidecar without a terminal window; the spec reads this.
      env: { ATLAS_SIDECAR_CONSOLE: "false" },
      placement: { resources: "resources/sidecar" },
      smokeTest: '"$SIDECAR" --version',
    },
    wheelMustContain: ["atlas/ui/dist/index.html"],
    signingEnvironment: "release-signing",
  },
  secrets: {
    repository: [
      "APPLE_CERTIFICATE",
      "APPLE_CERTIFICATE_PASSWORD",
      "APPLE_SIGNING_IDENTITY",
      "APPLE_TEAM_ID",
      "APPLE_ID",
      "APPLE_PASSWORD",
      "TAURI_SIGNING_PRIVATE_KEY",
      "TAURI_SIGNING_PRIVATE_KEY_PASSWORD",
    ],
  },
};
