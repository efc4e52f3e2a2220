/**
 * Who starts each release workflow, read from its own `on:` block (pure): a workflow
 * that listens for the release is started by the publication (the fan-out); one that
 * only has `workflow_dispatch` is a build the cut dispatches against the draft, before
 * publishing; anything else (a tag push, a file that is missing) the cut neither
 * dispatches nor waits for.
 */
import { parseWorkflow } from "../workflows/read.ts";

export interface ReleaseRoles {
  /** builds the cut dispatches, with `tag` as input when the workflow declares it */
  dispatched: { workflow: string; tagInput: boolean }[];
  /** workflows the publication of the release starts (`release: published` and friends) */
  onPublish: string[];
  /** started by something else (or unreadable): neither dispatched nor waited for */
  other: string[];
}

export function releaseRoles(files: readonly string[], sources: Readonly<Record<string, string>>): ReleaseRoles {
  const roles: ReleaseRoles = { dispatched: [], onPublish: [], other: [] };
  for (const file of files) {
    const text = sources[file];
    const w = text === undefined ? undefined : parseWorkflow(file, text);
    if (!w || w.error) roles.other.push(file);
    else if (w.triggers.events.release) roles.onPublish.push(file);
    else if (w.triggers.events.workflow_dispatch)
      roles.dispatched.push({ workflow: file, tagInput: "tag" in w.inputs });
    else roles.other.push(file);
  }
  return roles;
}
