/**
 * accessRefusal(): GitHub's answer before a route runs, as one table (the stand-in's
 * tests over HTTP prove the same answers reach the real Octokit client).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { accessRefusal } from "../../tasks/stand-in/index.ts";

const operator = { login: "release-operator", push: true, admin: true };
const actions = { login: "github-actions[bot]", actions: true, push: true, admin: false };
const reader = { login: "read-only-reader", push: false, admin: false };
const repo = { owner: "acme", repo: "atlas" };

test("accessRefusal(): 401 without or with an unknown token, 404 elsewhere, 403 worded for the kind of token", () => {
  const rows: [string, Parameters<typeof accessRefusal>, number | undefined, string?][] = [
    ["public, no token", [{ access: "public" }, {}, { value: undefined, known: undefined }, "acme/atlas"], undefined],
    [
      "no token",
      [{ access: "read" }, repo, { value: undefined, known: undefined }, "acme/atlas"],
      401,
      "Requires authentication",
    ],
    [
      "unknown token",
      [{ access: "read" }, repo, { value: "ghp_x", known: undefined }, "acme/atlas"],
      401,
      "Bad credentials",
    ],
    [
      "another repository",
      [{ access: "read" }, { owner: "acme", repo: "other" }, { value: "t", known: operator }, "acme/atlas"],
      404,
    ],
    [
      "the repository in another case",
      [{ access: "read" }, { owner: "ACME", repo: "Atlas" }, { value: "t", known: reader }, "acme/atlas"],
      undefined,
    ],
    [
      "a reader writing",
      [{ access: "write" }, repo, { value: "t", known: reader }, "acme/atlas"],
      403,
      "Resource not accessible by personal access token",
    ],
    [
      "the workflow token administering",
      [{ access: "admin" }, repo, { value: "t", known: actions }, "acme/atlas"],
      403,
      "Resource not accessible by integration",
    ],
    [
      "the operator administering",
      [{ access: "admin" }, repo, { value: "t", known: operator }, "acme/atlas"],
      undefined,
    ],
  ];
  for (const [what, args, status, message] of rows) {
    const reply = accessRefusal(...args);
    assert.equal(reply?.status, status, what);
    if (message) assert.equal((reply?.body as { message: string }).message, message, what);
  }
});
