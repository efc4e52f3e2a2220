/**
 * Every check, by area, in the order they are reported. The doctor runs
 * `doctorChecks()`; the release cut runs its own checks plus these before it mutates
 * anything. Each area module exports a list; add a line here for a new area.
 */
import { workflowContractChecks } from "../workflows/contract-checks.ts";
import { publishTimeChecks } from "../workflows/publish-checks.ts";
import { githubDoctorChecks } from "../github/secrets-checks.ts";
import { docsDriftChecks } from "../docs/docs-checks.ts";
import { githubChecks } from "../github/github-checks.ts";
import { immutableChecks } from "../github/immutable-checks.ts";
import { macosChecks } from "../macos/preconditions.ts";
import { signingChecks } from "../signing/p12-checks.ts";
import { updaterKeyChecks } from "../signing/updater-key-checks.ts";
import { workflowDriftCheck } from "../workflows/drift-check.ts";
import { platformChecks } from "../workflows/platform-checks.ts";
import { pypiChecks } from "../workflows/pypi-checks.ts";
import type { Check } from "../core/checks/types.ts";

export function doctorChecks(): Check[] {
  return [
    ...workflowDriftCheck,
    ...workflowContractChecks,
    ...publishTimeChecks,
    ...pypiChecks,
    ...platformChecks,
    ...docsDriftChecks,
    ...signingChecks,
    ...updaterKeyChecks,
    ...githubChecks,
    ...githubDoctorChecks,
    ...immutableChecks,
    ...macosChecks,
  ];
}
