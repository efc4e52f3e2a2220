/**
 * build-tauri.yml: the signing secrets are validated by the toolkit's doctor on a
 * cheap Linux runner before any macOS minute is spent; a platform matrix builds the
 * app; the raw macOS bundle travels as a tar archive (artifacts drop symlinks and exec
 * bits) to a finalize job that runs finalize-macos.ts with explicit inputs.
 */
import { SIGNING_ENV, type SigningEnv } from "../tasks/lib/core/config/workflows-schema.ts";
import { DOCTOR, FINALIZE_MACOS } from "../tasks/lib/core/entries.ts";
import type { Platform, TemplateContext } from "./context.ts";
import { expr, secret } from "./expr.ts";
import {
  checkout,
  frontendSteps,
  lines,
  npmInstall,
  RELEASE_TAG,
  releaseConcurrency,
  releaseTagEnv,
  releaseTriggers,
  setupNode,
  setupPython,
  shq,
  toolkit,
} from "./steps.ts";
import type { Env, Job, WorkflowTemplate } from "./types.ts";

const UPDATER_KEY_FILE = "$RUNNER_TEMP/tauri-updater.key";
const MACOS_ARCHIVE = `macos-app-${expr("matrix.target")}`;

/** `env:` entries reading the configured repository secrets. */
function secretsEnv(ctx: TemplateContext, names: readonly SigningEnv[]): Env {
  return Object.fromEntries(names.map((n) => [n, secret(ctx.signingSecrets[n])]));
}

const matrixOf = (platforms: Platform[]) => ({
  include: platforms.map((p) => ({ runner: p.runner, target: p.target, os: p.os, arch: p.arch })),
});

function validateJob(ctx: TemplateContext): Job {
  return {
    name: "Validate signing secrets",
    "runs-on": "ubuntu-latest",
    permissions: { contents: "read" },
    steps: [
      checkout(ctx, { atReleaseTag: true }),
      setupNode(ctx),
      npmInstall("Install the release toolkit"),
      {
        name: "Check the signing secrets with the doctor",
        env: secretsEnv(ctx, SIGNING_ENV),
        run: toolkit(ctx, DOCTOR, { only: ["'signing.*'", "'updater.*'"] }),
      },
    ],
  };
}

function buildJob(ctx: TemplateContext): Job {
  const bundleDir = `${ctx.tauriDir}/target/$TARGET/release/bundle`;
  const notMacos = "matrix.os != 'macos'";
  return {
    name: `Build ${expr("matrix.target")}`,
    needs: "validate-secrets",
    "runs-on": expr("matrix.runner"),
    permissions: { contents: "write" },
    strategy: { "fail-fast": false, matrix: matrixOf(ctx.tauriPlatforms) },
    env: { TARGET: expr("matrix.target") },
    steps: [
      checkout(ctx, { atReleaseTag: true }),
      setupNode(ctx),
      npmInstall(),
      ...frontendSteps(ctx),
      setupPython(ctx),
      { name: "Set up Rust", uses: ctx.actions["dtolnay/rust-toolchain"], with: { targets: expr("matrix.target") } },
      {
        name: "Install the Linux build dependencies",
        if: "matrix.os == 'linux'",
        run: lines(
          "sudo apt-get update -qq",
          "sudo apt-get install -y -qq libwebkit2gtk-4.1-dev libappindicator3-dev librsvg2-dev patchelf",
        ),
      },
      {
        name: "Build the Python sidecar",
        shell: "bash",
        run: lines(
          `python -m pip install ${shq(`pyinstaller==${ctx.pyinstallerVersion}`)} .`,
          `pyinstaller --noconfirm --clean ${shq(ctx.sidecarSpec)}`,
        ),
      },
      {
        name: "Build the raw macOS bundle",
        if: "matrix.os == 'macos'",
        shell: "bash",
        run: 'npx tauri build --target "$TARGET" --bundles app',
      },
      {
        name: "Archive the macOS bundle (keeps symlinks and exec bits)",
        if: "matrix.os == 'macos'",
        shell: "bash",
        run: `tar -C "${bundleDir}/macos" -cf "macos-app-$TARGET.tar" ${shq(`${ctx.appName}.app`)}`,
      },
      {
        name: "Keep the macOS archive for the finalize job",
        if: "matrix.os == 'macos'",
        uses: ctx.actions["actions/upload-artifact"],
        with: { name: MACOS_ARCHIVE, path: `${MACOS_ARCHIVE}.tar`, "if-no-files-found": "error", "retention-days": 3 },
      },
      {
        name: "Build the app",
        if: notMacos,
        shell: "bash",
        env: secretsEnv(ctx, ["TAURI_SIGNING_PRIVATE_KEY", "TAURI_SIGNING_PRIVATE_KEY_PASSWORD"]),
        run: 'npx tauri build --target "$TARGET"',
      },
      {
        name: "Upload to the existing release",
        if: notMacos,
        shell: "bash",
        env: { GH_TOKEN: expr("github.token") },
        run: lines(
          `bundle_dir="${bundleDir}"`,
          `mapfile -t files < <(find "$bundle_dir" -maxdepth 2 -type f \\( -name '*.AppImage' -o -name '*.deb' -o -name '*.rpm' -o -name '*.msi' -o -name '*.exe' -o -name '*.sig' \\))`,
          'if [ "${#files[@]}" -eq 0 ]; then echo "::error::no bundles under $bundle_dir"; exit 1; fi',
          `gh release upload "$${RELEASE_TAG}" "\${files[@]}" --clobber --repo "$GITHUB_REPOSITORY"`,
        ),
      },
    ],
  };
}

function finalizeJob(ctx: TemplateContext, macos: Platform[]): Job {
  return {
    name: `Finalize macOS ${expr("matrix.target")}`,
    needs: "build",
    "runs-on": expr("matrix.runner"),
    permissions: { contents: "write" },
    strategy: { "fail-fast": false, matrix: matrixOf(macos) },
    env: { TARGET: expr("matrix.target") },
    steps: [
      checkout(ctx, { atReleaseTag: true }),
      setupNode(ctx),
      npmInstall("Install the release toolkit"),
      {
        name: "Fetch the macOS archive",
        uses: ctx.actions["actions/download-artifact"],
        with: { name: MACOS_ARCHIVE, path: "dist/macos-raw" },
      },
      {
        name: "Write the updater key to a private file",
        shell: "bash",
        env: secretsEnv(ctx, ["TAURI_SIGNING_PRIVATE_KEY"]),
        run: lines(
          "umask 077",
          `printf '%s' "$TAURI_SIGNING_PRIVATE_KEY" > "${UPDATER_KEY_FILE}"`,
          `chmod 600 "${UPDATER_KEY_FILE}"`,
        ),
      },
      {
        name: "Repair, sign, notarize and upload",
        shell: "bash",
        env: {
          ...secretsEnv(
            ctx,
            SIGNING_ENV.filter((n) => n !== "TAURI_SIGNING_PRIVATE_KEY"),
          ),
          GITHUB_TOKEN: expr("github.token"),
        },
        run: toolkit(ctx, FINALIZE_MACOS, {
          app: '"dist/macos-raw/macos-app-$TARGET.tar"',
          "release-tag": `"$${RELEASE_TAG}"`,
          "github-repo": '"$GITHUB_REPOSITORY"',
          "updater-key-path": `"${UPDATER_KEY_FILE}"`,
          "updater-key-password-env": "TAURI_SIGNING_PRIVATE_KEY_PASSWORD" satisfies SigningEnv,
        }),
      },
      { name: "Remove the updater key", if: "always()", shell: "bash", run: `rm -f "${UPDATER_KEY_FILE}"` },
    ],
  };
}

export const buildTauri: WorkflowTemplate<TemplateContext> = {
  name: "build-tauri",
  source: "templates/build-tauri.ts",
  build(ctx) {
    const macos = ctx.tauriPlatforms.filter((p) => p.os === "macos");
    return {
      name: "Build the desktop app",
      on: releaseTriggers(),
      permissions: {},
      concurrency: releaseConcurrency(),
      env: releaseTagEnv(),
      jobs: {
        "validate-secrets": validateJob(ctx),
        build: buildJob(ctx),
        ...(macos.length ? { "finalize-macos": finalizeJob(ctx, macos) } : {}),
      },
    };
  },
};
