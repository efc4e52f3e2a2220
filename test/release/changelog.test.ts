import assert from "node:assert/strict";
import { test } from "node:test";
import {
  defaultStyle,
  hasVersion,
  insertSection,
  readChangelog,
  releaseNotes,
  renderSection,
} from "../../tasks/lib/release/changelog.ts";
import { parseCommit } from "../../tasks/lib/release/commits.ts";

const style = defaultStyle();
const links = { repository: "o/r", tag: "v2.0.0", previousTag: "v1.0.0" };
// newest first, as git log gives them
const commits = [
  parseCommit("5555555aaaa", "chore: tidy"),
  parseCommit("4444444aaaa", "feat(api)!: remove /v1"),
  parseCommit("3333333aaaa", "perf: faster import"),
  parseCommit("2222222aaaa", "fix(ui): button colour"),
  parseCommit("1111111aaaa", "feat: csv export"),
];

test("renderSection() (default style): Keep a Changelog's headings in their order, a breaking change marked, the rest under Other", () => {
  const r = renderSection(style, { ...links, version: "2.0.0", date: "2025-01-31", commits });
  assert.equal(
    r.section,
    [
      "## [2.0.0] - 2025-01-31",
      "",
      "### Added",
      "",
      "- csv export (1111111)",
      "- **api:** **BREAKING:** remove /v1 (4444444)",
      "",
      "### Changed",
      "",
      "- faster import (3333333)",
      "",
      "### Fixed",
      "",
      "- **ui:** button colour (2222222)",
      "",
      "### Other",
      "",
      "- tidy (5555555)",
      "",
    ].join("\n"),
  );
  // nothing is left out: a type no heading takes goes to the catch-all the writer adds
  assert.deepEqual(r.leftOut, []);
  assert.deepEqual([...r.listed].sort(), commits.map((c) => c.sha).sort());
});

test("renderSection() sends unlisted types and non-conventional subjects to a catch-all category", () => {
  const s = { ...style, categories: [...style.categories, { title: "Other", types: [], catchAll: true }] };
  const r = renderSection(s, {
    ...links,
    version: "2.0.1",
    date: "2025-02-01",
    commits: [parseCommit("bbbbbbb1", "Update the readme"), parseCommit("aaaaaaa1", "ci: cache deps")],
  });
  assert.equal(r.leftOut.length, 0);
  assert.match(r.section, /### Other\n\n- cache deps \(aaaaaaa\)\n- Update the readme \(bbbbbbb\)\n$/);
});

test("insertSection() goes under [Unreleased], keeps hand-written notes and updates link references", async () => {
  const text =
    "# Changelog\n\n## [Unreleased]\n\n- A note written by hand.\n\n## [1.0.0] - 2024-01-01\n\n- first\n\n[Unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD\n[1.0.0]: https://github.com/o/r/commits/v1.0.0\n";
  const doc = await readChangelog(text);
  const { section } = renderSection(style, {
    repository: "o/r",
    tag: "v1.1.0",
    previousTag: "v1.0.0",
    version: "1.1.0",
    date: "2025-02-01",
    commits: [parseCommit("abcdef1", "feat: x")],
    handWritten: doc.unreleased!,
  });
  const out = insertSection(doc, section, {
    repository: "o/r",
    tag: "v1.1.0",
    previousTag: "v1.0.0",
    label: "1.1.0",
    sectionGap: 1,
  });
  assert.equal(
    out,
    "# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2025-02-01\n\n- A note written by hand.\n\n### Added\n\n- x (abcdef1)\n\n## [1.0.0] - 2024-01-01\n\n- first\n\n" +
      "[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD\n[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0\n[1.0.0]: https://github.com/o/r/commits/v1.0.0\n",
  );
  assert.ok(await hasVersion(out, "1.1.0"));
  assert.ok(!(await hasVersion(out, "1.1")));
});

test("insertSection() without [Unreleased] goes above the newest version, below the preamble", async () => {
  const text = "# Changelog\n\nAll notable changes.\n\n## 1.0.0 (2024-01-01)\n\n* first\n";
  const out = insertSection(await readChangelog(text), "## 1.1.0 (2025-01-01)\n\n* second\n", {
    repository: "o/r",
    tag: "v1.1.0",
    previousTag: "v1.0.0",
    label: "1.1.0",
    sectionGap: 1,
  });
  assert.equal(
    out,
    "# Changelog\n\nAll notable changes.\n\n## 1.1.0 (2025-01-01)\n\n* second\n\n## 1.0.0 (2024-01-01)\n\n* first\n",
  );
  // a file with only a title takes the section after it
  const bare = insertSection(await readChangelog("# Changelog\n"), "## 1.0.0 - x\n\n- a\n", {
    ...links,
    label: "1.0.0",
    sectionGap: 1,
  });
  assert.equal(bare, "# Changelog\n\n## 1.0.0 - x\n\n- a\n");
});

test("insertSection() keeps CRLF files CRLF", async () => {
  const text = "# Changelog\r\n\r\n## [1.0.0] - 2024-01-01\r\n\r\n- first\r\n";
  const out = insertSection(await readChangelog(text), "## [1.1.0] - 2025-01-01\n\n- second\n", {
    ...links,
    label: "1.1.0",
    sectionGap: 1,
  });
  assert.equal(
    out,
    "# Changelog\r\n\r\n## [1.1.0] - 2025-01-01\r\n\r\n- second\r\n\r\n## [1.0.0] - 2024-01-01\r\n\r\n- first\r\n",
  );
});

test("releaseNotes() carry the lists, the file's framing and a compare link (commits link for a first release)", () => {
  const { section } = renderSection(style, {
    ...links,
    version: "1.1.0",
    date: "2025-02-01",
    commits: [parseCommit("abcdef1", "fix: y")],
  });
  const l = { repository: "o/r", tag: "v1.1.0", previousTag: "v1.0.0" };
  assert.equal(
    releaseNotes(section, l),
    "### Fixed\n\n- y (abcdef1)\n\n**Full Changelog**: https://github.com/o/r/compare/v1.0.0...v1.1.0\n",
  );
  assert.equal(
    releaseNotes(section, l, "## What's Changed"),
    "## What's Changed\n\n### Fixed\n\n- y (abcdef1)\n\n**Full Changelog**: https://github.com/o/r/compare/v1.0.0...v1.1.0\n",
  );
  assert.match(releaseNotes(section, { ...l, previousTag: undefined }), /\/commits\/v1\.1\.0\n$/);
});

test("readChangelog() does not take a heading inside a code block for a version", async () => {
  const doc = await readChangelog("# C\n\n## 1.1.0\n\n```md\n## 1.0.0\n```\n\n## 0.9.0\n");
  assert.deepEqual(
    doc.sections.map((s) => s.version),
    ["1.1.0", "0.9.0"],
  );
});
