// The sample's release config: the Niamoto-shaped version files, a quick preflight
// command, and the values its release workflows are rendered from. The toolkit is
// vendored under tools/release (the demo copies it there). A plain object works as
// well as defineConfig().
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
    sidecarSpec: "src-tauri/sidecar.spec",
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
