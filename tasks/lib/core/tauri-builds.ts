/**
 * Which Tauri project a release workflow builds: tauri-action's `projectPath`, or
 * `tauri build` run in a `working-directory` (the step's, or the job's default) or given
 * `--config PATH`. A release workflow starts on a release, a tag push or by hand only; a
 * CI workflow (branch pushes, pull requests) builds fixtures and examples for its tests,
 * which are no app to release. The version sources and adoption both ask this, so the app
 * they find is the same. Pure; the workflows are given as text.
 */
import { posix } from "node:path";
import { rec, type Rec } from "./records.ts";
import { yaml } from "./yaml.ts";

/** Whether a workflow's `on:` starts it for releases only (a release, a tag push, by hand). */
export function startsReleases(on: unknown): boolean {
  const events = typeof on === "string" ? [on] : Array.isArray(on) ? on.map(String) : Object.keys(rec(on));
  if (events.includes("release")) return true;
  if (rec(rec(on).push).tags !== undefined) return true;
  return !events.some((e) => e === "push" || e === "pull_request" || e === "pull_request_target");
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const norm = (p: string) => posix.normalize(p.replace(/^\.\/+/, "")).replace(/\/+$/, "") || ".";

/** The folder (or `--config` file) one step builds the app from, if it builds one. */
function builtBy(step: Rec, jobDir: string | undefined): string | undefined {
  if (/^tauri-apps\/tauri-action@/.test(str(step.uses) ?? "")) return norm(str(rec(step.with).projectPath) ?? ".");
  const run = str(step.run);
  if (!run || !/\btauri\b[^\n]*\bbuild\b/.test(run)) return undefined;
  const dir = str(step["working-directory"]) ?? jobDir ?? ".";
  const config = /\s(?:--config|-c)[ =]+["']?([^\s"']+\.json)/.exec(run)?.[1];
  return config ? norm(posix.join(dir, config)) : norm(dir);
}

/** The folders (or config files) release workflows build the Tauri app from. */
export function releaseBuiltApps(workflows: readonly { path: string; text: string }[]): string[] {
  const out = new Set<string>();
  for (const w of workflows) {
    let doc: Rec;
    try {
      doc = rec(yaml().parse(w.text));
    } catch {
      continue;
    }
    if (!startsReleases(doc.on)) continue;
    for (const job of Object.values(rec(doc.jobs)).map(rec)) {
      const jobDir = str(rec(rec(job.defaults).run)["working-directory"]);
      for (const step of Array.isArray(job.steps) ? job.steps.map(rec) : []) {
        const built = builtBy(step, jobDir);
        if (built) out.add(built);
      }
    }
  }
  return [...out];
}
