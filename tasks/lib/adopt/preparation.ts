/**
 * Steps that only prepare a job's work on the runner — check out, set up a toolchain,
 * install, build, move files between jobs, print — and change nothing outside it. A job
 * whose other steps are all preparation can go whole with its publishing step; a job
 * with any other step (a docs deploy, a push to another registry, an unknown command)
 * keeps that step: `--replace` never deletes what it does not know. Pure, except that
 * the shell parser loads on demand.
 */
import type { Workflow } from "../workflows/read.ts";

/**
 * Actions that set up, build or move files on the runner, and nothing else (tauri-action
 * only builds when it names no release; when it does, the catalog lists it as a tool).
 */
const PREPARING_ACTIONS =
  /^(actions\/(checkout|setup-[\w-]+|cache|download-artifact|upload-artifact)|tauri-apps\/tauri-action|pypa\/cibuildwheel|astral-sh\/setup-uv|pnpm\/action-setup|oven-sh\/setup-bun|denoland\/setup-deno|dtolnay\/rust-toolchain|actions-rs\/toolchain|swatinem\/rust-cache|snok\/install-poetry|pdm-project\/setup-pdm|maxim-lobanov\/setup-xcode|docker\/setup-[\w-]+-action)$/i;

/** Commands that read, print, install or build on the runner. */
const PRINTING = new Set(["echo", "printf", "cat", "ls", "pwd", "cd", "mkdir", "cp", "mv", "rm", "touch", "tree"]);
const SHELL_STATE = new Set(["export", "source", ".", "set", "test", "[", "true", "which", "chmod", "tar", "unzip"]);
const SUBCOMMANDS: Record<string, RegExp> = {
  pip: /^(install|download|wheel|freeze|list)$/,
  pip3: /^(install|download|wheel|freeze|list)$/,
  uv: /^(build|sync|pip|lock|venv|python|export)$/,
  poetry: /^(build|install|config|lock|self|check|env|export)$/,
  hatch: /^(build|env)$/,
  pdm: /^(build|install|sync|lock)$/,
  flit: /^(build|install)$/,
  npm: /^(ci|install|pack)$/,
  pnpm: /^(install|build)$/,
  yarn: /^(install|build)$/,
  git: /^(config|fetch|checkout|status|log|describe|rev-parse|diff|show)$/,
  twine: /^check$/,
  brew: /^install$/,
  gem: /^install$/,
  "apt-get": /^(update|install)$/,
};

function prepares(words: readonly string[]): boolean {
  const [w0 = "", w1 = "", w2 = ""] = words[0] === "sudo" ? words.slice(1) : words;
  if (PRINTING.has(w0) || SHELL_STATE.has(w0)) return true;
  if (/^python3?(\.\d+)?$/.test(w0)) return (w1 === "-m" && /^(build|pip|venv)$/.test(w2)) || w1 === "--version";
  // A package script may do anything; the usual build ones only build.
  if (/^(npm|pnpm|yarn)$/.test(w0) && w1 === "run") return /^(build|test|lint|compile|typecheck)(:|$)/.test(w2);
  return SUBCOMMANDS[w0]?.test(w1) ?? false;
}

/** The steps (`job#index`) of a workflow that only prepare: a preparing action, or commands that all prepare. */
export async function preparationSteps(w: Workflow): Promise<Set<string>> {
  const { readStepCommands } = await import("../workflows/step-commands.ts");
  const out = new Set<string>();
  for (const sc of await readStepCommands([w])) {
    const { step } = sc;
    const action = step.uses?.split("@")[0] ?? "";
    // A script the shell reader does not parse (PowerShell) is not known to prepare.
    const ok = step.uses
      ? PREPARING_ACTIONS.test(action)
      : sc.commands.length > 0 && sc.commands.every((c) => prepares(c.words));
    if (ok) out.add(`${sc.job.id}#${sc.index}`);
  }
  return out;
}
