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
  preflight: [
    { id: "typecheck", title: "typecheck", command: ["npm", "run", "typecheck"] },
    { id: "tests", title: "tests", command: ["npm", "test"] },
  ],
});
