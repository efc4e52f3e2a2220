/**
 * The Tauri updater artifact: `<App>_<arch>.app.tar.gz` of the finished `.app` and its
 * minisign signature, made by the project's own pinned Tauri CLI (never downloaded at
 * release time). The signer always gets an explicit key file and an explicit password;
 * the TAURI_SIGNING_* variables are removed from its environment because the CLI
 * refuses `-f` while TAURI_SIGNING_PRIVATE_KEY is also set.
 */
import { existsSync, lstatSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as tar from "tar";
import { ReleaseError } from "../core/errors.ts";
import { write } from "../core/exec.ts";
import { redact, registerSecret } from "../core/redact.ts";
import { KEY_ENV, KEY_PATH_ENV, DEFAULT_PASSWORD_ENV, type UpdaterKeyInput } from "../signing/updater-key-resolve.ts";

/** The signer as the plan shows it: the project's own pinned CLI. */
export const TAURI_BIN = "node_modules/.bin/tauri";
/** What stands for the password in a printed command. */
export const PASSWORD_PLACEHOLDER = "***";

export function updaterArchiveName(appName: string, arch: string): string {
  return `${appName.replace(/\.app$/, "")}_${arch}.app.tar.gz`;
}

/** tar.gz of `X.app` with `X.app/` as its top folder; symlinks stay links, modes stay modes. */
export async function createUpdaterArchive(appPath: string, outFile: string): Promise<void> {
  const app = resolve(appPath);
  const st = existsSync(app) ? lstatSync(app) : undefined;
  if (!st?.isDirectory() || !app.endsWith(".app")) {
    throw new ReleaseError(
      "updater.archive",
      `Cannot create the updater archive: ${appPath} is not an .app folder`,
      "Pass the finished X.app bundle (a directory whose name ends in .app).",
    );
  }
  await mkdir(dirname(resolve(outFile)), { recursive: true });
  // Written beside the target and renamed, so a failure never leaves a half archive under the real name.
  const partial = `${resolve(outFile)}.partial-${process.pid}`;
  try {
    await tar.c({ gzip: true, file: partial, cwd: dirname(app), portable: true, follow: false, strict: true }, [
      basename(app),
    ]);
    await rename(partial, resolve(outFile));
  } catch (e) {
    await rm(partial, { force: true });
    throw new ReleaseError(
      "updater.archive",
      `Cannot create the updater archive ${outFile}: ${(e as Error).message}`,
      "Check that the bundle is readable and the output folder writable.",
    );
  }
}

/** The signing command for the plan: the password is a placeholder, never the value. */
export function signerCommand(opts: { file: string; keyPath: string; version: string }): string[] {
  return [
    TAURI_BIN,
    "signer",
    "sign",
    "-f",
    opts.keyPath,
    "-p",
    PASSWORD_PLACEHOLDER,
    "--app-version",
    opts.version,
    opts.file,
  ];
}

/** The pinned CLI: the project's node_modules (looked for from cwd upwards), else this toolkit's own. */
export function findTauriCli(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, TAURI_BIN);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  const own = fileURLToPath(new URL(`../../../${TAURI_BIN}`, import.meta.url));
  return existsSync(own) ? own : undefined;
}

/** The signer's environment: the caller's, minus every TAURI_SIGNING_* variable. */
export function signerEnv(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (![KEY_ENV, KEY_PATH_ENV, DEFAULT_PASSWORD_ENV].includes(k)) out[k] = v;
  return out;
}

async function withKeyFile<T>(key: UpdaterKeyInput, tempRoot: string, fn: (keyPath: string) => Promise<T>): Promise<T> {
  if (key.keyPath) return fn(key.keyPath);
  if (!key.keyContent) throw new Error("bug: UpdaterKeyInput without keyPath or keyContent");
  registerSecret(key.keyContent);
  const dir = await mkdtemp(join(tempRoot, "updater-key-"));
  try {
    const keyPath = join(dir, "updater.key");
    // Exactly the key: the CLI base64-decodes the whole file and rejects a trailing newline.
    await writeFile(keyPath, key.keyContent.trim(), { mode: 0o600 });
    await chmod(keyPath, 0o600); // the umask cannot widen it, but make it explicit
    return await fn(keyPath);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function hidePassword(text: string, password: string): string {
  // Registered secrets cover long passwords; a short one is replaced by hand if it appears.
  const shown = redact(text);
  return password.length >= 3 ? shown.split(password).join(PASSWORD_PLACEHOLDER) : shown;
}

export async function signUpdaterArchive(opts: {
  file: string;
  key: UpdaterKeyInput;
  version: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** where key content is written for the signer (default: the OS temp folder) */
  tempDir?: string;
}): Promise<{ sigPath: string; signature: string }> {
  const file = resolve(opts.cwd, opts.file);
  if (!existsSync(file))
    throw new ReleaseError(
      "updater.sign",
      `Cannot sign the updater archive: ${opts.file} does not exist`,
      "Create it first (createUpdaterArchive).",
    );
  const cli = findTauriCli(opts.cwd);
  if (!cli)
    throw new ReleaseError(
      "updater.signer-missing",
      "Cannot sign the updater archive: the project's Tauri CLI is not installed",
      "Run `npm ci` so node_modules/.bin/tauri (from @tauri-apps/cli) exists.",
    );
  registerSecret(opts.key.password);
  const sigPath = `${file}.sig`;
  // A stale signature must never pass for this run's.
  await rm(sigPath, { force: true });
  const result = await withKeyFile(opts.key, opts.tempDir ?? tmpdir(), async (keyPath) => {
    const argv = signerCommand({ file, keyPath, version: opts.version });
    argv[0] = cli;
    argv[argv.indexOf(PASSWORD_PLACEHOLDER)] = opts.key.password;
    return write(argv, {
      cwd: opts.cwd,
      env: signerEnv(opts.env ?? process.env),
      cleanEnv: true,
      nothrow: true,
      timeoutMs: 120_000,
    });
  });
  if (result.exitCode !== 0 || !existsSync(sigPath)) {
    const said = hidePassword(
      (result.stderr || result.stdout).trim().split("\n").slice(-6).join("\n"),
      opts.key.password,
    );
    const wrongPassword = /password/i.test(said) && /incorrect|wrong/i.test(said);
    throw new ReleaseError(
      wrongPassword ? "updater.password-wrong" : "updater.sign",
      `Cannot sign ${basename(file)} with the Tauri signer: ${wrongPassword ? "the password does not open the key" : `exit ${result.exitCode}`}${said ? `\n${said}` : ""}`,
      wrongPassword
        ? "Set the password variable (TAURI_SIGNING_PRIVATE_KEY_PASSWORD unless --updater-key-password-env names another) to the password the key was generated with."
        : "Check that the key is a Tauri signer private key and that `node_modules/.bin/tauri signer sign --help` runs.",
    );
  }
  const signature = (await readFile(sigPath, "utf8")).trim();
  return { sigPath, signature };
}
