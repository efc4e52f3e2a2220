/**
 * build-tauri.yml: the signing secrets are validated by the toolkit's doctor on a
 * cheap Linux runner before any macOS minute is spent; a read-only platform matrix
 * builds the app (the sidecar built, placed and smoke-tested first); the raw macOS
 * bundle travels as a tar archive (artifacts drop symlinks and exec bits) to a
 * finalize job that signs it from a temporary keychain and notarizes within a bound
 * its own timeout outlasts (its notarization record kept as a run artifact, so a
 * re-run job resumes the submission instead of sending it again); one small job with
 * `contents: write` uploads every platform's assets into the release's draft, and one
 * job after every build assembles latest.json there (no leg read-modify-writes it).
 * Started only by the cut's `workflow_dispatch` once the draft exists; it never
 * creates or publishes the release (the cut publishes it once every asset is there).
 */
import { FINALIZE_MARGIN_MINUTES, SIGNING_ENV, type SigningEnv } from "../tasks/lib/core/config/workflows-schema.ts";
import { ACTIONS } from "../tasks/lib/core/platform/actions.ts";
import { DOCTOR, FINALIZE_MACOS, UPDATER_MANIFEST } from "../tasks/lib/core/entries.ts";
import { UTILITY_RUNNER, type Platform, type TemplateContext } from "./context.ts";
import { expr, secret } from "./expr.ts";
import { deleteKeychain, importKeychain, KEYCHAIN } from "./keychain.ts";
import { sidecarSteps } from "./sidecar.ts";
import {
  draftUploadJob,
  draftWriterJob,
  frontendSteps,
  lines,
  RELEASE_TAG,
  releaseConcurrency,
  releaseTagEnv,
  buildTriggers,
  setupPython,
  shq,
  tauriBin,
  toolkit,
  toolkitAtTag,
} from "./steps.ts";
import type { Env, Job, Step, WorkflowTemplate } from "./types.ts";
import { checksumsName } from "../tasks/lib/github/checksums.ts";

const UPDATER_KEY_FILE = "$RUNNER_TEMP/tauri-updater.key";
const MACOS_ARCHIVE = `macos-app-${expr("matrix.target")}`;
/** Every leg's release assets travel as `release-assets-<triple>` to the upload job. */
const ASSETS_PREFIX = "release-assets-";
const ASSETS_DIR = "dist/release-assets";
const SIGNED_DIR = "dist/macos-signed";

/** `env:` entries reading the configured repository secrets. */
function secretsEnv(ctx: TemplateContext, names: readonly SigningEnv[]): Env {
  return Object.fromEntries(names.map((n) => [n, secret(ctx.signingSecrets[n])]));
}

/** What rustup installs for a target: a universal macOS app is built from both darwin targets. */
const rustTargets = (target: string) =>
  target === "universal-apple-darwin" ? "aarch64-apple-darwin,x86_64-apple-darwin" : target;

const matrixOf = (platforms: Platform[]) => ({
  include: platforms.map((p) => ({
    runner: p.runner,
    target: p.target,
    "rust-targets": rustTargets(p.target),
    os: p.os,
    arch: p.arch,
    exe: p.os === "windows" ? ".exe" : "",
  })),
});

/** The finalizer's record of its notary submissions, kept as a run artifact so a rerun of the job resumes them. */
const NOTARY_RECORD = `${SIGNED_DIR}/notarization.json`;
const NOTARY_ARTIFACT = `notarization-${expr("matrix.target")}`;

function validateJob(ctx: TemplateContext): Job {
  return {
    name: "Validate signing secrets",
    "runs-on": UTILITY_RUNNER,
    environment: ctx.signingEnvironment,
    permissions: { contents: "read" },
    steps: [
      ...toolkitAtTag(ctx),
      {
        name: "Check the signing secrets with the doctor",
        env: secretsEnv(ctx, SIGNING_ENV),
        run: toolkit(ctx, DOCTOR, { only: ["'signing.*'", "'updater.*'"] }),
      },
    ],
  };
}

/** The updater archives and installers Tauri writes per platform, each with its `.sig`. */
const ASSET_GLOBS = ["*.AppImage", "*.deb", "*.rpm", "*.msi", "*-setup.exe"];

function buildJob(ctx: TemplateContext): Job {
  const sidecar: Step[] = ctx.sidecar ? [setupPython(ctx), ...sidecarSteps(ctx, ctx.sidecar)] : [];
  return {
    name: `Build ${expr("matrix.target")}`,
    needs: "validate-secrets",
    "runs-on": expr("matrix.runner"),
    // The updater key reaches the Linux and Windows `tauri build` steps, so the legs run in the signing environment.
    environment: ctx.signingEnvironment,
    permissions: { contents: "read" },
    strategy: { "fail-fast": false, matrix: matrixOf(ctx.tauriPlatforms) },
    env: { TARGET: expr("matrix.target"), EXE: expr("matrix.exe") },
    steps: [
      ...toolkitAtTag(ctx, { tauri: true }),
      {
        name: "Install the Linux build dependencies",
        if: "matrix.os == 'linux'",
        run: lines(
          "sudo apt-get update -qq",
          `sudo apt-get install -y -qq ${["libwebkit2gtk-4.1-dev", "libappindicator3-dev", "librsvg2-dev", "patchelf", ...ctx.linuxPackages].join(" ")}`,
        ),
      },
      ...frontendSteps(ctx),
      ...sidecar,
      {
        name: "Set up Rust",
        uses: ctx.actions["dtolnay/rust-toolchain"],
        with: { ...ACTIONS["dtolnay/rust-toolchain"].value.requiredWith, targets: expr("matrix.rust-targets") },
      },
      ...macosBundleSteps(ctx),
      ...signedBuildSteps(ctx),
    ],
  };
}

/** macOS: the raw, unsigned `.app` (no updater artifacts: the finalizer signs them after notarization), kept as a tar. */
function macosBundleSteps(ctx: TemplateContext): Step[] {
  const bundleDir = `${ctx.tauriDir}/target/$TARGET/release/bundle`;
  return [
    {
      // No updater artifacts here: finalize-macos.ts signs the updater archive after notarization.
      name: "Build the raw macOS bundle (unsigned; the finalizer signs it)",
      if: "matrix.os == 'macos'",
      shell: "bash",
      "working-directory": ctx.tauriDir,
      run: `${tauriBin(ctx)} build --ci --target "$TARGET" --bundles app --no-sign --config '{"bundle":{"createUpdaterArtifacts":false}}'`,
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
  ];
}

/** Linux and Windows: the build signed by Tauri's bundler, the installers and their `.sig` kept for the upload job. */
function signedBuildSteps(ctx: TemplateContext): Step[] {
  const bundleDir = `${ctx.tauriDir}/target/$TARGET/release/bundle`;
  const notMacos = "matrix.os != 'macos'";
  const find = ASSET_GLOBS.flatMap((g, i) => [...(i ? ["-o"] : []), "-name", `'${g}'`, "-o", "-name", `'${g}.sig'`]);
  return [
    {
      // Only this step holds the updater key: Tauri's bundler signs the updater artifacts with it.
      name: "Build and sign the app",
      if: notMacos,
      shell: "bash",
      "working-directory": ctx.tauriDir,
      env: secretsEnv(ctx, ["TAURI_SIGNING_PRIVATE_KEY", "TAURI_SIGNING_PRIVATE_KEY_PASSWORD"]),
      run: `${tauriBin(ctx)} build --ci --target "$TARGET"`,
    },
    {
      name: "Collect the installers and their signatures",
      if: notMacos,
      shell: "bash",
      run: lines(
        `mkdir -p ${ASSETS_DIR}`,
        `find "${bundleDir}" -maxdepth 2 -type f \\( ${find.join(" ")} \\) -exec cp {} ${ASSETS_DIR}/ \\;`,
        `ls -l ${ASSETS_DIR}`,
        `if ! ls ${ASSETS_DIR}/*.sig > /dev/null 2>&1; then echo "::error::no signed updater artifact under ${bundleDir}"; exit 1; fi`,
      ),
    },
    {
      name: "Keep the release assets for the upload job",
      if: notMacos,
      uses: ctx.actions["actions/upload-artifact"],
      with: {
        name: `${ASSETS_PREFIX}${expr("matrix.target")}`,
        path: `${ASSETS_DIR}/`,
        "if-no-files-found": "error",
        "retention-days": 3,
      },
    },
  ];
}

/** The raw bundle from the build job, and the notarization record of an earlier attempt of this job. */
function fetchSteps(ctx: TemplateContext): Step[] {
  return [
    {
      name: "Fetch the macOS archive",
      uses: ctx.actions["actions/download-artifact"],
      with: { name: MACOS_ARCHIVE, path: "dist/macos-raw" },
    },
    {
      // A rerun of this job starts on a fresh runner; the run's artifacts outlive the attempt.
      name: "Fetch the notarization record of an earlier attempt (none on the first)",
      "continue-on-error": true,
      uses: ctx.actions["actions/download-artifact"],
      with: { name: NOTARY_ARTIFACT, path: SIGNED_DIR },
    },
  ];
}

function writeUpdaterKey(ctx: TemplateContext): Step {
  return {
    name: "Write the updater key to a private file",
    shell: "bash",
    env: secretsEnv(ctx, ["TAURI_SIGNING_PRIVATE_KEY"]),
    run: lines(
      "umask 077",
      `printf '%s' "$TAURI_SIGNING_PRIVATE_KEY" > "${UPDATER_KEY_FILE}"`,
      `chmod 600 "${UPDATER_KEY_FILE}"`,
    ),
  };
}

/** The finalizer with the keychain and key file above; the upload and latest.json are later jobs'. */
function finalizeStep(ctx: TemplateContext): Step {
  return {
    name: "Repair, sign, notarize and package",
    shell: "bash",
    env: secretsEnv(ctx, [
      "APPLE_SIGNING_IDENTITY",
      "APPLE_TEAM_ID",
      "APPLE_ID",
      "APPLE_PASSWORD",
      "TAURI_SIGNING_PRIVATE_KEY_PASSWORD",
    ]),
    run: toolkit(ctx, FINALIZE_MACOS, {
      app: '"dist/macos-raw/macos-app-$TARGET.tar"',
      keychain: `"${KEYCHAIN}"`,
      "updater-key-path": `"${UPDATER_KEY_FILE}"`,
      "updater-key-password-env": "TAURI_SIGNING_PRIVATE_KEY_PASSWORD" satisfies SigningEnv,
      "output-dir": SIGNED_DIR,
      "notary-timeout": String(ctx.notaryTimeoutMinutes),
      "skip-upload": true,
      "skip-manifest": true,
    }),
  };
}

/** The notarization record (for a rerun) and the signed assets (for the upload job). */
function keepSignedSteps(ctx: TemplateContext): Step[] {
  return [
    {
      // Submission ids and hashes only (no secret): what a rerun needs to wait instead of submitting again.
      name: "Keep the notarization record for a rerun",
      if: "always()",
      uses: ctx.actions["actions/upload-artifact"],
      with: {
        name: NOTARY_ARTIFACT,
        path: NOTARY_RECORD,
        "if-no-files-found": "ignore",
        overwrite: true,
        "retention-days": 7,
      },
    },
    {
      name: "Keep the signed macOS assets for the upload job",
      uses: ctx.actions["actions/upload-artifact"],
      with: {
        name: `${ASSETS_PREFIX}${expr("matrix.target")}`,
        path: lines(`${SIGNED_DIR}/*.dmg`, `${SIGNED_DIR}/*.app.tar.gz`, `${SIGNED_DIR}/*.app.tar.gz.sig`),
        "if-no-files-found": "error",
        "retention-days": 3,
      },
    },
  ];
}

function finalizeJob(ctx: TemplateContext, macos: Platform[]): Job {
  return {
    name: `Finalize macOS ${expr("matrix.target")}`,
    needs: "build",
    "runs-on": expr("matrix.runner"),
    environment: ctx.signingEnvironment,
    // The finalizer stops waiting for Apple before this, so the record below is kept.
    "timeout-minutes": ctx.notaryTimeoutMinutes + FINALIZE_MARGIN_MINUTES,
    permissions: { contents: "read" },
    strategy: { "fail-fast": false, matrix: matrixOf(macos) },
    env: { TARGET: expr("matrix.target") },
    steps: [
      ...toolkitAtTag(ctx),
      ...fetchSteps(ctx),
      importKeychain(secretsEnv(ctx, ["APPLE_CERTIFICATE", "APPLE_CERTIFICATE_PASSWORD", "APPLE_SIGNING_IDENTITY"])),
      writeUpdaterKey(ctx),
      finalizeStep(ctx),
      ...keepSignedSteps(ctx),
      deleteKeychain(),
      { name: "Remove the updater key", if: "always()", shell: "bash", run: `rm -f "${UPDATER_KEY_FILE}"` },
    ],
  };
}

function uploadJob(ctx: TemplateContext, needs: string[]): Job {
  return draftUploadJob(ctx, {
    needs,
    fetch: "Fetch every platform's assets",
    pattern: `${ASSETS_PREFIX}*`,
    dir: ASSETS_DIR,
    checksums: checksumsName("build-tauri.yml"),
  });
}

function manifestJob(ctx: TemplateContext, needs: string[]): Job {
  return draftWriterJob(ctx, { name: "Assemble latest.json", needs }, [
    {
      name: "Assemble, validate and upload latest.json once (to the draft)",
      shell: "bash",
      env: { GITHUB_TOKEN: expr("github.token") },
      run: toolkit(ctx, UPDATER_MANIFEST, {
        "release-tag": `"$${RELEASE_TAG}"`,
        "github-repo": '"$GITHUB_REPOSITORY"',
        checksums: checksumsName("build-tauri.yml"),
      }),
    },
  ]);
}

export const buildTauri: WorkflowTemplate<TemplateContext> = {
  name: "build-tauri",
  source: "templates/build-tauri.ts",
  build(ctx) {
    const macos = ctx.tauriPlatforms.filter((p) => p.os === "macos");
    const builds = ["build", ...(macos.length ? ["finalize-macos"] : [])];
    return {
      name: "Build the desktop app",
      on: buildTriggers(ctx),
      permissions: {},
      concurrency: releaseConcurrency(true),
      env: releaseTagEnv(true),
      jobs: {
        "validate-secrets": validateJob(ctx),
        build: buildJob(ctx),
        ...(macos.length ? { "finalize-macos": finalizeJob(ctx, macos) } : {}),
        upload: uploadJob(ctx, builds),
        "updater-manifest": manifestJob(ctx, [...builds, "upload"]),
      },
    };
  },
};
