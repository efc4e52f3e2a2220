/**
 * publish-pypi.yml: on the published release, build wheel and sdist with uv, refuse a
 * build whose version is not the tag's, then publish with trusted publishing from a
 * job that alone holds `id-token: write` inside the configured environment.
 */
import type { TemplateContext } from "./context.ts";
import {
  checkout,
  frontendSteps,
  lines,
  RELEASE_TAG,
  releaseConcurrency,
  releaseTagEnv,
  releaseTriggers,
  setupNode,
} from "./steps.ts";
import type { Workflow, WorkflowTemplate } from "./types.ts";

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

export const publishPypi: WorkflowTemplate<TemplateContext> = {
  name: "publish-pypi",
  source: "templates/publish-pypi.ts",
  build: (ctx): Workflow => ({
    name: "Publish to PyPI",
    on: releaseTriggers(),
    permissions: {},
    concurrency: releaseConcurrency(),
    env: releaseTagEnv(),
    jobs: {
      build: {
        name: "Build wheel and sdist",
        "runs-on": "ubuntu-latest",
        permissions: { contents: "read" },
        steps: [
          checkout(ctx, { atReleaseTag: true }),
          ...(ctx.frontend ? [setupNode(ctx), ...frontendSteps(ctx)] : []),
          {
            name: "Set up uv",
            uses: ctx.actions["astral-sh/setup-uv"],
            with: { version: ctx.uvVersion, "python-version": ctx.pythonVersion, "enable-cache": false },
          },
          { name: "Build wheel and sdist", run: "uv build --out-dir dist" },
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
        "runs-on": "ubuntu-latest",
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
