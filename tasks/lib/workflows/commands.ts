/**
 * Which repository files a shell command names: the script it executes, the file an
 * interpreter runs, a PyInstaller spec. Shared by the workflow `run:` checks and the
 * docs drift checks, so both read commands the same way. Pure: the words come from
 * the shell parser (shell.ts).
 */

export interface CommandRefs {
  /** the words of one simple command (quotes removed) */
  words: string[];
  /** repository-relative paths the command needs to exist */
  paths: string[];
  /** the script/entry the command runs, if any (first of `paths`) */
  program?: string;
  /** the flags passed after the program (`--name`, `-x`) */
  flags: string[];
}

export const SCRIPT_EXTENSIONS = /\.(sh|bash|zsh|ps1|py|ts|mts|js|mjs|cjs|rb|pl|spec)$/;
const INTERPRETERS = new Set([
  "bash",
  "sh",
  "zsh",
  "python",
  "python3",
  "node",
  "tsx",
  "pwsh",
  "ruby",
  "perl",
  "pyinstaller",
  "source",
  ".",
]);
/** runners whose next word is a package to fetch or an installed bin */
const PACKAGE_RUNNERS = new Set(["npx", "uvx", "pnpx", "bunx"]);
/** wrappers whose next word is the real program */
const WRAPPERS = new Set(["sudo", "time", "exec", "env", "npx", "uvx", "command"]);
/** a lone path in prose that names a script (not a data file the docs merely mention) */
export const SCRIPT_PATH =
  /^(\.\/|scripts\/|tasks\/|bin\/|tools\/|\.github\/)[^\s]*\.(sh|bash|zsh|ps1|py|ts|mts|js|mjs|cjs)$|\.(sh|bash|zsh|ps1)$/;
/**
 * Folders that builds create; paths there need not exist in the repository. `dist/`,
 * `target/` and `node_modules/` are build output wherever they sit (a monorepo package's
 * `packages/x/dist/cli.js`); `build/` and `out/` only at the top (`scripts/build/` is source).
 */
const GENERATED = /^(\.\/)?(build|out|env)\/|(^|\/)(dist|target|node_modules|\.venv|venv)\//;

/** A word that names a file in the repository (not a URL, variable, glob or absolute path). */
export function isRepoPathWord(w: string): boolean {
  if (!w || /[$*<>{}%=`@]/.test(w) || /^(\/|~|-|https?:|[a-z]+:\/\/)/.test(w)) return false;
  if (GENERATED.test(w)) return false;
  return w.includes("/") || SCRIPT_EXTENSIONS.test(w);
}

export const normalizePath = (p: string) => p.replace(/^(\.\/)+/, "").replace(/\/+$/, "");

/** The files one simple command needs, and the flags it passes to its program. */
export function commandRefs(words: string[]): CommandRefs {
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
  while (i < words.length && WRAPPERS.has(words[i]!)) {
    // `npx tool`, `uvx tool` run a package, not a file; only `npx ./x.js` names one.
    const next = words[i + 1] ?? "";
    if (PACKAGE_RUNNERS.has(words[i]!) && !/^\.\.?\//.test(next) && !INTERPRETERS.has(next) && next !== "ts-node")
      return { words, paths: [], flags: [] };
    i++;
  }
  // `uv run X`, `deno run -A X`, `npm exec X`: skip the runner and its flags.
  if (
    (words[i] === "uv" || words[i] === "deno" || words[i] === "npm" || words[i] === "pnpm") &&
    (words[i + 1] === "run" || words[i + 1] === "exec")
  ) {
    i += 2;
    while (i < words.length && words[i]!.startsWith("-")) i++;
  }
  const refs: CommandRefs = { words, paths: [], flags: [] };
  const first = words[i];
  if (first === undefined) return refs;
  let programAt = -1;
  if (INTERPRETERS.has(first) || first.endsWith("/tsx") || /^python3?(\.\d+)?$/.test(first)) {
    let j = i + 1;
    while (j < words.length && words[j]!.startsWith("-")) {
      // a module or inline code (`python -c`, `node -p`), not a file
      if (["-m", "-c", "-e", "-p", "--eval", "--print", "--command"].includes(words[j]!)) return refs;
      j++;
    }
    if (j < words.length && isRepoPathWord(words[j]!)) programAt = j;
  } else if (first.includes("/") && SCRIPT_EXTENSIONS.test(first) && isRepoPathWord(first)) {
    // A path without a script's extension is usually a binary an earlier step built, not a script.
    programAt = i;
  }
  if (programAt >= 0) {
    refs.program = normalizePath(words[programAt]!);
    refs.paths.push(refs.program);
    refs.flags = words
      .slice(programAt + 1)
      .filter((w) => /^--?[A-Za-z]/.test(w))
      .map((w) => w.split("=")[0]!);
  }
  // A PyInstaller spec is a file only where pyinstaller reads it, not in an echo.
  if (/(^|\/)pyinstaller$/.test(first) || words.includes("PyInstaller"))
    for (const w of words)
      if (w.endsWith(".spec") && isRepoPathWord(w) && !refs.paths.includes(normalizePath(w)))
        refs.paths.push(normalizePath(w));
  return refs;
}

/**
 * Paths a command creates (a virtualenv, a folder, a clone, a copy's destination, a
 * download), so later commands that run files there are not reported as missing.
 */
export function createdPaths(words: readonly string[]): string[] {
  const [first, ...args] = words;
  const cmd = first?.split("/").at(-1); // `./uv venv X` is uv too
  const plain = args.filter((a) => !a.startsWith("-") && !a.includes("$X"));
  const out: string[] = [];
  const flagValue = (...names: string[]) => {
    const i = args.findIndex((a) => names.includes(a));
    if (i >= 0 && args[i + 1]) out.push(args[i + 1]!);
  };
  if (cmd === undefined) return out;
  if (/^python3?(\.\d+)?$/.test(cmd) && args[0] === "-m" && (args[1] === "venv" || args[1] === "virtualenv"))
    out.push(...plain.slice(1));
  else if (cmd === "virtualenv" || (cmd === "uv" && args[0] === "venv")) out.push(...plain.slice(cmd === "uv" ? 1 : 0));
  else if (cmd === "mkdir" || cmd === "touch") out.push(...plain);
  else if ((cmd === "cp" || cmd === "mv" || cmd === "ln" || cmd === "install") && plain.length >= 2)
    out.push(plain.at(-1)!);
  else if (cmd === "git" && args[0] === "clone") {
    const rest = plain.slice(1);
    out.push(
      rest[1] ??
        (rest[0] ?? "")
          .replace(/\.git$/, "")
          .split("/")
          .at(-1)!,
    );
  } else if (cmd === "curl") {
    flagValue("-o", "--output");
    // `-O`, `-LO`, `--remote-name`: the file is named after the URL's last segment.
    if (args.some((a) => /^-[a-zA-Z]*O[a-zA-Z]*$/.test(a) || a === "--remote-name" || a === "--remote-name-all"))
      out.push(...urlNames(args));
  } else if (cmd === "wget") {
    flagValue("-O", "--output-document");
    flagValue("-P", "--directory-prefix");
    if (!args.some((a) => ["-O", "--output-document", "-P", "--directory-prefix"].includes(a)))
      out.push(...urlNames(args));
  } else if (cmd === "cmake") {
    // `cmake -B dir` configures into dir; `cmake --build dir` writes the build there.
    flagValue("-B", "--build");
    for (const a of args) if (/^-B./.test(a)) out.push(a.slice(2));
  } else if ((cmd === "meson" && args[0] === "setup") || (cmd === "mkdocs" && args[0] === "build"))
    out.push(plain[1] ?? "site");
  else if (["go", "gcc", "g++", "cc", "clang", "clang++", "rustc", "zig"].includes(cmd)) flagValue("-o", "--output");
  else if (cmd === "pyinstaller") flagValue("--distpath");
  else if (
    (cmd === "unzip" && args.includes("-d")) ||
    (cmd === "tar" && args.some((a) => a === "-C" || a === "--directory"))
  )
    flagValue("-d", "-C", "--directory");
  else if (cmd === "unzip" || (cmd === "tar" && args.some((a) => /^-?[a-zA-Z]*x/.test(a)))) out.push("."); // an archive unpacked here: what it holds is known only on the runner
  return out.filter(Boolean).map(normalizePath);
}

/** The file names URLs download to (their last path segment). */
const urlNames = (args: readonly string[]) =>
  args
    .filter((a) => /^https?:\/\//.test(a))
    .map(
      (a) =>
        a
          .replace(/[?#].*$/, "")
          .split("/")
          .at(-1) ?? "",
    );

/** Whether `path` lies at or under one of `created`. */
export const underAny = (path: string, created: Iterable<string>) =>
  [...created].some((c) => c === "." || path === c || path.startsWith(`${c}/`));
