/**
 * build-binaries.yml: the CLI built with PyInstaller per platform, smoke-run with
 * `--help`, archived and uploaded to the existing release with replace semantics.
 * It never creates the release and never waits for one.
 */
import type { TemplateContext } from "./context.ts";
import { expr } from "./expr.ts";
import {
  checkout,
  frontendSteps,
  lines,
  RELEASE_TAG,
  releaseConcurrency,
  releaseTagEnv,
  releaseTriggers,
  setupNode,
  setupPython,
  shq,
} from "./steps.ts";
import type { WorkflowTemplate } from "./types.ts";

export const buildBinaries: WorkflowTemplate<TemplateContext> = {
  name: "build-binaries",
  source: "templates/build-binaries.ts",
  build: (ctx) => {
    const cli = shq(ctx.cliName);
    return {
      name: "Build the CLI binaries",
      on: releaseTriggers(),
      permissions: {},
      concurrency: releaseConcurrency(),
      env: releaseTagEnv(),
      jobs: {
        build: {
          name: `CLI ${expr("matrix.target")}`,
          "runs-on": expr("matrix.runner"),
          permissions: { contents: "write" },
          strategy: {
            "fail-fast": false,
            matrix: {
              include: ctx.cliPlatforms.map((p) => ({ runner: p.runner, target: p.target, os: p.os, arch: p.arch })),
            },
          },
          env: { PLATFORM: `${expr("matrix.os")}-${expr("matrix.arch")}` },
          steps: [
            checkout(ctx, { atReleaseTag: true }),
            ...(ctx.frontend ? [setupNode(ctx), ...frontendSteps(ctx)] : []),
            setupPython(ctx),
            {
              name: "Build with PyInstaller",
              shell: "bash",
              run: lines(
                `python -m pip install ${shq(`pyinstaller==${ctx.pyinstallerVersion}`)} .`,
                `pyinstaller --noconfirm --clean --distpath dist ${shq(ctx.cliSpec)}`,
              ),
            },
            {
              name: "Smoke-run --help",
              shell: "bash",
              run: lines(
                `if [ -d dist/${cli} ]; then exe=dist/${cli}/${cli}; else exe=dist/${cli}; fi`,
                '"$exe" --help',
              ),
            },
            {
              name: "Archive",
              shell: "bash",
              run: lines(
                `archive="${ctx.cliName.replace(/[^\w.-]/g, "-")}-$${RELEASE_TAG}-$PLATFORM.tar.gz"`,
                'tar -C dist -czf "$archive" .',
                'echo "ARCHIVE=$archive" >> "$GITHUB_ENV"',
              ),
            },
            {
              name: "Upload to the existing release (replacing an earlier upload)",
              shell: "bash",
              env: { GH_TOKEN: expr("github.token") },
              run: `gh release upload "$${RELEASE_TAG}" "$ARCHIVE" --clobber --repo "$GITHUB_REPOSITORY"`,
            },
          ],
        },
      },
    };
  },
};
