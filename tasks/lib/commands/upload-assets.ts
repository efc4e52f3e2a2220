/**
 * `tasks/upload-assets.ts`, minus the process boundary: every file of `--dir` (sorted,
 * read before the first request) goes to the draft of `--release-tag`, replacing
 * same-name assets, with their sha256 recorded in `--checksums`. Returns the exit code.
 */
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseCli, type FlowOptions } from "../core/cli.ts";
import { loadConfig } from "../core/config/load.ts";
import { UPLOAD_ASSETS } from "../core/entries.ts";
import { UsageError } from "../core/errors.ts";
import { log, out, setQuiet } from "../core/log.ts";
import { registerSecretsFromEnv } from "../core/redact.ts";
import { resolveRoot } from "../core/repo-root.ts";

/** Every file under `dir`, sorted (an empty folder is a usage error: nothing was built). */
export function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch {
    throw new UsageError(`--dir ${dir} is not a folder`);
  }
  const files = names.map((n) => join(dir, n)).filter((f) => statSync(f).isFile());
  if (!files.length) throw new UsageError(`nothing to upload in ${dir}`);
  return files.sort();
}

export async function uploadAssetsMain(argv: string[], opts: FlowOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const { values: v, positionals } = parseCli(UPLOAD_ASSETS, argv);
  registerSecretsFromEnv(env);
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const tag = v["release-tag"];
  const dir = v.dir;
  if (!tag || !dir) throw new UsageError("--release-tag TAG and --dir DIR are required");
  if (v.json) setQuiet(true);
  const root = await resolveRoot(v.repo, cwd);
  const config = await loadConfig(root, { env, githubRepo: v["github-repo"] });
  if (!config.repository) throw new UsageError("name the repository: --github-repo OWNER/NAME or GITHUB_REPOSITORY");
  if (!env.GITHUB_TOKEN) throw new UsageError("GITHUB_TOKEN is required to upload to the release");
  const files = filesUnder(resolve(cwd, dir));
  const { createGitHub } = await import("../github/client.ts");
  const { uploadReleaseAssets } = await import("../github/release-assets.ts");
  const gh = createGitHub({ token: env.GITHUB_TOKEN, baseUrl: config.github.apiUrl ?? env.GITHUB_API_URL });
  const uploaded = await uploadReleaseAssets(gh, {
    repo: config.repository,
    tag,
    files,
    ...(v.checksums ? { checksums: v.checksums } : {}),
  });
  for (const u of uploaded) log(`${u.replaced ? "replaced" : "uploaded"} ${u.name}`);
  if (v.json) out(JSON.stringify({ tag, uploaded }, null, 2));
  else out(`uploaded ${uploaded.length} asset(s) to the draft ${tag}`);
  return 0;
}
