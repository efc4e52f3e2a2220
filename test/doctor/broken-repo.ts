/**
 * A repository holding every broken case at once (workflows, docs, signing, updater
 * key), for the entry tests and the bench. Needs openssl and the Tauri CLI.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BROKEN_WORKFLOWS } from "../workflows/contract-fixtures.ts";
import { DRIFTED_DOCS } from "../docs/fixtures.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";
import { makeSigningFiles, signingEnv } from "../helpers/signing.ts";

export interface BrokenRepo {
  dir: string;
  p12: string;
  env: Record<string, string>;
}

export function makeBrokenRepo(): BrokenRepo {
  const base = tempDir("rc-broken-");
  const dir = join(base, "repo");
  const material = join(base, "material");
  writeFiles(material, { ".keep": "" });
  const files = makeSigningFiles(material);
  const tauri = join(PROJECT_ROOT, "node_modules", ".bin", "tauri");
  execFileSync(tauri, ["signer", "generate", "-w", join(material, "app.key"), "-p", "right-pw", "--ci"], {
    stdio: "ignore",
  });
  execFileSync(tauri, ["signer", "generate", "-w", join(material, "other.key"), "-p", "x", "--ci"], {
    stdio: "ignore",
  });
  writeFiles(dir, {
    ...BROKEN_WORKFLOWS,
    ...DRIFTED_DOCS,
    "package.json": JSON.stringify({ name: "atlas", version: "1.1.0" }),
    "release.config.ts": `export default { name: "atlas", versionFiles: ["package.json"], secrets: { repository: ["APPLE_CERTIFICATE", "APPLE_CERTIFICATE_PASSWORD", "TAURI_SIGNING_PRIVATE_KEY"] } };\n`,
    "src-tauri/tauri.conf.json": JSON.stringify({
      plugins: { updater: { pubkey: readFileSync(join(material, "other.key.pub"), "utf8") } },
    }),
  });
  const env = signingEnv(files.modern, { APPLE_CERTIFICATE: undefined, APPLE_TEAM_ID: "ZZZZZ99999" }) as Record<
    string,
    string
  >;
  env.TAURI_SIGNING_PRIVATE_KEY_PATH = join(material, "app.key");
  env.TAURI_SIGNING_PRIVATE_KEY_PASSWORD = "right-pw";
  return { dir, p12: files.modern, env };
}

export const cleanupBroken = (r: BrokenRepo) => execFileSync("rm", ["-rf", join(r.dir, "..")]);
