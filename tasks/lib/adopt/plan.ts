/**
 * The install plan: every file adoption wants, what the repository holds there, and
 * what happens — create, update, remove, leave unchanged — or why it must stop (a
 * file that is the maintainer's, not adoption's). Pure: texts in, decisions out.
 */
import { isGenerated } from "../workflows/header.ts";
import { isAdoptSkill } from "./skill.ts";

/** `old-flow`: a hand-written workflow, Makefile or script that --replace edits or removes */
export type FileKind = "config" | "toolkit" | "workflow" | "skill" | "gitignore" | "old-flow";
export type Action = "create" | "update" | "remove" | "unchanged";

export interface DesiredFile {
  path: string;
  kind: FileKind;
  /** undefined: the file must go (a generated workflow no template produces) */
  want: string | undefined;
}

export interface PlannedFile extends DesiredFile {
  have: string | undefined;
  action: Action;
}

export interface Conflict {
  path: string;
  kind: FileKind;
  reason: string;
  have: string | undefined;
  want: string | undefined;
}

export interface AdoptPlan {
  files: PlannedFile[];
  conflicts: Conflict[];
}

export interface PlanInput {
  desired: readonly DesiredFile[];
  /** the repository's text at each desired path (undefined: no such file) */
  existing: Readonly<Record<string, string | undefined>>;
  /** --replace: hand-written workflows and helper prompts of the same name are replaced */
  replace: boolean;
  /** the toolkit folder already holds this toolkit (an upgrade) */
  toolkitInstalled: boolean;
  /** a reason the existing config cannot be merged, decided by the merge */
  configConflict?: string;
}

/** Whether adoption may overwrite `have` at this path, and if not, why. */
function refusal(file: DesiredFile, have: string, input: PlanInput): string | undefined {
  switch (file.kind) {
    case "toolkit":
      return input.toolkitInstalled
        ? undefined
        : "the file exists and is not part of an installed copy of the toolkit (use --toolkit-dir to vendor it elsewhere)";
    case "workflow":
      return isGenerated(have) || input.replace
        ? undefined
        : "a hand-written workflow has the generated file's name (rerun with --replace to replace it)";
    case "skill":
      return isAdoptSkill(have) || input.replace
        ? undefined
        : "a hand-written helper prompt is there (rerun with --replace to replace it)";
    case "config":
      return input.configConflict;
    case "gitignore":
      return undefined;
    case "old-flow":
      // Planned only under --replace, which is the maintainer's consent.
      return input.replace ? undefined : "adoption edits the old release flow only with --replace";
  }
}

export function planAdoption(input: PlanInput): AdoptPlan {
  const files: PlannedFile[] = [];
  const conflicts: Conflict[] = [];
  for (const file of input.desired) {
    const have = input.existing[file.path];
    const action: Action =
      file.want === undefined
        ? have === undefined
          ? "unchanged"
          : "remove"
        : have === undefined
          ? "create"
          : have === file.want
            ? "unchanged"
            : "update";
    // A config conflict stands even when the file is left as it is: its values disagree.
    const reason =
      file.kind === "config" && input.configConflict
        ? input.configConflict
        : have !== undefined && action !== "unchanged"
          ? refusal(file, have, input)
          : undefined;
    if (reason) conflicts.push({ path: file.path, kind: file.kind, reason, have, want: file.want });
    files.push({ ...file, have, action });
  }
  return { files, conflicts };
}

export const changes = (plan: AdoptPlan): PlannedFile[] => plan.files.filter((f) => f.action !== "unchanged");
