/**
 * core/glob.ts tests picomatch's own regular expressions directly: for the globs the docs
 * checks use (the default docs.globs and docs.exclude among them), it answers exactly as
 * picomatch's matcher does.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import picomatch from "picomatch";
import { anyGlob } from "../../tasks/lib/core/glob.ts";

const GLOBS = [
  [".github/*.md", "RELEASE*.md", "docs/releas*.md", "AGENTS.md", ".claude/skills/**", ".claude/commands/**"],
  ["**/_archive/**", "**/archive/**", "**/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"],
  ["**/*.md", "docs/**/*.{md,mdx}", "!notes.md", "src/?/x.py"],
];
const PATHS = [
  "README.md",
  "RELEASE.md",
  "release-notes.md",
  "RELEASING.md",
  ".github/PULL_REQUEST_TEMPLATE.md",
  ".github/workflows/ci.yml",
  "docs/releasing.md",
  "docs/Release-Guide.MD",
  "docs/guide/page-1.md",
  "docs/guide/page-1.mdx",
  ".claude/skills/release/SKILL.md",
  ".claude/commands/cut.md",
  "docs/_archive/old.md",
  "plans/archive/2024/x.md",
  "docs/plans/2025-03-01-release.md",
  "notes.md",
  "src/a/x.py",
  "src/ab/x.py",
  ".hidden/file.md",
];

test("anyGlob() answers as picomatch's matcher for every glob set, path and option", () => {
  for (const globs of GLOBS)
    for (const opts of [{ dot: true }, { dot: true, nocase: true }, {}]) {
      const ours = anyGlob(globs, opts);
      const theirs = picomatch(globs, opts);
      for (const path of PATHS)
        assert.equal(ours(path), theirs(path), `${path} against ${globs.join(" ")} ${JSON.stringify(opts)}`);
    }
  // and it does match: release guides, case-insensitively (RELEASING.md is not RELEASE*.md)
  const guides = anyGlob(GLOBS[0]!, { dot: true, nocase: true });
  assert.deepEqual(PATHS.filter(guides), [
    "RELEASE.md",
    "release-notes.md",
    ".github/PULL_REQUEST_TEMPLATE.md",
    "docs/releasing.md",
    "docs/Release-Guide.MD",
    ".claude/skills/release/SKILL.md",
    ".claude/commands/cut.md",
  ]);
});
