/**
 * `docs.stale-flow` reads who makes the release, not phrases. The passages are written
 * for these tests; the first stale one restates what Niamoto's `.github/RELEASE.md`
 * said before commit "fix: consolidate release automation flow" (after the tag push,
 * a list of what GitHub Actions "will automatically" do, creating the release among
 * them).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readMarkdown } from "../../tasks/lib/docs/markdown.ts";
import { staleFlowSentences } from "../../tasks/lib/docs/stale-flow.ts";

const staleIn = async (md: string) => staleFlowSentences((await readMarkdown(md)).sentences);

const STALE = [
  "Once the tag is on GitHub, the Actions runners will automatically:\n\n- build the wheels\n- create the GitHub Release with the binaries\n",
  "Push the tag and wait for the workflow to publish the release.",
  "The build-binaries.yml workflow creates the release and uploads every archive.",
  "After the tag push, a draft release is generated automatically by CI.",
  "Pushing the tag creates a new GitHub release.",
  "GitHub Actions then takes care of creating the release for you.",
  "Don't make the release by hand: it is done for you.",
  "Wait until the release appears on the Releases page, then announce it.",
  "| step | who |\n| --- | --- |\n| create the release | the release workflow creates it: the `release.yml` job makes the GitHub release |\n",
  "When you push `v1.2.0`, release-please opens the release for that tag.",
  "The release will be created automatically once the tag is pushed.",
  "Après le push du tag, la CI crée la release GitHub.",
];

const FINE = [
  "`tsx release.ts` creates the GitHub Release with your token; CI reacts to `release: published`.",
  "Wait for CI to finish the builds before you announce the version.",
  "CI builds the app and uploads the bundles to the existing release.",
  "No workflow creates the release: the release entry does.",
  "The workflow does not create the release.",
  "Never create the release in CI: events caused by GITHUB_TOKEN start no workflow.",
  "The release notes are generated from the CHANGELOG section.",
  "The publish workflow starts when the release is published and uploads the wheels to PyPI.",
  "You create the release with `tsx release.ts 1.4.0 --yes`, and GitHub Actions builds from it.",
  "Do not edit the generated workflows by hand.",
  "The release branch is cut from main every month.",
  "CI runs the tests on every pull request and publishes the docs site.",
];

test("stale passages (prose, a list under its lead-in, a table, passive, waiting, French) fail", async () => {
  for (const md of STALE) assert.equal((await staleIn(md)).length > 0, true, md);
});

test("passages of the current flow, or about other things, pass", async () => {
  for (const md of FINE) assert.deepEqual(await staleIn(md), [], md);
});

test("a stale sentence is reported at its own line with the reason", async () => {
  const found = await staleIn("# Releasing\n\nBump the version.\nWait for the workflow to create the release.\n");
  assert.deepEqual(
    found.map((f) => [f.line, f.why]),
    [[4, "tells the operator to wait for CI to create the release"]],
  );
});

test("a line marked `doctor: ignore` is left alone", async () => {
  const md = "The workflow creates the release. <!-- doctor: ignore -->\n";
  assert.deepEqual(staleFlowSentences((await readMarkdown(md)).sentences, md.split("\n")), []);
});
