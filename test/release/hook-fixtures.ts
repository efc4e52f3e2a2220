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

/** Regenerate `requirements.txt` (and `dev-requirements.txt` when it exists) when pyproject.toml is staged; fail when either changed. */
export const REQUIREMENTS_HOOK = `
if git diff --cached --name-only | grep -qx pyproject.toml; then
  ${STAGED_VERSION}
  changed=0
  for f in requirements.txt dev-requirements.txt; do
    [ "$f" = requirements.txt ] || [ -f "$f" ] || continue
    printf '# generated from pyproject.toml %s\\nx>=1\\n' "$version" > "$f.new"
    if cmp -s "$f.new" "$f"; then rm -f "$f.new"; else mv "$f.new" "$f"; changed=1; fi
  done
  if [ $changed = 1 ]; then
    echo "generate-requirements: files were modified by this hook" >&2
    exit 1
  fi
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

/**
 * Install a pre-commit hook made of these parts. Like the pre-commit framework, every
 * part runs (each in its own subshell) and the commit fails when any of them failed.
 */
export function installPreCommit(repoDir: string, ...parts: string[]): void {
  const dir = join(repoDir, ".git", "hooks");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "pre-commit");
  const body = parts.map((p) => `(\n${p}\n) || failed=1`).join("\n");
  writeFileSync(file, `#!/bin/sh\nset -u\nfailed=0\n${body}\nexit $failed\n`);
  chmodSync(file, 0o755);
}
