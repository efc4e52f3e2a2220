/**
 * `updater.key`: the Tauri updater key and its password work, checked in a second
 * instead of after a 30-minute macOS build. The key is opened for real: the pinned
 * signer signs a throwaway file in a temporary folder (nothing else is touched).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fail, pass, skip, type Check } from "../checks/types.ts";
import { isReleaseError } from "../errors.ts";
import { DEFAULT_PASSWORD_ENV, KEY_ENV, KEY_PATH_ENV, resolveUpdaterKey, type UpdaterKeyInput } from "./updater-key.ts";
import { signUpdaterArchive } from "./updater.ts";

/** Sign a throwaway file with the key: proves the key parses and the password opens it. */
export async function verifyUpdaterKey(key: UpdaterKeyInput, opts: { cwd: string; env?: NodeJS.ProcessEnv; tempDir?: string }): Promise<void> {
  const dir = await mkdtemp(join(opts.tempDir ?? tmpdir(), "updater-probe-"));
  try {
    const probe = join(dir, "probe.txt");
    await writeFile(probe, "updater key probe\n");
    await signUpdaterArchive({ file: probe, key, version: "0.0.0", cwd: opts.cwd, tempDir: dir, ...(opts.env ? { env: opts.env } : {}) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const updaterKeyCheck: Check = {
  id: "updater.key",
  title: "Tauri updater key and password open",
  async run(ctx) {
    const configured = [KEY_ENV, KEY_PATH_ENV].some((name) => ctx.env[name]?.trim());
    if (!configured) return skip(`no updater key here (${KEY_ENV} or ${KEY_PATH_ENV}); the macOS finalizer checks it where it signs`);
    try {
      const key = resolveUpdaterKey(ctx.env, {});
      await verifyUpdaterKey(key, { cwd: ctx.root, env: ctx.env });
      const from = key.keyPath ? (ctx.env[KEY_PATH_ENV] ? KEY_PATH_ENV : KEY_ENV) : KEY_ENV;
      return pass(`the key from ${from} opens with ${DEFAULT_PASSWORD_ENV}${key.password === "" ? " (empty)" : ""}`);
    } catch (e) {
      if (isReleaseError(e)) return fail(e.message, e.fix ?? "See docs/macos-publishing.md.");
      throw e;
    }
  },
};

export const updaterChecks: Check[] = [updaterKeyCheck];
