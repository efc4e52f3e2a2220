/**
 * Item 10: every precondition of a real finalization, checked before the first change
 * to the bundle: the platform and Apple's tools, a signing identity (given or found),
 * notarization credentials, the updater key and its password, the release to upload
 * to. They are ordinary checks, so the doctor runs them too (`macos.*`); without the
 * finalizer's facts (in the doctor) a check that has nothing to judge skips.
 */
import { existsSync, readFileSync } from "node:fs";
import { read as readProcess, onPath } from "../core/exec.ts";
import { fail, pass, skip, type Check, type CheckContext } from "../core/checks/types.ts";
import { ReleaseError } from "../core/errors.ts";
import { NOTARY_ENV } from "./notarize.ts";
import {
  DEFAULT_PASSWORD_ENV,
  KEY_ENV,
  KEY_PATH_ENV,
  locateUpdaterKey,
  openUpdaterKey,
} from "../signing/updater-key-locate.ts";
import { updaterKeyInput } from "../signing/updater-key-resolve.ts";

/** What the finalizer knows when it runs its preconditions (facts.macos). */
export interface MacosFacts {
  platform: NodeJS.Platform;
  adHoc: boolean;
  identity?: string;
  keychain?: string;
  entitlements?: string;
  skipNotarize: boolean;
  skipSpctl: boolean;
  skipDmg: boolean;
  skipUpload: boolean;
  releaseTag?: string;
  repository?: string;
  updaterKeyPath?: string;
  updaterPasswordEnv?: string;
  /** lists codesigning identities (default: `security find-identity -v -p codesigning`) */
  findIdentities?: () => Promise<string>;
  /** set by macos.identity when it finds the one Developer ID identity */
  foundIdentity?: string;
}

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    macos?: MacosFacts;
  }
}

const factsOf = (ctx: CheckContext) => ctx.facts.macos;
const platformOf = (ctx: CheckContext) => factsOf(ctx)?.platform ?? process.platform;

export function requiredTools(f: MacosFacts | undefined): string[] {
  const tools = ["codesign", "xattr", "ditto", "xcrun"];
  if (!f?.skipSpctl) tools.push("spctl");
  if (!f?.skipDmg) tools.push("hdiutil");
  if (!f?.identity && !f?.adHoc) tools.push("security");
  return tools;
}

/** `1) HASH "Developer ID Application: Name (TEAM)"` lines → the names. */
export function parseIdentities(stdout: string): string[] {
  return [...stdout.matchAll(/^\s*\d+\)\s+[0-9A-F]{40}\s+"([^"]+)"/gm)].map((m) => m[1]!);
}

export const macosChecks: Check[] = [
  {
    id: "macos.platform",
    title: "the finalizer runs on macOS",
    async run(ctx) {
      if (!factsOf(ctx)) return skip("not finalizing");
      return platformOf(ctx) === "darwin"
        ? pass("running on macOS")
        : fail(
            `codesign, notarytool and hdiutil exist only on macOS; this is ${platformOf(ctx)}`,
            "Run the finalizer on a macOS runner; here use --plan (print every step) or --repair-only.",
          );
    },
  },
  {
    id: "macos.tools",
    title: "Apple's tools are on PATH",
    async run(ctx) {
      if (platformOf(ctx) !== "darwin") return skip("not on macOS");
      const tools = requiredTools(factsOf(ctx));
      const missing: string[] = [];
      for (const t of tools) if (!(await onPath(t, ctx.env))) missing.push(t);
      return missing.length
        ? fail(
            `missing on PATH: ${missing.join(", ")}`,
            "Install the Xcode command line tools (`xcode-select --install`) and check PATH.",
          )
        : pass(`found ${tools.join(", ")}`);
    },
  },
  {
    id: "macos.identity",
    title: "a signing identity is given or found",
    async run(ctx) {
      const f = factsOf(ctx);
      if (!f) return skip("not finalizing");
      if (f.adHoc) return pass("ad-hoc signing (-)");
      if (f.identity) return pass(`identity: ${f.identity}`);
      if (f.platform !== "darwin")
        return fail("no identity given", "Pass --identity NAME or set APPLE_SIGNING_IDENTITY.");
      const list = f.findIdentities
        ? await f.findIdentities()
        : (
            await readProcess(["security", "find-identity", "-v", "-p", "codesigning"], {
              cwd: ctx.root,
              nothrow: true,
            })
          ).stdout;
      const devId = parseIdentities(list).filter((n) => n.startsWith("Developer ID Application:"));
      if (devId.length === 1) {
        f.foundIdentity = devId[0];
        return pass(`found ${devId[0]}`);
      }
      return fail(
        devId.length
          ? `several Developer ID Application identities: ${devId.join(", ")}`
          : "no identity given and no Developer ID Application identity in the keychains",
        "Pass --identity NAME (and --keychain PATH), or set APPLE_SIGNING_IDENTITY; import the certificate first (the doctor's signing.* checks validate it).",
      );
    },
  },
  {
    id: "macos.entitlements",
    title: "the entitlements file is a plist",
    async run(ctx) {
      const file = factsOf(ctx)?.entitlements ?? ctx.config.macos.entitlements;
      if (!file) return skip("no entitlements configured");
      if (!existsSync(file))
        return fail(
          `${file} does not exist`,
          "Pass --entitlements FILE or fix macos.entitlements in release.config.ts.",
        );
      try {
        // The plist parsers are loaded only when there is an entitlements file to read.
        const { parsePlist } = await import("./plist.ts");
        parsePlist(readFileSync(file), file);
        return pass(file);
      } catch (e) {
        return fail((e as Error).message, `Fix the plist syntax of ${file} (\`plutil -lint ${file}\`).`);
      }
    },
  },
  {
    id: "macos.notary-credentials",
    title: "notarization credentials are set",
    async run(ctx) {
      const f = factsOf(ctx);
      if (f && (f.skipNotarize || f.adHoc)) return skip("not notarizing");
      const missing = NOTARY_ENV.filter((n) => !ctx.env[n]);
      if (!f && missing.length === NOTARY_ENV.length)
        return skip("none of APPLE_ID, APPLE_PASSWORD, APPLE_TEAM_ID is set");
      return missing.length
        ? fail(
            `unset: ${missing.join(", ")}`,
            "Set APPLE_ID, APPLE_PASSWORD (an app-specific password) and APPLE_TEAM_ID, or pass --skip-notarize.",
          )
        : pass("APPLE_ID, APPLE_PASSWORD and APPLE_TEAM_ID are set");
    },
  },
  {
    id: "macos.updater-key",
    title: "the updater key and its password open",
    async run(ctx) {
      const f = factsOf(ctx);
      const passwordEnv = f?.updaterPasswordEnv || DEFAULT_PASSWORD_ENV;
      const anySet =
        f?.updaterKeyPath || ctx.env[KEY_ENV] || ctx.env[KEY_PATH_ENV] || ctx.env[passwordEnv] !== undefined;
      if (!f && !anySet) return skip("no updater key configured");
      try {
        const loc = locateUpdaterKey(ctx.env, { keyPath: f?.updaterKeyPath, passwordEnv, cwd: ctx.root });
        const key = updaterKeyInput(loc);
        // Decrypted in code: a wrong password fails here in a second, before the bundle is touched.
        const opened = await openUpdaterKey(loc.keyText!, key.password);
        if (!opened.ok && opened.reason === "password") {
          return fail(
            `the password does not open the key from ${loc.source} (${passwordEnv}${key.password === "" ? " is empty" : ""})`,
            `Set ${passwordEnv} to the password given to \`tauri signer generate\`.`,
          );
        }
        if (!opened.ok)
          return fail(
            `Cannot open the updater key from ${loc.source}: ${opened.detail}`,
            "Generate a key with `tauri signer generate -w FILE`.",
          );
        return pass(
          `key ${opened.publicKey.keyId} from ${loc.source} opens with ${passwordEnv}${key.password === "" ? " (empty)" : ""}`,
        );
      } catch (e) {
        if (e instanceof ReleaseError)
          return fail(e.message, e.fix ?? "Set TAURI_SIGNING_PRIVATE_KEY and TAURI_SIGNING_PRIVATE_KEY_PASSWORD.");
        throw e;
      }
    },
  },
  {
    id: "macos.release-target",
    title: "the release to upload to is named",
    async run(ctx) {
      const f = factsOf(ctx);
      if (!f || f.skipUpload) return skip("not uploading");
      const missing = [
        !f.releaseTag && "--release-tag",
        !f.repository && "--github-repo (or GITHUB_REPOSITORY)",
        !ctx.env.GITHUB_TOKEN && "GITHUB_TOKEN",
      ].filter(Boolean);
      return missing.length
        ? fail(
            `missing: ${missing.join(", ")}`,
            "Pass --release-tag TAG with the existing release (the workflow passes github.event.release.tag_name), or --skip-upload.",
          )
        : pass(`uploading to ${f.repository} ${f.releaseTag}`);
    },
  },
];
