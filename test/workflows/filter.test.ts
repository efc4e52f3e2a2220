import assert from "node:assert/strict";
import { test } from "node:test";
import { matchesFilter, passesFilters } from "../../tasks/lib/workflows/filter.ts";

test("GitHub filter patterns: *, **, ?, +, [], escapes", () => {
  const table: [string, string, boolean][] = [
    ["v*", "v1.2.3", true],
    ["v*", "v1.2.3-rc.1", true],
    ["v*", "release/v1", false], // * stops at /
    ["release/**", "release/a/b", true],
    ["**", "feature/x/y", true],
    ["v[0-9]+.[0-9]+.[0-9]+", "v10.20.30", true],
    ["v[0-9]+.[0-9]+.[0-9]+", "v1.2.3-rc.1", false],
    ["v[0-9].[0-9].[0-9]", "v10.2.3", false],
    ["v1.?0", "v1.0", true],
    ["v1.?0", "v10", true],
    ["v1.?0", "v1.10", false],
    ["v1+", "v111", true],
    ["v1+", "v", false],
    ["v1.2.3", "v1x2x3", false], // a dot is literal
    ["release-*", "v1.2.3", false],
    ["docs/**/*.md", "docs/a/b.md", true],
    ["\\*.md", "*.md", true],
    ["\\*.md", "a.md", false],
  ];
  for (const [pattern, value, expected] of table)
    assert.equal(matchesFilter(value, [pattern]), expected, `${pattern} vs ${value}`);
});

test("negation is order-sensitive: the last matching pattern wins", () => {
  assert.equal(matchesFilter("v1.2.3-rc.1", ["v*", "!v*-*"]), false);
  assert.equal(matchesFilter("v1.2.3", ["v*", "!v*-*"]), true);
  assert.equal(matchesFilter("v1.2.3-rc.1", ["!v*-*", "v*"]), true);
  assert.equal(matchesFilter("v1.2.3", ["!v*"]), false, "only negative patterns select nothing");
});

test("include and ignore lists", () => {
  assert.equal(passesFilters("main", undefined, ["dev"]), true);
  assert.equal(passesFilters("dev", undefined, ["dev"]), false);
  assert.equal(passesFilters("main", ["main"], undefined), true);
  assert.equal(passesFilters("x", undefined, undefined), true);
});
