/**
 * The docs reader (docs/markdown.ts) on the shapes the checks depend on: a table row is
 * one sentence at its own line, code spans in cells are spans, fenced blocks keep their
 * language and first line, and a list item carries the sentence that introduced it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readMarkdown } from "../../tasks/lib/docs/markdown.ts";

test("a GitHub table: each row one sentence at its line, cells joined by |; spans inside cells are found", async () => {
  const doc = await readMarkdown(
    [
      "# Releasing",
      "",
      "| step | command |",
      "| --- | --- |",
      "| cut | `npx tsx release.ts --yes` |",
      "| publish | CI creates the GitHub Release |",
      "",
    ].join("\n"),
  );
  assert.deepEqual(doc.sentences, [
    { text: "Releasing", line: 1 },
    { text: "step | command", line: 3 },
    { text: "cut | `npx tsx release.ts --yes`", line: 5 },
    { text: "publish | CI creates the GitHub Release", line: 6 },
  ]);
  assert.deepEqual(doc.spans, [{ value: "npx tsx release.ts --yes", line: 5, role: "command" }]);
});

test("code blocks keep their language and the line of their first code line (fenced or indented); a list item is read with its lead-in", async () => {
  const doc = await readMarkdown(
    [
      "To release:",
      "",
      "- run the cut from your machine",
      "- then watch the workflows",
      "",
      "~~~Bash",
      "npx tsx release.ts --dry-run",
      "~~~",
      "",
      "    indented code is code too",
      "",
    ].join("\n"),
  );
  assert.deepEqual(
    doc.sentences.map((s) => s.text),
    ["To release:", "To release: run the cut from your machine", "To release: then watch the workflows"],
  );
  assert.deepEqual(doc.blocks, [
    { lang: "bash", value: "npx tsx release.ts --dry-run", line: 7 },
    { lang: "", value: "indented code is code too", line: 10 },
  ]);
});
