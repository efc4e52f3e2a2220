import assert from "node:assert/strict";
import { test } from "node:test";
import { hasVersion, insertSection, releaseNotes, renderSection } from "../../tasks/lib/release/changelog.ts";
import { parseCommit } from "../../tasks/lib/release/commits.ts";
import { DEFAULT_CATEGORIES } from "../../tasks/lib/core/config/schema.ts";

const categories = DEFAULT_CATEGORIES.map((c) => ({ title: c.title, types: [...c.types] }));
// newest first, as git log gives them
const commits = [
  parseCommit("5555555aaaa", "chore: tidy"),
  parseCommit("4444444aaaa", "feat(api)!: remove /v1"),
  parseCommit("3333333aaaa", "perf: faster import"),
  parseCommit("2222222aaaa", "fix(ui): button colour"),
  parseCommit("1111111aaaa", "feat: csv export"),
];

test("renderSection() lists categories in the fixed order, breaking changes first, oldest entry first", () => {
  const s = renderSection({ version: "2.0.0", date: "2025-01-31", commits, categories });
  assert.equal(
    s,
    [
      "## [2.0.0] - 2025-01-31",
      "",
      "### Breaking Changes",
      "",
      "- **api:** remove /v1 (4444444)",
      "",
      "### Added",
      "",
      "- csv export (1111111)",
      "- **api:** remove /v1 (4444444)",
      "",
      "### Fixed",
      "",
      "- **ui:** button colour (2222222)",
      "",
      "### Performance",
      "",
      "- faster import (3333333)",
      "",
    ].join("\n"),
  );
});

test("insertSection() goes under [Unreleased], keeps hand-written notes and updates link references", () => {
  const text =
    "# Changelog\n\n## [Unreleased]\n\n- A note written by hand.\n\n## [1.0.0] - 2024-01-01\n\n- first\n\n[Unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD\n[1.0.0]: https://github.com/o/r/commits/v1.0.0\n";
  const section = renderSection({
    version: "1.1.0",
    date: "2025-02-01",
    commits: [parseCommit("abcdef1", "feat: x")],
    categories,
  });
  const out = insertSection(text, section, {
    repository: "o/r",
    tag: "v1.1.0",
    previousTag: "v1.0.0",
    version: "1.1.0",
  });
  assert.equal(
    out,
    "# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2025-02-01\n\n- A note written by hand.\n\n### Added\n\n- x (abcdef1)\n\n## [1.0.0] - 2024-01-01\n\n- first\n\n" +
      "[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD\n[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0\n[1.0.0]: https://github.com/o/r/commits/v1.0.0\n",
  );
  assert.ok(hasVersion(out, "1.1.0"));
  assert.ok(!hasVersion(out, "1.1"));
});

test("releaseNotes() carry the lists and a compare link (commits link for a first release)", () => {
  const section = renderSection({
    version: "1.1.0",
    date: "2025-02-01",
    commits: [parseCommit("abcdef1", "fix: y")],
    categories,
  });
  assert.equal(
    releaseNotes(section, { repository: "o/r", tag: "v1.1.0", previousTag: "v1.0.0" }),
    "### Fixed\n\n- y (abcdef1)\n\n**Full Changelog**: https://github.com/o/r/compare/v1.0.0...v1.1.0\n",
  );
  assert.match(
    releaseNotes(section, { repository: "o/r", tag: "v1.1.0", previousTag: undefined }),
    /commits\/v1\.1\.0/,
  );
  assert.doesNotMatch(
    releaseNotes(section, { repository: undefined, tag: "v1.1.0", previousTag: undefined }),
    /Full Changelog/,
  );
});
