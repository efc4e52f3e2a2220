/**
 * What --replace removes from the maintainer's own files: the publishing jobs (with the
 * jobs only they needed) of a workflow that only releases, the publishing steps of any
 * other workflow, a Makefile's publishing rule, a release script — every other line kept
 * byte for byte. Fixtures in our own words; the shapes they reproduce are named.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parse } from "yaml";
import { replacementEdits } from "../../tasks/lib/adopt/old-flow-edit.ts";
import type { FoundTool, Site } from "../../tasks/lib/adopt/release-automation.ts";

const at = (where: Site): FoundTool => ({
  tool: "fixture",
  targets: ["pypi"],
  role: "publishes",
  createsTag: false,
  why: "fixture",
  where,
});
const step = (path: string, job: string, index: number): FoundTool =>
  at({ kind: "workflow", path, job, step: index, stepName: `#${index + 1}` });

// CNES/aviso-fes at 808fd5a: build, then a TestPyPI job and a PyPI job, on a tag push; comments kept.
const PUBLISH = `name: publish
on:
  push:
    tags: ['*']
jobs:
  # builds the wheels both indexes get
  build:
    runs-on: ubuntu-latest
    steps:
      - run: python -m build
  to-test-index:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - uses: pypa/gh-action-pypi-publish@release/v1
        with:
          repository-url: https://test.pypi.example/legacy/
  # the real index
  to-index:
    needs: [build]
    runs-on: ubuntu-latest
    steps:
      - uses: pypa/gh-action-pypi-publish@release/v1
`;

test("a release-only workflow loses the publishing job and its comment; the TestPyPI job and the build it needs stay, byte for byte", async () => {
  const { edits, problems } = await replacementEdits([step(".github/workflows/publish.yml", "to-index", 0)], {
    ".github/workflows/publish.yml": PUBLISH,
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(edits[0]!.removes, ["job to-index"]);
  const want = PUBLISH.slice(0, PUBLISH.indexOf("  # the real index"));
  assert.equal(edits[0]!.want, want);
  // Without the TestPyPI job, the build job was only there for the one removed: the file goes.
  const alone = PUBLISH.replace(/ {2}to-test-index:[\s\S]*?(?= {2}# the real index)/, "");
  const whole = await replacementEdits([step("p.yml", "to-index", 0)], { "p.yml": alone });
  assert.deepEqual(whole.edits, [{ path: "p.yml", want: undefined, removes: ["the whole workflow"] }]);
});

// 0x3st/nage at 211e33e has its PyPI upload in a workflow of its own; a CI workflow publishing on tags is the other shape.
const CI = `on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pytest
      # publish from CI on tags
      - if: startsWith(github.ref, 'refs/tags/')
        run: twine upload dist/*
  upload-only:
    runs-on: ubuntu-latest
    steps:
      - run: twine upload dist/*
`;

test("a CI workflow keeps its jobs: only the publishing steps go, and a job left with no step goes", async () => {
  const { edits } = await replacementEdits([step("ci.yml", "test", 2), step("ci.yml", "upload-only", 0)], {
    "ci.yml": CI,
  });
  assert.equal(
    edits[0]!.want,
    `on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pytest
`,
  );
  assert.deepEqual(edits[0]!.removes, ["job upload-only", "step #3 of job test"]);
});

test("a job that needs the removed one, and a Makefile rule another depends on, are left to the maintainer with a reason", async () => {
  const announce = `${PUBLISH}  announce:
    needs: to-index
    runs-on: ubuntu-latest
    steps:
      - run: echo published
`.replace("  to-test-index:", "  to-test-index:\n    if: false");
  const r = await replacementEdits([step("p.yml", "to-index", 0)], { "p.yml": announce });
  assert.deepEqual(r.edits, []);
  assert.match(
    r.problems[0]!.message,
    /job announce needs job to-index, which publishes; remove or rewrite that dependency by hand/,
  );
  // romaklimenko/cluedin at a95f4a0 runs poetry publish from a Makefile rule.
  const makefile =
    "build:\n\tpoetry build\n\npublish: build\n\tpoetry publish\n\nrelease: publish\n\tgit push --tags\n";
  const make = (rule: string) => at({ kind: "makefile", path: "Makefile", rule, line: 5 });
  const blocked = await replacementEdits([make("publish")], { Makefile: makefile });
  assert.match(blocked.problems[0]!.message, /make release depends on make publish/);
  const both = await replacementEdits([make("publish"), make("release")], { Makefile: makefile });
  assert.deepEqual(both.edits, [
    { path: "Makefile", want: "build:\n\tpoetry build\n\n\n", removes: ["make publish", "make release"] },
  ]);
  const script = await replacementEdits([at({ kind: "script", path: "scripts/release.sh", line: 3 })], {
    "scripts/release.sh": "#!/bin/sh\ntwine upload dist/*\n",
  });
  assert.deepEqual(script.edits, [{ path: "scripts/release.sh", want: undefined, removes: ["the release script"] }]);
});

test("a removal that leaves a reference to what it removed is left to the maintainer", async () => {
  // 01x4-dev/ghidd at 6937dca: the next step reads the release-drafter step's outputs.
  const text = `on:
  pull_request:
    types: [closed]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - id: drafter
        uses: release-drafter/release-drafter@v6
      - run: echo "\${{ steps.drafter.outputs.tag_name }}"
`;
  const r = await replacementEdits([step("r.yml", "release", 0)], { "r.yml": text });
  assert.deepEqual(r.edits, []);
  assert.match(r.problems[0]!.message, /job release still reads steps\.drafter, the publishing step/);
});

test("invariant: any set of steps removed from a CI workflow leaves it valid YAML, with every other step unchanged", async () => {
  const jobsArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });
  await fc.assert(
    fc.asyncProperty(jobsArb, fc.infiniteStream(fc.boolean()), async (stepCounts, picks) => {
      const lines = ["on: [push]", "jobs:"];
      stepCounts.forEach((n, j) => {
        lines.push(`  job${j}:`, "    runs-on: ubuntu-latest", "    steps:");
        for (let i = 0; i < n; i++)
          lines.push(`      # step ${i}`, `      - name: s${j}-${i}`, `        run: echo ${j} ${i}`);
      });
      const text = `${lines.join("\n")}\n`;
      const it = picks[Symbol.iterator]();
      const removed: [number, number][] = [];
      stepCounts.forEach((n, j) => {
        for (let i = 0; i < n; i++) if (it.next().value) removed.push([j, i]);
      });
      const { edits, problems } = await replacementEdits(
        removed.map(([j, i]) => step("ci.yml", `job${j}`, i)),
        { "ci.yml": text },
      );
      assert.deepEqual(problems, []);
      const before = parse(text) as { jobs: Record<string, { steps: { name: string }[] }> };
      const want: Record<string, string[]> = {};
      for (const [id, job] of Object.entries(before.jobs)) {
        const j = Number(id.slice(3));
        const kept = job.steps.filter((_, i) => !removed.some(([a, b]) => a === j && b === i)).map((s) => s.name);
        if (kept.length) want[id] = kept;
      }
      if (!removed.length) return assert.deepEqual(edits, []);
      if (!Object.keys(want).length) return assert.equal(edits[0]!.want, undefined);
      const after = parse(edits[0]!.want!) as typeof before;
      assert.deepEqual(
        Object.fromEntries(Object.entries(after.jobs).map(([id, job]) => [id, job.steps.map((s) => s.name)])),
        want,
      );
    }),
  );
});
