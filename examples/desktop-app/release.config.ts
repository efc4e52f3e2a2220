// The sample's release config: the default Niamoto-shaped version files, plus a quick
// preflight command. A plain object works as well as defineConfig().
export default {
  name: "Atlas",
  tools: ["git", "python3"],
  preflight: [{ id: "import", title: "the package imports", command: ["python3", "-B", "-c", "import sys; sys.path.insert(0, 'src'); import atlas"] }],
  versionFiles: [
    "pyproject.toml",
    "src/atlas/__version__.py",
    "docs/conf.py",
    "src-tauri/tauri.conf.json",
    "src-tauri/Cargo.toml",
    ".bumpversion.cfg",
    "package.json",
  ],
};
