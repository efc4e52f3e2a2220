/**
 * Every check, by area, in the order they are reported. The doctor runs
 * `doctorChecks()`; the release cut runs its own checks plus these before it mutates
 * anything. Each area module exports a list; add a line here for a new area.
 */
import type { Check } from "./types.ts";
import { githubChecks } from "../github/checks.ts";

export function doctorChecks(): Check[] {
  return [
    // area lists are added here, e.g. ...workflowChecks, ...docsChecks, ...signingChecks
    ...githubChecks,
  ];
}
