/**
 * `docs.stale-flow` separates what a sentence says CI does from what CI reacts to, and
 * asks the doc who publishes the release. The shape comes from the issue 24 held-out run
 * (7jameslondon/MagScope's RELEASE.md, a PyPI package): a lead-in says a workflow uploads
 * the package to the package index once a GitHub release has been published, and the
 * checklist then has the maintainer publish that release. The passages below are written
 * for these tests; the stale ones keep the check biting on the true shape (Niamoto's old
 * `.github/RELEASE.md`: CI named as the one that creates the release).
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { docsDriftChecks } from "../../tasks/lib/docs/docs-checks.ts";
import { readMarkdown } from "../../tasks/lib/docs/markdown.ts";
import { staleFlowSentences } from "../../tasks/lib/docs/stale-flow.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { makeCtx } from "../doctor/ctx.ts";

const staleIn = async (md: string) => staleFlowSentences((await readMarkdown(md)).sentences);

/** CI reacts to a release someone else publishes: accurate, whatever the wording. */
const REACTS = [
  "Uploading the package to PyPI is taken care of by GitHub Actions once a GitHub release is published.",
  "Publishing to PyPI is automated by a workflow that runs when a release is published on GitHub.",
  "The wheels go to PyPI automatically, by the publish workflow, after the GitHub release is published.",
  "Releases to PyPI are handled automatically by GitHub Actions after the GitHub release is published by a maintainer.",
  "The workflow uploads the wheels to PyPI once someone publishes the release.",
  "The package is published to PyPI by the `publish.yml` workflow whenever a new GitHub release is published.",
];

/** CI named as the one that makes the release, in a trigger clause or the main one. */
const MAKES = [
  "After the tag is pushed, the GitHub release is published automatically by the workflow.",
  "PyPI gets the package after the release workflow creates the GitHub release.",
  "Wheels are uploaded once the release is created by GitHub Actions.",
  "When you push the tag, CI publishes the release and the workflow uploads the package to PyPI.",
];

test("a release named as what CI reacts to is not CI making it", async () => {
  for (const md of REACTS) assert.deepEqual(await staleIn(md), [], md);
});

test("CI named as the maker stays stale, in the main clause or in the trigger clause", async () => {
  for (const md of MAKES) assert.equal((await staleIn(md)).length, 1, md);
});

test("a checklist that has the maintainer publish the release answers who makes it", async () => {
  const lead = "The release is created when the tag is pushed.";
  assert.deepEqual(
    (await staleIn(lead)).map((f) => f.why),
    ["says the release is made when the tag is pushed"],
    "alone, the tag push is the only cause named",
  );
  const doc = `# Releasing\n\n${lead}\n\n1. Bump the version.\n2. Publish a GitHub release for the tag.\n`;
  assert.deepEqual(await staleIn(doc), [], "the checklist says the maintainer publishes it");
  const agent =
    "# Releasing\n\nThe release is created by the publish workflow.\n\n1. Publish a GitHub release for the tag.\n";
  assert.equal(
    (await staleIn(agent)).length,
    1,
    "a sentence that names CI as the maker is kept whatever the checklist says",
  );
});

test("a PyPI guide whose lead-in says CI uploads after the release is published passes the check", async (t) => {
  const root = tempDir();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFiles(root, {
    "RELEASING.md": [
      "# Releasing",
      "",
      "The upload to PyPI is handled by GitHub Actions after a GitHub release is published. In short:",
      "",
      "1. Bump the version in `pyproject.toml`.",
      "2. Push the change to main.",
      "3. Publish a GitHub release tagged `vX.Y.Z`.",
      "",
    ].join("\n"),
    ".github/workflows/pypi.yml":
      "on:\n  release:\n    types: [published]\njobs:\n  up:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n",
  });
  const ctx = makeCtx(root);
  const zero = { ...ctx, config: { ...ctx.config, source: "default" as const } };
  const [r] = await runChecks(docsDriftChecks, zero, { only: ["docs.stale-flow"] });
  assert.equal(r!.status, "pass", r!.message);
});

const AGENTS = ["GitHub Actions", "the publish workflow", "CI", "`pypi.yml`"];
const REACTIONS = ["uploads the wheels to PyPI", "builds the sdist and publishes it to PyPI", "attaches the binaries"];
const OPENERS = ["once", "after", "when", "as soon as", "whenever"];
const RELEASES = ["a GitHub release is published", "the release is published", "a new release is created"];
const PEOPLE = ["", " by a maintainer", " by hand"];

test("invariant: CI reacting to a release in a trigger clause is never stale; CI making it there always is", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...AGENTS),
      fc.constantFrom(...REACTIONS),
      fc.constantFrom(...OPENERS),
      fc.constantFrom(...RELEASES),
      fc.constantFrom(...PEOPLE),
      fc.boolean(),
      async (agent, does, opener, release, person, front) => {
        const subject = agent[0]!.toUpperCase() + agent.slice(1);
        const reacts = front
          ? `${opener[0]!.toUpperCase()}${opener.slice(1)} ${release}${person}, ${agent} ${does}.`
          : `${subject} ${does} ${opener} ${release}${person}.`;
        const makes = `The wheels reach PyPI ${opener} ${agent} creates the GitHub release.`;
        assert.deepEqual(await staleIn(reacts), [], reacts);
        assert.equal((await staleIn(makes)).length, 1, makes);
      },
    ),
    { numRuns: 150 },
  );
});
