/**
 * Lockfile refreshes as the tools want them, pure: the text of a lockfile in, the
 * command that refreshes it out.
 *
 * - `uv.lock`: a bare `uv lock` re-resolves everything when the resolver's cutoff
 *   differs from the stored one (astral-sh/uv#14394), so the options uv stored in
 *   `[options]` are passed back: `exclude-newer` (or the relative `exclude-newer-span`,
 *   beside which the absolute value is only a placeholder) and each
 *   `[options.exclude-newer-package]` entry (a timestamp, `{ timestamp, span }`, or
 *   `false`), sorted by package name so the command line is stable.
 * - `Cargo.lock`: `cargo update --workspace`, `--offline` unless configured otherwise
 *   (a release bump needs no new crates, and no network), run in the lockfile's folder.
 */
import { basename, dirname } from "node:path";
import { parse as parseToml } from "smol-toml";
import type { CommandSpec } from "./command-line.ts";

export type LockfileKind = "uv" | "cargo" | "custom";

export interface LockfileEntry {
  path: string;
  command?: CommandSpec;
  cwd?: string;
  offline?: boolean;
}

export interface LockfileRefresh {
  path: string;
  kind: LockfileKind;
  command: CommandSpec;
  /** relative to the repository root ("." for the root) */
  cwd: string;
}

export function lockfileKind(entry: LockfileEntry): LockfileKind {
  if (entry.command !== undefined) return "custom";
  const name = basename(entry.path);
  if (name === "uv.lock") return "uv";
  if (name === "Cargo.lock") return "cargo";
  return "custom";
}

/** uv uses this absolute value as a stand-in when the real cutoff is a relative span. */
const PLACEHOLDER = /^0001-01-01/;

/** The `uv lock` arguments that reproduce the resolver options stored in a `uv.lock`'s text. */
export function uvResolverArgs(lockText: string): string[] {
  let data: Record<string, unknown>;
  try {
    data = parseToml(lockText) as Record<string, unknown>;
  } catch {
    return []; // an unreadable lock: uv itself will say why
  }
  const options = (data.options ?? {}) as Record<string, unknown>;
  const args: string[] = [];
  const span = options["exclude-newer-span"];
  const absolute = options["exclude-newer"];
  if (typeof span === "string") args.push("--exclude-newer", span);
  else if (typeof absolute === "string" && !PLACEHOLDER.test(absolute)) args.push("--exclude-newer", absolute);
  const perPackage = options["exclude-newer-package"];
  if (perPackage && typeof perPackage === "object") {
    const entries = perPackage as Record<string, unknown>;
    for (const name of Object.keys(entries).sort()) {
      const value = entries[name];
      let cutoff: string | undefined;
      if (typeof value === "string") cutoff = value;
      else if (value === false) cutoff = "false";
      else if (value && typeof value === "object") {
        const v = value as { timestamp?: unknown; span?: unknown };
        cutoff = typeof v.span === "string" ? v.span : typeof v.timestamp === "string" ? v.timestamp : undefined;
      }
      if (cutoff !== undefined) args.push("--exclude-newer-package", `${name}=${cutoff}`);
    }
  }
  return args;
}

/**
 * The refresh for one configured lockfile. `storedArgs` are the resolver options the
 * lockfile stores (`uvResolverArgs`, read by the state reader). An explicit command
 * runs in `cwd` or the root; an inferred one in `cwd` or the lockfile's folder.
 */
export function lockfileRefresh(entry: LockfileEntry, storedArgs: readonly string[] = []): LockfileRefresh {
  const kind = lockfileKind(entry);
  const folder = dirname(entry.path);
  if (kind === "uv")
    return {
      path: entry.path,
      kind,
      command: ["uv", "lock", ...storedArgs],
      cwd: entry.cwd ?? folder,
    };
  if (kind === "cargo")
    return {
      path: entry.path,
      kind,
      command: ["cargo", "update", "--workspace", ...(entry.offline === false ? [] : ["--offline"])],
      cwd: entry.cwd ?? folder,
    };
  if (entry.command === undefined)
    throw new Error(`bug: ${entry.path} has no command (the config schema requires one)`);
  return { path: entry.path, kind, command: entry.command, cwd: entry.cwd ?? "." };
}
