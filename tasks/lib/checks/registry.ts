/**
 * Every check, by area, in the order they are reported. The doctor runs
 * `doctorChecks()`; the release cut runs its own checks plus these before it mutates
 * anything. Each area module exports a list; add a line here for a new area.
 */
import { workflowContractChecks } from "../contract/checks.ts";
import { githubDoctorChecks } from "../doctor-github/checks.ts";
import { docsDriftChecks } from "../docs-drift/checks.ts";
import { githubChecks } from "../github/checks.ts";
import { macosChecks } from "../macos/preconditions.ts";
import { signingChecks } from "../signing/checks.ts";
import { updaterKeyChecks } from "../updater-key/checks.ts";
import { workflowDriftCheck } from "../workflows/check.ts";
import type { Check } from "./types.ts";

export function doctorChecks(): Check[] {
  return [
    ...workflowDriftCheck,
    ...workflowContractChecks,
    ...docsDriftChecks,
    ...signingChecks,
    ...updaterKeyChecks,
    ...githubChecks,
    ...githubDoctorChecks,
    ...macosChecks,
  ];
}
