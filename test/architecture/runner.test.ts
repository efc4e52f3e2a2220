/**
 * The test runner (test/run.ts) deals the test files into shards of about the same
 * weight: every file in exactly one shard, the heaviest first.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { deal } from "../run.ts";

test("deal(): every file in exactly one shard, weights balanced greedily, no empty shard", () => {
  const files = [
    { path: "a", weight: 90 },
    { path: "b", weight: 60 },
    { path: "c", weight: 50 },
    { path: "d", weight: 40 },
    { path: "e", weight: 10 },
    { path: "f", weight: 10 },
  ];
  const shards = deal(files, 3);
  assert.deepEqual(shards, [["a"], ["b", "e", "f"], ["c", "d"]]);
  assert.deepEqual(shards.flat().sort(), files.map((f) => f.path).sort());
  assert.deepEqual(deal(files.slice(0, 2), 3), [["a"], ["b"]], "fewer files than shards: no empty shard");
  assert.deepEqual(deal(files, 1), [["a", "b", "c", "d", "e", "f"]]);
});
