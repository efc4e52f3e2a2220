/**
 * The PyPI upload checks, on shapes read in issue 24's round 2 and written here in our
 * own words:
 *
 * - `workflow.publish-repeats`: 3d-pli/SLIX (`on: [ release ]`) and
 *   Adrian-at-CrimsonAuzre/madlib_generator (`on: release`) upload to PyPI on a release
 *   trigger without `types:`; one release starts them for `published` and `released` (and
 *   `created` too when it is published at once), and every upload after the first is of a
 *   file the index already has;
 * - `workflow.pypi-password-auth`: Alpha-Centauri-00/robotframework-webhooks runs twine
 *   with `TWINE_USERNAME` set to a user's name and an API token as the password; PyPI has
 *   taken only the user `__token__` (or trusted publishing) since 2024.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { pypiChecks } from "../../tasks/lib/workflows/pypi-checks.ts";
import { makeCtx } from "../doctor/ctx.ts";
import { tempDirFor, writeFiles } from "../helpers/tmp.ts";

async function run(t: { after(fn: () => void): void }, workflow: string, id: string) {
  const root = tempDirFor(t);
  writeFiles(root, { ".github/workflows/pypi.yml": workflow });
  const [r] = await runChecks(pypiChecks, makeCtx(root), { only: [id] });
  return r!;
}

const ON_RELEASE = (on: string, upload: string, jobIf = "") => `on: ${on}
jobs:
  publish:
${jobIf ? `    if: ${jobIf}\n` : ""}    runs-on: ubuntu-latest
    steps:
      - run: python -m build
${upload}`;

const ACTION = (extra = "") => `      - name: Upload
        uses: pypa/gh-action-pypi-publish@release/v1
        with:
          password: \${{ secrets.PYPI_TOKEN }}${extra}
`;

test("an upload on `release` without types runs once per activity of one release: a warning that names them (3d-pli/SLIX, madlib_generator)", async (t) => {
  for (const on of ["[ release ]", "release", "\n  release:"]) {
    const r = await run(t, ON_RELEASE(on, ACTION()), "workflow.publish-repeats");
    assert.equal(r.status, "warn", `${on}: ${r.message}`);
    assert.match(r.message, /pypi\.yml \(job publish, step "Upload"\) uploads on every `release` activity/);
    assert.match(r.message, /published and released \(and created, for a release published at once\)/);
    assert.match(r.message, /400 "File already exists"/);
  }
  const both = await run(
    t,
    ON_RELEASE("\n  release:\n    types: [published, released]", ACTION()),
    "workflow.publish-repeats",
  );
  assert.equal(both.status, "warn", "published and released both fire for a stable release");
});

test("one activity, a condition on the activity, or an upload that passes over existing files: no repeat", async (t) => {
  const cases = [
    ON_RELEASE("\n  release:\n    types: [published]", ACTION()),
    ON_RELEASE("\n  release:\n    types: [created, published]", ACTION()), // a draft published starts it once
    ON_RELEASE("release", ACTION("\n          skip-existing: true")),
    ON_RELEASE("release", ACTION(), "github.event.action == 'published'"),
    ON_RELEASE("release", "      - run: twine upload --skip-existing dist/*\n"),
    ON_RELEASE("release", '      - run: uv publish --check-url "$INDEX_SIMPLE_URL"\n'),
    ON_RELEASE("release", "      - run: npm publish\n"),
  ];
  for (const wf of cases) {
    const r = await run(t, wf, "workflow.publish-repeats");
    assert.equal(r.status, "pass", `${wf}\n${r.message}`);
  }
});

const TWINE = (env: string, command = "python -m twine upload dist/*") => `on:
  push:
    branches: [main]
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - name: Publish to PyPI
        env:
${env}
        run: ${command}
`;

test("twine signing in with a user's name fails: PyPI takes the user __token__ or trusted publishing (robotframework-webhooks)", async (t) => {
  const r = await run(
    t,
    TWINE(`          TWINE_USERNAME: "hooks"\n          TWINE_PASSWORD: \${{ secrets.PYPI_API_TOKEN }}`),
    "workflow.pypi-password-auth",
  );
  assert.equal(r.status, "fail", r.message);
  assert.match(r.message, /pypi\.yml \(job publish, step "Publish to PyPI"\) runs twine as the user "hooks"/);
  assert.match(r.message, /user name `__token__`\) or trusted publishing since 2024-01-01/);
  assert.match(r.fix!, /trusted publishing/);
  const flags = await run(
    t,
    TWINE("          X: y", 'twine upload -u maintainer -p "$PW" dist/*'),
    "workflow.pypi-password-auth",
  );
  assert.equal(flags.status, "fail", flags.message);
  const action = await run(
    t,
    ON_RELEASE("\n  release:\n    types: [published]", ACTION("\n          user: maintainer")),
    "workflow.pypi-password-auth",
  );
  assert.equal(action.status, "fail", action.message);
});

test("the token's user, a name the workflow does not write out, or a private index: nothing to say", async (t) => {
  const cases = [
    TWINE(`          TWINE_USERNAME: __token__\n          TWINE_PASSWORD: \${{ secrets.PYPI_API_TOKEN }}`),
    TWINE(
      `          TWINE_USERNAME: \${{ secrets.PYPI_USER }}\n          TWINE_PASSWORD: \${{ secrets.PYPI_PASSWORD }}`,
    ),
    TWINE(
      `          TWINE_USERNAME: deploy\n          TWINE_PASSWORD: \${{ secrets.NEXUS }}`,
      "twine upload -r nexus dist/*",
    ),
    TWINE(
      `          TWINE_USERNAME: deploy\n          TWINE_PASSWORD: \${{ secrets.NEXUS }}\n          TWINE_REPOSITORY_URL: https://nexus.example.com/repository/py/`,
    ),
    TWINE("          TWINE_USERNAME: deploy", "twine upload dist/*"), // no password given: twine asks, nothing to judge
    ON_RELEASE("\n  release:\n    types: [published]", ACTION("\n          user: __token__")),
  ];
  for (const wf of cases) {
    const r = await run(t, wf, "workflow.pypi-password-auth");
    assert.equal(r.status, "pass", `${wf}\n${r.message}`);
  }
});
