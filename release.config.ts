/**
 * The project being released. This repository releases itself (package.json), and
 * renders its release workflows from the `workflows` values below; an adopting
 * project lists its own version files (pyproject.toml, tauri.conf.json, ...).
 */
import { defineConfig } from "./tasks/lib/config/index.ts";

export default defineConfig({
  name: "release-contract",
  versionFiles: ["package.json"],
  tools: ["git", "node"],
  // Rendered into .github/workflows by `npx tsx tasks/gen-workflows.ts`; the rest keeps its defaults.
  workflows: {
    nodeVersion: "20",
    pythonVersion: "3.12",
    pyinstallerVersion: "6.11.1",
    pypiEnvironment: "pypi",
  },
  preflight: [
    { id: "typecheck", title: "typecheck", command: ["npm", "run", "typecheck"] },
    { id: "tests", title: "tests", command: ["npm", "test"] },
  ],
});
