/**
 * Real git hooks for the cut's tests, written in the manner of the pre-commit
 * framework: a hook that finds a file it regenerates out of date rewrites it and
 * fails the commit ("files were modified by this hook"), and passes once it is staged.
 * Shaped after two of Niamoto's local hooks (its `.pre-commit-config.yaml`): one
 * regenerates requirements files whenever `pyproject.toml` or `uv.lock` is staged, one
 * regenerates a plugin manifest (JSON) whenever `pyproject.toml` is staged.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The version line of the staged pyproject.toml, as the hooks derive their output from it. */
const STAGED_VERSION = `version=$(git show :pyproject.toml | sed -n 's/^version = "\\(.*\\)"/\\1/p' | head -1)`;

/** Regenerate `requirements.txt` when pyproject.toml is staged; fail when it changed (pre-commit style). */
export const REQUIREMENTS_HOOK = `
if git diff --cached --name-only | grep -qx pyproject.toml; then
  ${STAGED_VERSION}
  printf '# generated from pyproject.toml %s\\nx>=1\\n' "$version" > requirements.txt.new
  if ! cmp -s requirements.txt.new requirements.txt; then
    mv requirements.txt.new requirements.txt
    echo "generate-requirements: files were modified by this hook" >&2
    exit 1
  fi
  rm -f requirements.txt.new
fi
`;

/** Regenerate `.marketing/plugins.json` when pyproject.toml is staged; fail when it changed. */
export const MANIFEST_HOOK = `
if git diff --cached --name-only | grep -qx pyproject.toml; then
  ${STAGED_VERSION}
  mkdir -p .marketing
  printf '{\\n  "version": "%s",\\n  "plugins": ["csv_loader", "top_ranking"]\\n}\\n' "$version" > .marketing/plugins.json.new
  if ! cmp -s .marketing/plugins.json.new .marketing/plugins.json; then
    mv .marketing/plugins.json.new .marketing/plugins.json
    echo "regenerate-plugin-manifest: files were modified by this hook" >&2
    exit 1
  fi
  rm -f .marketing/plugins.json.new
fi
`;

/** Install a pre-commit hook made of these parts (each may `exit 1`). */
export function installPreCommit(repoDir: string, ...parts: string[]): void {
  const dir = join(repoDir, ".git", "hooks");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "pre-commit");
  writeFileSync(file, `#!/bin/sh\nset -u\n${parts.join("\n")}\nexit 0\n`);
  chmodSync(file, 0o755);
}
