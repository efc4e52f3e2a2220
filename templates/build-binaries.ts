/**
 * build-binaries.yml: the CLI built with PyInstaller per platform in read-only jobs,
 * smoke-run with `--help`, archived under the configured asset name (.zip on Windows,
 * .tar.gz elsewhere), then uploaded by one small job with `contents: write` into the
 * release's draft (replace semantics, checksums recorded). Started only by the cut's
 * `workflow_dispatch`; it never creates or publishes the release, and refuses to
 * upload into one that is already published.
 */
import type { Platform, TemplateContext } from "./context.ts";
import { expr } from "./expr.ts";
import {
  checkout,
  draftUploadJob,
  frontendSteps,
  lines,
  RELEASE_TAG,
  releaseConcurrency,
  releaseTagEnv,
  buildTriggers,
  setupNode,
  setupPython,
  shq,
  validateTag,
} from "./steps.ts";
import type { Job, Step, WorkflowTemplate } from "./types.ts";
import { checksumsName } from "../tasks/lib/github/checksums.ts";

const ARCHIVES = "dist/archives";

/** The configured asset name as a double-quoted shell word (placeholders become the job's env). */
export function assetNameWord(ctx: TemplateContext): string {
  const vars: Record<string, string> = {
    name: ctx.cliName.replace(/[^\w.-]/g, "-"),
    tag: `\${${RELEASE_TAG}}`,
    os: "${OS}",
    arch: "${ARCH}",
    target: "${TARGET}",
  };
  const name = ctx.cliAssetName.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`bug: templateContext() let ${whole} through in workflows.cliAssetName`);
    return v;
  });
  return `"${name}"`;
}

/** The archive one platform's leg uploads, as the Archive step names it (what the cut waits for). */
export function cliArchiveName(ctx: TemplateContext, p: Platform, tag: string): string {
  const vars: Record<string, string> = {
    name: ctx.cliName.replace(/[^\w.-]/g, "-"),
    tag,
    os: p.os,
    arch: p.arch,
    target: p.target,
  };
  const name = ctx.cliAssetName.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
  return `${name}${p.os === "windows" ? ".zip" : ".tar.gz"}`;
}

/** Build the CLI with PyInstaller, smoke-run it, archive it under its release name. */
function cliSteps(ctx: TemplateContext): Step[] {
  const cli = shq(ctx.cliName);
  return [
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
      run: lines(`if [ -d dist/${cli} ]; then exe=dist/${cli}/${cli}; else exe=dist/${cli}; fi`, '"$exe" --help'),
    },
    {
      name: "Archive",
      shell: "bash",
      run: lines(
        `name=${assetNameWord(ctx)}`,
        `mkdir -p ${ARCHIVES}`,
        `if [ "$OS" = windows ]; then`,
        // 7-Zip is on GitHub's Windows images; Git Bash's tar writes no zip.
        `  (cd dist && 7z a -tzip "../${ARCHIVES}/$name.zip" ${cli}*)`,
        "else",
        `  tar -C dist -czf "${ARCHIVES}/$name.tar.gz" ${cli}`,
        "fi",
        `ls -l ${ARCHIVES}`,
      ),
    },
  ];
}

/** One read-only leg per platform: the CLI built, smoke-run, archived and kept for the upload job. */
function buildJob(ctx: TemplateContext): Job {
  return {
    name: `CLI ${expr("matrix.target")}`,
    "runs-on": expr("matrix.runner"),
    permissions: { contents: "read" },
    strategy: {
      "fail-fast": false,
      matrix: {
        include: ctx.cliPlatforms.map((p) => ({ runner: p.runner, target: p.target, os: p.os, arch: p.arch })),
      },
    },
    env: { OS: expr("matrix.os"), ARCH: expr("matrix.arch"), TARGET: expr("matrix.target") },
    steps: [
      validateTag(ctx),
      checkout(ctx, { atReleaseTag: true }),
      ...(ctx.frontend ? [setupNode(ctx), ...frontendSteps(ctx)] : []),
      setupPython(ctx),
      ...cliSteps(ctx),
      {
        name: "Keep the archive for the upload job",
        uses: ctx.actions["actions/upload-artifact"],
        with: {
          name: `cli-${expr("matrix.target")}`,
          path: `${ARCHIVES}/`,
          "if-no-files-found": "error",
          "retention-days": 3,
        },
      },
    ],
  };
}

export const buildBinaries: WorkflowTemplate<TemplateContext> = {
  name: "build-binaries",
  source: "templates/build-binaries.ts",
  build: (ctx) => ({
    name: "Build the CLI binaries",
    on: buildTriggers(ctx),
    permissions: {},
    concurrency: releaseConcurrency(true),
    env: releaseTagEnv(true),
    jobs: {
      build: buildJob(ctx),
      upload: draftUploadJob(ctx, {
        needs: "build",
        fetch: "Fetch every platform's archive",
        pattern: "cli-*",
        dir: ARCHIVES,
        checksums: checksumsName("build-binaries.yml"),
      }),
    },
  }),
};
