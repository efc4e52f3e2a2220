/**
 * Every stable id a user sees, in one registry: the checks' ids (what `--skip-check`
 * takes and a failure names) and the codes of the refusals that are not checks.
 * `Check.id` and `ReleaseError.code` are typed with it, so a literal at a call site
 * still reads as a string and a typo fails the typecheck; the checks page (docs/checks.md)
 * is held to both lists by test/core/codes.test.ts.
 */

/** The checks, by area, in the order the doctor and the cut report them. */
export const CHECK_IDS = [
  // the release cut (release/release-checks.ts)
  "release.interrupted",
  "git.branch",
  "git.dirty",
  "git.behind-origin",
  "git.tag-exists",
  "git.shallow",
  "git.release-tag-ahead",
  "git.tags-off-history",
  "version.four-part-tag",
  "version.inconsistent",
  "version.not-greater",
  "version.untagged-release",
  "changelog.unreleased-missing",
  "changelog.version-exists",
  "tools.missing",
  // workflows (workflows/*-checks.ts)
  "workflow.drift",
  "workflow.fan-out",
  "workflow.ci-creates-release",
  "workflow.waits-for-release",
  "workflow.tag-filter-mismatch",
  "workflow.missing-script",
  "workflow.secrets-undeclared",
  "workflow.npm-ci-no-lockfile",
  "workflow.npx-undeclared",
  "workflow.updater-key-missing",
  "workflow.codesign-no-keychain",
  "workflow.sidecar-not-placed",
  "workflow.sdist-missing-frontend",
  "workflow.untrusted-input",
  "workflow.dispatch-input-unvalidated",
  "workflow.publish-repeats",
  "workflow.pypi-password-auth",
  "platform.facts-stale",
  "workflow.runner-retired",
  "workflow.runner-deprecated",
  "workflow.openssl-legacy",
  "workflow.action-retired",
  "workflow.action-runtime",
  "workflow.action-unpinned",
  // docs and helper prompts (docs/docs-checks.ts)
  "docs.missing-script",
  "docs.unknown-flag",
  "docs.stale-flow",
  // Apple signing and the Tauri updater key (signing/)
  "signing.secrets-missing",
  "signing.p12-invalid",
  "signing.p12-password",
  "signing.p12-legacy-format",
  "signing.key-mismatch",
  "signing.identity-mismatch",
  "signing.team-id-mismatch",
  "signing.not-developer-id",
  "signing.cert-expiry",
  "updater.key-missing",
  "updater.password-missing",
  "updater.key-password",
  "updater.pubkey-mismatch",
  // GitHub (github/)
  "github.actions-token",
  "github.token",
  "github.secrets-missing",
  "github.pypi-environment",
  "github.immutable-releases",
  "github.publish",
  // the macOS finalizer's preconditions (macos/preconditions.ts)
  "macos.platform",
  "macos.tools",
  "macos.identity",
  "macos.certificate",
  "macos.entitlements",
  "macos.notary-credentials",
  "macos.updater-key",
  "macos.release-target",
] as const;

/** A check's id: one of the registry's, or a configured preflight command's (`preflight.<id>`). */
export type CheckId = (typeof CHECK_IDS)[number] | `preflight.${string}`;

/** Refusals that are not checks: what a command met while it ran. */
export const REFUSAL_CODES = [
  "config.invalid",
  "process.failed",
  "repo.missing",
  "git.not-a-repo",
  "version.unreadable",
  // the cut
  "release.blocked",
  "release.hook-outside",
  "release.lockfile-failed",
  "release.commit-failed",
  "release.push-rejected",
  "release.push-failed",
  "release.tag-missing",
  "release.tag-elsewhere",
  "release.tag-burnt",
  "release.restore-refused",
  "release.restore-incomplete",
  "release.fail-after",
  "release.build-failed",
  "release.assets-pending",
  "release.published",
  "release.published-incomplete",
  "release.immutable",
  "release.missing",
  "release.upload",
  "release.verify",
  // GitHub
  "github.api",
  "github.release",
  "github.dispatch",
  "github.secrets-push",
  // the macOS finalizer
  "macos.ad-hoc-notarize",
  "macos.appledouble",
  "macos.arch",
  "macos.bundle-ambiguous",
  "macos.bundle-not-found",
  "macos.env-missing",
  "macos.notarize-failed",
  "macos.notarize-pending",
  "macos.notarize-record",
  "macos.plist-invalid",
  "macos.repair-mismatch",
  "macos.signature-invalid",
  "macos.symlink-escapes",
  // the updater
  "updater.ambiguous-artifact",
  "updater.archive",
  "updater.key-invalid",
  "updater.latest-json",
  "updater.no-artifacts",
  "updater.password-wrong",
  "updater.rollback",
  "updater.sign",
  "updater.signature",
  "updater.signer-missing",
  "updater.version",
  // adoption
  "adopt.bad-toolkit-dir",
  "adopt.config-conflict",
  "adopt.conflict",
  "adopt.dirty",
  "adopt.not-a-repo",
  "adopt.replace-dangling",
  "adopt.replace-stops-publishing",
  "adopt.two-publishers",
  "adopt.unknown-layout",
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** What `ReleaseError.code` may be: a check's id (a failed check stops a command) or a refusal's code. */
export type ErrorCode = CheckId | RefusalCode;
