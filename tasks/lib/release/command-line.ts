/**
 * A configured command is argv (run as is, no shell) or one shell string (run by
 * `sh -c`, so `cd ui && pnpm build` works). Pure helpers shared by the lockfile
 * refresh, the preflight and `tools.missing`.
 */
export type CommandSpec = string[] | string;

/** The argv that runs it: a shell string goes to `sh -c`. */
export function argvOf(command: CommandSpec): string[] {
  return Array.isArray(command) ? command : ["sh", "-c", command];
}

/** The program that must be on PATH: argv's first element; `sh` for a shell string (its words are the shell's). */
export function programOf(command: CommandSpec): string {
  return Array.isArray(command) ? command[0]! : "sh";
}

/** How to show it: argv joined, with arguments quoted when they hold spaces or quotes. */
export function shownOf(command: CommandSpec): string {
  if (!Array.isArray(command)) return command;
  return command.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");
}
