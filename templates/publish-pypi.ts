/**
 * publish-pypi.yml: on the published release, build the wheel from the source tree
 * (so the built front end, git-ignored and absent from the sdist, can be
 * force-included), the sdist on its own, list the wheel and refuse one without the
 * configured files, refuse a build whose version is not the tag's, then publish with
 * trusted publishing from a job that alone holds `id-token: write` inside the
 * configured environment.
 */
import { UTILITY_RUNNER, type TemplateContext } from "./context.ts";
import {
  checkout,
  frontendSteps,
  lines,
  RELEASE_TAG,
  releaseConcurrency,
  releaseTagEnv,
  releaseTriggers,
  setupNode,
  shq,
  uploadCondition,
  validateTag,
} from "./steps.ts";
import type { RunStep, Workflow, WorkflowTemplate } from "./types.ts";

const DIST_ARTIFACT = "python-dist";

/** Shell that compares every built file's version with the tag (PEP 440 normalizes pre-releases, hence both spellings). */
function verifyVersion(ctx: TemplateContext): string {
  return lines(
    `expected="\${${RELEASE_TAG}#${ctx.tagPrefix}}"`,
    `normalized="$(python3 -c 'import re,sys; print(re.sub(r"-?(a|b|rc)\\.?", r"\\1", sys.argv[1]))' "$expected")"`,
    `status=0`,
    `for file in dist/*; do`,
    `  name="$(basename "$file")"`,
    `  case "$name" in`,
    `    *-"$expected"-*.whl|*-"$expected".tar.gz|*-"$normalized"-*.whl|*-"$normalized".tar.gz) echo "ok: $name" ;;`,
    `    *) echo "::error::$name is not version $expected (release tag $${RELEASE_TAG})"; status=1 ;;`,
    `  esac`,
    `done`,
    `exit "$status"`,
  );
}

/** Lists the one wheel in dist/ and fails when a required path is not in it. */
export function wheelContentsCheck(required: string[]): RunStep {
  return {
    name: "List the wheel and refuse one without the built front end",
    shell: "bash",
    run: lines(
      "shopt -s nullglob",
      "wheels=(dist/*.whl)",
      'if [ "${#wheels[@]}" -ne 1 ]; then echo "::error::expected one wheel in dist/, found ${#wheels[@]}"; exit 1; fi',
      `python3 - "\${wheels[0]}"${required.map((p) => ` ${shq(p)}`).join("")} <<'PY'`,
      "import sys, zipfile",
      "wheel, required = sys.argv[1], sys.argv[2:]",
      "names = zipfile.ZipFile(wheel).namelist()",
      "print(*names, sep='\\n')",
      "missing = [p for p in required if p not in names]",
      "for p in missing:",
      "    print(f'::error::{wheel} does not contain {p}')",
      "sys.exit(1 if missing else 0)",
      "PY",
    ),
  };
}

export const publishPypi: WorkflowTemplate<TemplateContext> = {
  name: "publish-pypi",
  source: "templates/publish-pypi.ts",
  build: (ctx): Workflow => ({
    name: "Publish to PyPI",
    on: releaseTriggers(ctx),
    permissions: {},
    concurrency: releaseConcurrency(),
    env: releaseTagEnv(),
    jobs: {
      build: {
        name: "Build wheel and sdist",
        "runs-on": UTILITY_RUNNER,
        permissions: { contents: "read" },
        steps: [
          validateTag(ctx),
          checkout(ctx, { atReleaseTag: true }),
          ...(ctx.frontend ? [setupNode(ctx), ...frontendSteps(ctx)] : []),
          {
            name: "Set up uv",
            uses: ctx.actions["astral-sh/setup-uv"],
            with: { version: ctx.uvVersion, "python-version": ctx.pythonVersion, "enable-cache": false },
          },
          // `uv build` alone builds the wheel from the sdist, which has no built front end.
          { name: "Build the wheel from the source tree", run: "uv build --wheel --out-dir dist" },
          { name: "Build the sdist", run: "uv build --sdist --out-dir dist" },
          wheelContentsCheck(ctx.wheelMustContain),
          { name: "Refuse a version that is not the tag's", shell: "bash", run: verifyVersion(ctx) },
          {
            name: "Keep the distributions",
            uses: ctx.actions["actions/upload-artifact"],
            with: { name: DIST_ARTIFACT, path: "dist/", "if-no-files-found": "error" },
          },
        ],
      },
      publish: {
        name: "Publish with trusted publishing",
        needs: "build",
        ...uploadCondition(ctx),
        "runs-on": UTILITY_RUNNER,
        environment: ctx.pypiEnvironment,
        permissions: { "id-token": "write" },
        steps: [
          {
            name: "Fetch the distributions",
            uses: ctx.actions["actions/download-artifact"],
            with: { name: DIST_ARTIFACT, path: "dist/" },
          },
          { name: "Publish", uses: ctx.actions["pypa/gh-action-pypi-publish"], with: { "packages-dir": "dist/" } },
        ],
      },
    },
  }),
};
