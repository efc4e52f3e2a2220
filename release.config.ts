/**
 * The project being released: here, the toolkit itself (package.json). It ships no
 * Python package, desktop app or CLI binaries, so it generates only its own CI and
 * expects no release workflows. An adopting project lists its own version files
 * (pyproject.toml, tauri.conf.json, ...) and keeps the default `generate`, which
 * renders publish-pypi, build-tauri and build-binaries too (see examples/desktop-app).
 */
import { DOCS_EXCLUDE_DEFAULT, defineConfig } from "./tasks/lib/core/config/index.ts";

export default defineConfig({
  name: "release-contract",
  versionFiles: ["package.json"],
  tools: ["git", "node"],
  // Rendered into .github/workflows by `npx tsx tasks/gen-workflows.ts`; the rest keeps its defaults.
  github: { releaseWorkflows: [] },
  workflows: {
    generate: ["ci"],
    nodeVersion: "24",
    pythonVersion: "3.12",
    pyinstallerVersion: "6.11.1",
    pypiEnvironment: "pypi",
  },
  // The doctor's reference pages and the evaluation records quote other repositories'
  // release flows; they describe what the doctor finds, not how this repository releases.
  docs: {
    exclude: [...DOCS_EXCLUDE_DEFAULT, "bench/labels/**", "docs/adoption.md", "docs/checks.md", "docs/doctor.md"],
  },
  preflight: [
    { id: "typecheck", title: "typecheck", command: ["npm", "run", "typecheck"] },
    { id: "tests", title: "tests", command: ["npm", "test"] },
  ],
});
