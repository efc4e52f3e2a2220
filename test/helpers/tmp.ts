/**
 * Temporary folders for tests, in the three shapes the suites use: a bare path, a
 * fixture that removes itself, and a folder removed when the test ends. The one place
 * tests make temp dirs (git repositories: `gitdir.ts`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A fresh folder; the caller removes it. */
export function tempDir(prefix = "rc-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Fixture {
  dir: string;
  cleanup(): void;
}

/** A fresh folder with its own `cleanup()` (pass it to `t.after`). */
export function tempFixture(prefix = "rc-test-"): Fixture {
  const dir = tempDir(prefix);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh folder removed when the test `t` ends. */
export function tempDirFor(t: { after(fn: () => void): void }, prefix = "rc-test-"): string {
  const { dir, cleanup } = tempFixture(prefix);
  t.after(cleanup);
  return dir;
}

/** Write files (paths relative to `dir`), making their folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
