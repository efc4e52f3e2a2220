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
import { API_KEY_ENV, NOTARY_ENV, type NotaryAuth } from "./notarize.ts";
import { CERTIFICATE_ENV, CERTIFICATE_PASSWORD_ENV, chooseIdentity } from "./keychain.ts";
import {
  DEFAULT_PASSWORD_ENV,
  KEY_ENV,
  KEY_PATH_ENV,
  locateUpdaterKey,
  openUpdaterKey,
} from "../signing/updater-key-locate.ts";
import { updaterKeyInput } from "../signing/updater-key-resolve.ts";
import type { FinalizeSwitches } from "./switches.ts";

/** What the finalizer knows when it runs its preconditions (facts.macos). */
export interface MacosFacts extends FinalizeSwitches {
  platform: NodeJS.Platform;
  identity?: string;
  keychain?: string;
  /** the .p12 file to import, or "APPLE_CERTIFICATE" when it comes from the environment */
  p12?: string;
  entitlements?: string;
  sidecarEntitlements?: string;
  notaryAuth?: NotaryAuth;
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
  if (!f?.skipSpctl && !f?.skipNotarize) tools.push("spctl");
  if (!f?.skipDmg) tools.push("hdiutil");
  if (!f?.adHoc) tools.push("security");
  return tools;
}

export { parseIdentities } from "./keychain.ts";

/** Entitlements Apple's notary service rejects in a Developer ID app (a debugger may attach). */
export const DANGEROUS_ENTITLEMENTS = ["com.apple.security.get-task-allow"];

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
    title: "a keychain holds the signing identity",
    async run(ctx) {
      const f = factsOf(ctx);
      if (!f) return skip("not finalizing");
      if (f.adHoc) return pass("ad-hoc signing (-)");
      if (f.p12)
        return pass(
          `the certificate from ${f.p12} goes into a temporary keychain; its identity is checked there before the first change`,
        );
      if (f.platform !== "darwin")
        return f.identity
          ? pass(`identity: ${f.identity} (its keychain is checked on macOS)`)
          : fail("no identity given", "Pass --identity NAME or set APPLE_SIGNING_IDENTITY, or --p12 FILE.");
      const list = f.findIdentities
        ? await f.findIdentities()
        : (
            await readProcess(
              ["security", "find-identity", "-v", "-p", "codesigning", ...(f.keychain ? [f.keychain] : [])],
              {
                cwd: ctx.root,
                nothrow: true,
              },
            )
          ).stdout;
      const chosen = chooseIdentity(list, f.identity);
      if (chosen.ok) {
        if (!f.identity) f.foundIdentity = chosen.identity;
        return pass(
          `${f.identity ? "found" : "found the one"} ${chosen.identity}${f.keychain ? ` in ${f.keychain}` : ""}`,
        );
      }
      return fail(
        `${f.keychain ? `in ${f.keychain}: ` : "in the keychain search list: "}${chosen.reason}`,
        "Import the certificate (--p12 FILE, or APPLE_CERTIFICATE + APPLE_CERTIFICATE_PASSWORD), or pass --identity NAME (and --keychain PATH) naming an identity that is listed; the doctor's signing.* checks validate the .p12.",
      );
    },
  },
  {
    id: "macos.certificate",
    title: "the certificate to import and its password are there",
    async run(ctx) {
      const f = factsOf(ctx);
      if (!f?.p12 || f.adHoc) return skip("no certificate to import");
      if (f.p12 === CERTIFICATE_ENV) {
        const b64 = (ctx.env[CERTIFICATE_ENV] ?? "").replace(/\s+/g, "");
        if (!/^[A-Za-z0-9+/]+=*$/.test(b64) || Buffer.from(b64, "base64").length < 100)
          return fail(
            `${CERTIFICATE_ENV} is not base64 of a .p12`,
            `Set ${CERTIFICATE_ENV} to \`base64 -i certificate.p12\`.`,
          );
      } else if (!existsSync(f.p12))
        return fail(`${f.p12} does not exist`, "Pass --p12 with the exported Developer ID .p12.");
      if (ctx.env[CERTIFICATE_PASSWORD_ENV] === undefined)
        return fail(
          `${CERTIFICATE_PASSWORD_ENV} is not set`,
          `Set ${CERTIFICATE_PASSWORD_ENV} to the .p12's export password.`,
        );
      return pass(`certificate from ${f.p12}, password from ${CERTIFICATE_PASSWORD_ENV}`);
    },
  },
  {
    id: "macos.entitlements",
    title: "the entitlements files are plists without debugging entitlements",
    async run(ctx) {
      const f = factsOf(ctx);
      const files = [
        f?.entitlements ?? ctx.config.macos.entitlements,
        f?.sidecarEntitlements ?? ctx.config.macos.sidecarEntitlements,
      ].filter((x): x is string => Boolean(x));
      if (!files.length) return skip("no entitlements configured");
      // The plist parsers are loaded only when there is an entitlements file to read.
      const { parsePlist } = await import("./plist.ts");
      for (const file of files) {
        if (!existsSync(file))
          return fail(
            `${file} does not exist`,
            "Pass --entitlements FILE or fix macos.entitlements / macos.sidecarEntitlements in release.config.ts.",
          );
        let dict: Record<string, unknown>;
        try {
          dict = parsePlist(readFileSync(file), file);
        } catch (e) {
          return fail((e as Error).message, `Fix the plist syntax of ${file} (\`plutil -lint ${file}\`).`);
        }
        const bad = DANGEROUS_ENTITLEMENTS.filter((k) => dict[k] === true);
        if (bad.length)
          return fail(
            `${file} grants ${bad.join(", ")}: notarization rejects a Developer ID app that lets any debugger attach`,
            `Remove ${bad.join(", ")} from ${file} (Xcode adds it to debug builds only).`,
          );
      }
      return pass(files.join(", "));
    },
  },
  {
    id: "macos.notary-credentials",
    title: "notarization credentials are set",
    async run(ctx) {
      const f = factsOf(ctx);
      if (f && (f.skipNotarize || f.adHoc)) return skip("not notarizing");
      const auth = f?.notaryAuth;
      if (auth?.kind === "api-key") {
        const missing = [
          !auth.key && `--key (or ${API_KEY_ENV.key})`,
          !auth.keyId && `--key-id (or ${API_KEY_ENV.keyId})`,
          !auth.issuer && `--issuer (or ${API_KEY_ENV.issuer})`,
        ].filter(Boolean);
        if (missing.length)
          return fail(
            `the App Store Connect API key is incomplete: missing ${missing.join(", ")}`,
            "Pass --key AuthKey_ID.p8 --key-id ID --issuer UUID together.",
          );
        if (!existsSync(auth.key))
          return fail(`the API key file ${auth.key} does not exist`, "Pass --key with the downloaded AuthKey_<ID>.p8.");
        return pass(`App Store Connect API key ${auth.keyId} (issuer ${auth.issuer})`);
      }
      const missing = NOTARY_ENV.filter((n) => !ctx.env[n]);
      if (!f && missing.length === NOTARY_ENV.length)
        return skip("none of APPLE_ID, APPLE_PASSWORD, APPLE_TEAM_ID is set");
      return missing.length
        ? fail(
            `unset: ${missing.join(", ")}`,
            "Set APPLE_ID, APPLE_PASSWORD (an app-specific password) and APPLE_TEAM_ID, or pass an App Store Connect API key (--key FILE --key-id ID --issuer UUID), or --skip-notarize.",
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
