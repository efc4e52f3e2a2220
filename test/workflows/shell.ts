/**
 * Generated `run:` blocks, found in the parsed YAML and run the way GitHub runs a
 * `shell: bash` step (`bash --noprofile --norc -eo pipefail <file>`), with the env
 * the workflow gives them. For the tests that execute the generated shell for real.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Job, Step, Workflow } from "../../templates/types.ts";
import { parseWorkflow } from "./fixtures.ts";

export type ParsedStep = Step & {
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  env?: Record<string, string>;
  shell?: string;
  "working-directory"?: string;
};

export const stepsOf = (job: Job) => job.steps as ParsedStep[];

export function workflow(files: Map<string, string>, name: string): Workflow {
  const text = files.get(`.github/workflows/${name}.yml`);
  if (text === undefined) throw new Error(`no ${name}.yml in this rendering`);
  return parseWorkflow(text);
}

/** The step of `job` whose name starts with `prefix` (a test that names a missing step fails here). */
export function step(wf: Workflow, job: string, prefix: string): ParsedStep {
  const j = wf.jobs[job];
  if (!j) throw new Error(`no job ${job}`);
  const s = stepsOf(j).find((x) => x.name.startsWith(prefix));
  if (!s)
    throw new Error(
      `no step "${prefix}..." in job ${job}: ${stepsOf(j)
        .map((x) => x.name)
        .join(" | ")}`,
    );
  return s;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run one step's `run:` in `cwd` with bash as GitHub does; `env` adds to a minimal environment. */
export function runStep(s: ParsedStep, cwd: string, env: Record<string, string> = {}): RunResult {
  if (s.run === undefined) throw new Error(`step "${s.name}" has no run:`);
  const dir = mkdtempSync(join(tmpdir(), "rc-step-"));
  const file = join(dir, "step.sh");
  writeFileSync(file, s.run);
  try {
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], {
      cwd: s["working-directory"] ? join(cwd, s["working-directory"]) : cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? cwd, ...env },
      encoding: "utf8",
    });
    return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether a system tool is on PATH (tests that need it skip with a reason otherwise). */
export const hasTool = (name: string): boolean => spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;

/** `runStep` without blocking the event loop (for a step that talks to the stand-in in this process). */
export function runStepAsync(s: ParsedStep, cwd: string, env: Record<string, string> = {}): Promise<RunResult> {
  if (s.run === undefined) throw new Error(`step "${s.name}" has no run:`);
  const dir = mkdtempSync(join(tmpdir(), "rc-step-"));
  const file = join(dir, "step.sh");
  writeFileSync(file, s.run);
  return new Promise((resolve) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], {
      cwd: s["working-directory"] ? join(cwd, s["working-directory"]) : cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? cwd, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => {
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
