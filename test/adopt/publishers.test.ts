/**
 * One publisher per target (issue 25, item 2): every publisher and release tool found
 * through the catalog wherever it runs, and what adoption does with each — keep it and
 * generate nothing for its target, replace it (--replace), or refuse with both named.
 * Each fixture is written here in our own words; the comment above it names the
 * repository whose shape it reproduces.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { inferConfig, type Inference } from "../../tasks/lib/adopt/infer.ts";
import { decideTargets, toolkitPublishes } from "../../tasks/lib/adopt/one-publisher.ts";
import { TARGETS, type FoundTool } from "../../tasks/lib/adopt/release-automation.ts";
import { decisionFor, factsOfTagged, PY_PACKAGE, workflowYaml } from "./helpers.ts";

const PY = PY_PACKAGE;

const infer = async (files: Record<string, string>, opts: { tags?: string[]; replace?: boolean } = {}) =>
  inferConfig(await factsOfTagged(files, opts.tags), { toolkitDir: "tools/release", replace: opts.replace === true });

const wf = workflowYaml;

const tools = (inf: Inference) =>
  inf.automation.map((t) => `${t.tool} ${t.role} [${t.targets.join(",")}]${t.registry ? ` ${t.registry}` : ""}`);
const decision = decisionFor;
const generate = (inf: Inference) => inf.values.find((v) => v.key === "workflows.generate")?.value;

test("PyPI publishers, each as it runs: kept without --replace (publish-pypi.yml not generated), TestPyPI never counted", async () => {
  // CNES/aviso-fes at 808fd5a: a TestPyPI job written before the PyPI one, both with pypa's action.
  const both = wf(["push:", "  tags: ['*']"], {
    build: ["steps:", "  - run: python -m build"],
    "to-test-index": [
      "needs: build",
      "environment: testpypi",
      "steps:",
      "  - uses: pypa/gh-action-pypi-publish@release/v1",
      "    with:",
      "      repository-url: https://test.pypi.example/legacy/",
    ],
    "to-index": ["needs: build", "environment: pypi", "steps:", "  - uses: pypa/gh-action-pypi-publish@release/v1"],
  });
  const inf = await infer({ ...PY, ".github/workflows/publish.yml": both });
  assert.deepEqual(tools(inf), [
    "pypa/gh-action-pypi-publish publishes [] testpypi",
    "pypa/gh-action-pypi-publish publishes [pypi] pypi",
  ]);
  assert.equal(decision(inf, "pypi").decision, "keep");
  assert.deepEqual(generate(inf), []);
  assert.equal(decision(inf, "release").decision, "generate", "nothing else makes the release: the cut does");

  // Each command-line publisher, through the runner it is often called with.
  const commands: [string, string][] = [
    // pdm-project/pdm-backend at 7597482: twine run through pipx on a tag push.
    ["pipx run twine upload --username __token__ dist/*", "twine"],
    ["uvx twine upload dist/*", "twine"],
    ["python -m twine upload --repository testpypi dist/*", "twine"],
    ["uv publish", "uv publish"],
    ["poetry publish --build", "poetry publish"],
    ["hatch publish", "hatch publish"],
    ["flit publish", "flit publish"],
    ["pdm publish", "pdm publish"],
  ];
  for (const [run, tool] of commands) {
    const one = await infer({
      ...PY,
      ".github/workflows/release.yml": wf(["push:", "  tags: ['v*']"], { release: ["steps:", `  - run: ${run}`] }),
    });
    const test = run.includes("testpypi");
    assert.deepEqual(tools(one), [`${tool} publishes [${test ? "" : "pypi"}] ${test ? "testpypi" : "pypi"}`], run);
    assert.equal(decision(one, "pypi").decision, test ? "generate" : "keep", run);
  }
});

test("publishers out of a workflow's sight: a Makefile rule a person runs, a script a step runs, credentials handed to a script", async () => {
  // romaklimenko/cluedin at a95f4a0: `make publish` runs poetry publish by hand.
  const make = await infer({
    ...PY,
    Makefile: "build:\n\tpoetry build\n\npublish: build\n\t@poetry publish --build\n",
  });
  assert.deepEqual(tools(make), ["poetry publish publishes [pypi] pypi"]);
  assert.equal(make.automation[0]!.where.kind, "makefile");
  assert.equal(decision(make, "pypi").decision, "keep");
  // A workflow step that runs the repository's script: the script's upload is the step's.
  const script = await infer({
    ...PY,
    "scripts/ship.sh": "#!/bin/sh\nset -e\npython -m build\ntwine upload dist/*\n",
    ".github/workflows/ship.yml": wf(["release:", "  types: [published]"], {
      ship: ["steps:", "  - run: bash scripts/ship.sh"],
    }),
  });
  assert.deepEqual(tools(script), ["twine publishes [pypi] pypi"]);
  assert.equal(script.automation[0]!.where.kind, "workflow", "run by the workflow, not by hand");
  // myselfhimself/gmic-py at 2373209: the upload hides behind `$TWINE upload` in a shell function; the step hands it
  // twine's credentials under a name of its own.
  const hidden = await infer({
    ...PY,
    "tools.bash": 'send() {\n  T=twine\n  $T upload dist/*\n}\n"$@"\n',
    ".github/workflows/wheels.yml": wf(["push:", "  tags: ['v*']"], {
      wheels: [
        "steps:",
        "  - env:",
        "      TWINE_PASSWORD_FROM_CI: ${{ secrets.PYPI }}",
        "    run: bash tools.bash send",
      ],
    }),
  });
  assert.deepEqual(tools(hidden), ["twine publishes [pypi] pypi"]);
  assert.match(hidden.automation[0]!.why, /handed TWINE_PASSWORD_FROM_CI, twine's credentials/);
});

test("release makers beside the cut are refused with both named and what to run; --replace replaces them", async () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      // bcoe/c8 at ee2f1cf: release-please through the GoogleCloudPlatform action name.
      "release-please",
      {
        "package.json": '{ "name": "c9", "version": "1.0.0" }\n',
        ".github/workflows/release-please.yml": wf(["push:", "  branches: [main]"], {
          "release-please": [
            "steps:",
            "  - uses: GoogleCloudPlatform/release-please-action@v4",
            "    with:",
            "      release-type: node",
          ],
        }),
      },
      /release-please .* proposes the version, tags and releases/,
    ],
    [
      "semantic-release",
      {
        ...PY,
        ".github/workflows/release.yml": wf(["push:", "  branches: [main]"], {
          release: ["steps:", "  - run: npx semantic-release"],
        }),
      },
      /semantic-release .* proposes the version, tags and releases/,
    ],
    [
      "python-semantic-release",
      {
        ...PY,
        ".github/workflows/release.yml": wf(["push:", "  branches: [main]"], {
          release: ["steps:", "  - uses: python-semantic-release/python-semantic-release@v9"],
        }),
      },
      /python-semantic-release .* proposes the version, tags and releases/,
    ],
    [
      // 01x4-dev/ghidd at 6937dca: release-drafter publishing the release when a labelled pull request merges.
      "release-drafter",
      {
        ...PY,
        ".github/workflows/release.yml": wf(["pull_request:", "  types: [closed]"], {
          release: ["steps:", "  - uses: release-drafter/release-drafter@v6", "    with:", "      publish: true"],
        }),
      },
      /release-drafter .* creates the GitHub release/,
    ],
    [
      "gh release create",
      {
        ...PY,
        ".github/workflows/release.yml": wf(["push:", "  tags: ['v*']"], {
          release: ["steps:", '  - run: gh release create "$GITHUB_REF_NAME" dist/*'],
        }),
      },
      /gh release create .* creates the GitHub release/,
    ],
    [
      // pdm-project/pdm-backend at 7597482: changelogithub writes the pushed tag's release before the upload.
      "changelogithub",
      {
        ...PY,
        ".github/workflows/release.yml": wf(["push:", "  tags: ['*']"], {
          release: ["steps:", "  - run: npx changelogithub", "  - run: pipx run twine upload dist/*"],
        }),
      },
      /changelogithub .* creates the GitHub release/,
    ],
    [
      // A bump-on-every-push job: bump, commit, push with its tag.
      "bump-my-version",
      {
        ...PY,
        ".github/workflows/bump.yml": wf(["push:", "  branches: [main]"], {
          bump: ["steps:", "  - run: |", "      bump-my-version bump patch", "      git push --follow-tags"],
        }),
      },
      /bump-my-version .* bumps the version; git push --tags .* pushes tags/,
    ],
  ];
  for (const [tool, files, named] of cases) {
    const inf = await infer(files);
    const release = decision(inf, "release");
    assert.equal(release.decision, "refuse", tool);
    assert.match(release.why, named, tool);
    assert.match(release.why, /the toolkit's cut tags and creates the release too/, tool);
    assert.match(release.fix!, /Rerun with --replace/, tool);
    const replaced = await infer(files, { replace: true });
    assert.equal(decision(replaced, "release").decision, "replace", tool);
  }
});

test("the app and the binaries: tauri-action and softprops are read for what they attach; a kept uploader means nothing generated", async () => {
  const app = {
    ...PY,
    "src-tauri/tauri.conf.json": JSON.stringify({
      productName: "Gizmo",
      version: "1.2.0",
      identifier: "org.example.gizmo",
    }),
    "src-tauri/Cargo.toml": '[package]\nname = "gizmo"\nversion = "1.2.0"\n',
  };
  // tauri-action uploading into the release a person made (releaseId): it publishes the app, not the release.
  const uploads = await infer({
    ...app,
    ".github/workflows/app.yml": wf(["release:", "  types: [published]"], {
      app: [
        "steps:",
        "  - uses: tauri-apps/tauri-action@v0",
        "    with:",
        "      releaseId: ${{ github.event.release.id }}",
      ],
    }),
  });
  assert.deepEqual(tools(uploads), ["tauri-action uploads [desktop-app]"]);
  assert.equal(decision(uploads, "desktop-app").decision, "keep");
  assert.equal(decision(uploads, "release").decision, "generate");
  assert.deepEqual(generate(uploads), ["publish-pypi"]);
  // 0x3st/nage at 211e33e: PyInstaller binaries built in one job, attached by softprops in the job that needs it, on a tag push.
  const binaries = await infer({
    ...PY,
    ".github/workflows/binaries.yml": wf(["push:", "  tags: ['v*']"], {
      build: ["steps:", "  - run: pyinstaller --clean gizmo.spec"],
      attach: [
        "needs: build",
        "steps:",
        "  - uses: softprops/action-gh-release@v2",
        "    with:",
        "      files: dist/*",
      ],
    }),
  });
  assert.deepEqual(tools(binaries), ["softprops/action-gh-release releases [release,cli-binaries]"]);
  assert.equal(decision(binaries, "release").decision, "refuse");
});

test("changesets publishes to npm: --replace refuses rather than stop that publishing", async () => {
  // ver0-project/now-ish at 52cd177: changesets/action with publish, releasing each package.
  const files = {
    ...PY,
    ".github/workflows/release.yml": wf(["workflow_dispatch:"], {
      release: ["steps:", "  - uses: changesets/action@v1", "    with:", "      publish: yarn release"],
    }),
  };
  assert.equal(decision(await infer(files), "release").decision, "refuse");
  const replaced = decision(await infer(files, { replace: true }), "release");
  assert.equal(replaced.decision, "refuse");
  assert.match(replaced.why, /also publishes to npm, which the toolkit does not/);
});

test("a release tool known only by its configuration is asked about, not silently kept beside the cut", async () => {
  // Jblew/amerykahospital-personalizedadvice-db at 410635b runs semantic-release from another CI; here only its config shows.
  const inf = await infer({ ...PY, ".releaserc.json": '{ "branches": ["main"] }\n' });
  const release = decision(inf, "release");
  assert.equal(release.decision, "ask");
  assert.match(release.why, /semantic-release is configured in \.releaserc\.json, but no workflow here runs it/);
  assert.match(release.fix!, /stop it there/);
});

test("a publisher on another release line is another component's: listed, left alone, its target not generated for this line", async () => {
  // A monorepo shape: the package on v tags, the desktop app on desktop-v tags with its own workflow.
  const inf = await infer(
    {
      ...PY,
      "src-tauri/tauri.conf.json": JSON.stringify({
        productName: "Gizmo",
        version: "0.4.0",
        identifier: "org.example.g",
      }),
      "src-tauri/Cargo.toml": '[package]\nname = "gizmo-app"\nversion = "0.4.0"\n',
      ".github/workflows/desktop.yml": wf(["push:", "  tags: ['desktop-v*']"], {
        app: ["steps:", "  - uses: tauri-apps/tauri-action@v0", "    with:", "      tagName: desktop-v__VERSION__"],
      }),
    },
    { tags: ["v1.1.0", "desktop-v0.3.0", "v1.2.0", "desktop-v0.4.0"] },
  );
  assert.equal(inf.values.find((v) => v.key === "tagPrefix")?.value, "v");
  const app = decision(inf, "desktop-app");
  assert.equal(app.decision, "ask");
  assert.deepEqual(
    app.otherLines.map((t) => t.tool),
    ["tauri-action"],
  );
  assert.match(
    app.why,
    /published on another release line .* this config releases v tags, so nothing is generated for it/,
  );
  assert.equal(decision(inf, "release").decision, "generate", "the other line's release maker is not this line's");
  assert.deepEqual(generate(inf), ["publish-pypi"], "the app is not given the package's tags");
  assert.match(
    inf.questions.find((q) => q.key === "tagPrefix")!.question,
    /"desktop-v" \(2 tag\(s\), newest desktop-v0\.4\.0; started: desktop\.yml\) is another line/,
  );
});

/** Any found tool, on this line or another, for any target. */
const foundTool = fc.record({
  tool: fc.constantFrom("twine", "softprops/action-gh-release", "release-please", "tauri-action", "gh release upload"),
  targets: fc.subarray([...TARGETS]),
  role: fc.constantFrom("publishes", "releases", "uploads", "bumps"),
  createsTag: fc.boolean(),
  why: fc.constant("fixture"),
  where: fc.constantFrom(
    { kind: "workflow", path: ".github/workflows/x.yml", job: "j", step: 0, stepName: "#1" },
    { kind: "makefile", path: "Makefile", rule: "publish", line: 3 },
    { kind: "config", path: "release-please-config.json" },
  ),
  lines: fc.option(fc.subarray(["v", "app-v"]), { nil: undefined }),
}) as fc.Arbitrary<FoundTool>;

test("invariant: for any publishers found, the toolkit never publishes a target that something on this line still publishes", () => {
  fc.assert(
    fc.property(
      fc.array(foundTool, { maxLength: 6 }),
      fc.record({ pypi: fc.boolean(), app: fc.boolean(), cli: fc.boolean() }),
      fc.boolean(),
      (found, offers, replace) => {
        for (const plan of decideTargets({ tools: found, offers, replace, prefix: "v" })) {
          if (!toolkitPublishes(plan)) continue;
          // The toolkit publishes it: the old publishers on this line are gone (replaced), only attach files, or are
          // asked about (a configuration with no run to be seen).
          const left = plan.existing.filter((t) => t.role !== "uploads" || plan.target !== "release");
          assert.ok(
            !left.length || plan.decision === "replace" || plan.decision === "ask",
            `${plan.target}: ${plan.decision} with ${left.map((t) => t.tool).join(", ")}`,
          );
        }
      },
    ),
  );
});

test("--replace keeps what the toolkit cannot stand in for: platform wheels, files attached to the cut's release, a tool that also publishes a kept target", async () => {
  // CNES/aviso-fes at 808fd5a: wheels built by cibuildwheel in a job the PyPI upload needs.
  const wheels = await infer(
    {
      ...PY,
      ".github/workflows/wheels.yml": wf(["push:", "  tags: ['v*']"], {
        build: ["steps:", "  - uses: pypa/cibuildwheel@v3.0"],
        upload: ["needs: build", "steps:", "  - uses: pypa/gh-action-pypi-publish@release/v1"],
      }),
    },
    { replace: true },
  );
  assert.equal(decision(wheels, "pypi").decision, "keep");
  assert.match(decision(wheels, "pypi").why, /uploads platform wheels .* which publish-pypi\.yml does not build/);
  assert.deepEqual(generate(wheels), []);
  // pypa/hatch at ed8e30b attaches its own binaries to the release with `gh release upload`: they stay.
  const assets = await infer(
    {
      ...PY,
      ".github/workflows/assets.yml": wf(["release:", "  types: [published]"], {
        attach: ["steps:", '  - run: gh release upload "$TAG" extras/*'],
      }),
    },
    { replace: true },
  );
  assert.deepEqual(tools(assets), ["gh release upload uploads [release]"]);
  assert.equal(decision(assets, "release").decision, "keep");
  assert.deepEqual(decision(assets, "release").replaced, []);
  // 0x3st/nage at 211e33e: softprops makes the release and attaches binaries the toolkit has no CLI script to build.
  const both = await infer(
    {
      ...PY,
      ".github/workflows/binaries.yml": wf(["push:", "  tags: ['v*']"], {
        build: ["steps:", "  - run: pyinstaller --clean gizmo.spec"],
        attach: [
          "needs: build",
          "steps:",
          "  - uses: softprops/action-gh-release@v2",
          "    with:",
          "      files: dist/*",
        ],
      }),
    },
    { replace: true },
  );
  assert.equal(decision(both, "cli-binaries").decision, "keep");
  const release = decision(both, "release");
  assert.equal(release.decision, "refuse");
  assert.match(release.why, /publishes the tag and GitHub release and the CLI binaries, which is kept/);
  assert.match(release.fix!, /Split it: attach the CLI binaries in a step of its own/);
});
