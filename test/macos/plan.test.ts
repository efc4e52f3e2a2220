/**
 * The finalizer's pure planner, one table: bundle facts and options in, the whole plan
 * out (every step as `kind command...`, the cleanup, the latest.json entries, the notes,
 * the repairs), or the refusal. The bundles are plain scan data, so nothing touches the
 * disk. Each row spells its expected steps out; the shared fragments below are the
 * literal lines that several rows repeat.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { MachoFileType } from "../../tasks/lib/macos/macho.ts";
import {
  buildPlan,
  planDocument,
  type FinalizeOptions,
  type FinalizePlan,
  type PlanFacts,
} from "../../tasks/lib/macos/plan.ts";
import type { Repair } from "../../tasks/lib/macos/repair.ts";
import type { BundleScan, ScanEntry } from "../../tasks/lib/macos/scan.ts";
import { finalizeOptions } from "./fixtures.ts";

/** A bundle as the scan sees it: path → Mach-O file type, "plist"/"data" for other files, "-> target" for a link. */
type Tree = Record<string, MachoFileType | "plist" | "data" | `-> ${string}`>;

function scanOf(tree: Tree, archs = ["arm64"]): BundleScan {
  const entries = new Map<string, ScanEntry>();
  for (const [path, kind] of Object.entries(tree)) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      entries.set(dir, { path: dir, type: "dir" });
    }
    if (kind.startsWith("-> ")) entries.set(path, { path, type: "symlink", target: kind.slice(3) });
    else if (kind === "plist" || kind === "data") entries.set(path, { path, type: "file" });
    else
      entries.set(path, {
        path,
        type: "file",
        mode: 0o755,
        size: 4096,
        macho: { format: "thin64", fileType: kind as MachoFileType, archs },
      });
  }
  return { entries: [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

const ID = "Developer ID Application: Acme (TEAM123456)";
const A = "Atlas.app";
const BASE = `codesign --force --sign ${ID} --timestamp`;
const APPLE_ID = "--apple-id $APPLE_ID --team-id $APPLE_TEAM_ID --password $APPLE_PASSWORD";

/** The smallest app: Info.plist and the main executable. */
const MINIMAL: Tree = { "Contents/Info.plist": "plist", "Contents/MacOS/atlas": "execute" };

const OPTS = finalizeOptions(ID);

// Literal lines several rows share (the defaults: Developer ID, Apple ID notarization, aarch64, out/).
const SIGN_MINIMAL = [
  `clean xattr -cr ${A}`,
  `codesign ${BASE} --options runtime ${A}/Contents/MacOS/atlas`,
  `codesign ${BASE} --options runtime ${A}`,
];
const VERIFY_MINIMAL = [`verify codesign --verify --deep --strict --verbose=2 ${A}`, `inspect codesign -dvvv ${A}`];
const NOTARIZE_APP = [
  `archive ditto -c -k --keepParent ${A} out/Atlas.zip`,
  `notarize xcrun notarytool submit out/Atlas.zip --no-wait --output-format json ${APPLE_ID}`,
  `notarize xcrun notarytool wait <submission-id> --timeout 60m --output-format json ${APPLE_ID}`,
  `staple xcrun stapler staple ${A}`,
  `verify xcrun stapler validate ${A}`,
];
const SPCTL_APP = `verify spctl --assess --type execute --verbose=4 ${A}`;
const UPDATER = [
  `archive node:tar create --gzip --file out/Atlas_aarch64.app.tar.gz ${A}`,
  "updater-sign node_modules/.bin/tauri signer sign -f updater.key -p *** --app-version 1.4.0 out/Atlas_aarch64.app.tar.gz",
];
const DMG_BUILD = [
  "dmg rm -rf out/dmg-staging",
  "dmg mkdir -p out/dmg-staging",
  `dmg ditto ${A} out/dmg-staging/${A}`,
  "dmg ln -s /Applications out/dmg-staging/Applications",
  "dmg hdiutil create -volname Atlas -srcfolder out/dmg-staging -ov -format UDZO out/Atlas_1.4.0_aarch64.dmg",
  "dmg rm -rf out/dmg-staging",
  `codesign ${BASE} out/Atlas_1.4.0_aarch64.dmg`,
  "verify codesign --verify --strict --verbose=2 out/Atlas_1.4.0_aarch64.dmg",
];
const DMG_NOTARIZE = [
  `notarize xcrun notarytool submit out/Atlas_1.4.0_aarch64.dmg --no-wait --output-format json ${APPLE_ID}`,
  `notarize xcrun notarytool wait <submission-id> --timeout 60m --output-format json ${APPLE_ID}`,
  "staple xcrun stapler staple out/Atlas_1.4.0_aarch64.dmg",
  "verify xcrun stapler validate out/Atlas_1.4.0_aarch64.dmg",
];
const DMG_SPCTL =
  "verify spctl --assess --type open --context context:primary-signature --verbose=4 out/Atlas_1.4.0_aarch64.dmg";
const MANIFEST = "manifest node:latest-json merge --version 1.4.0 out/latest.json";
const ARCHIVE_FILES = "out/Atlas_aarch64.app.tar.gz out/Atlas_aarch64.app.tar.gz.sig";
const ENTRIES_AARCH64 = [
  "darwin-aarch64 -> Atlas_aarch64.app.tar.gz (Atlas_aarch64.app.tar.gz.sig)",
  "darwin-aarch64-app -> Atlas_aarch64.app.tar.gz (Atlas_aarch64.app.tar.gz.sig)",
];
/** The options that cut a plan down to signing and verification (the rows about the bundle's shape). */
const SIGN_ONLY = { skipNotarize: true, skipDmg: true, skipManifest: true, skipUpload: true };

/**
 * Niamoto's bundle (niamoto/niamoto at 2e34f09): productName "Niamoto"; tauri.conf.json
 * bundles `resources/sidecar/` as `sidecar/`; build-tauri.yml builds the PyInstaller
 * sidecar with NIAMOTO_PYINSTALLER_MODE=onedir (build_scripts/niamoto.spec's COLLECT
 * named `niamoto`), copies dist/niamoto to `resources/sidecar/<target>/niamoto`, and
 * links `_internal/Python` to `Python.framework/Versions/<version>/Python`. The file
 * names inside `_internal/` besides the framework are modelled, not listed from a build.
 */
const SIDE = "Contents/Resources/sidecar/aarch64-apple-darwin/niamoto";
const NIAMOTO: Tree = {
  "Contents/Info.plist": "plist",
  "Contents/MacOS/Niamoto": "execute",
  [`${SIDE}/niamoto`]: "execute",
  [`${SIDE}/_internal/Python`]: "-> Python.framework/Versions/3.12/Python",
  [`${SIDE}/_internal/Python.framework/Versions/3.12/Python`]: "dylib",
  [`${SIDE}/_internal/Python.framework/Versions/3.12/Resources/Info.plist`]: "plist",
  [`${SIDE}/_internal/Python.framework/Versions/Current`]: "-> 3.12",
  [`${SIDE}/_internal/lib-dynload/_ssl.cpython-312-darwin.so`]: "bundle",
  [`${SIDE}/_internal/libcrypto.3.dylib`]: "dylib",
  [`${SIDE}/_internal/base_library.zip`]: "data",
};
const N = "Niamoto.app";
const NBASE = `codesign --force --sign ${ID} --timestamp`;

/** A framework with nested code of every kind: a helper tool, a helper app and an XPC service (Sparkle 2's shape). */
const FW = "Contents/Frameworks/Sparkle.framework";
const WITH_FRAMEWORK: Tree = {
  ...MINIMAL,
  [`${FW}/Versions/B/Sparkle`]: "dylib",
  [`${FW}/Versions/B/Resources/Info.plist`]: "plist",
  [`${FW}/Versions/Current`]: "-> B",
  [`${FW}/Sparkle`]: "-> Versions/Current/Sparkle",
  [`${FW}/Versions/B/Autoupdate`]: "execute",
  [`${FW}/Versions/B/Updater.app/Contents/Info.plist`]: "plist",
  [`${FW}/Versions/B/Updater.app/Contents/MacOS/Updater`]: "execute",
  [`${FW}/Versions/B/XPCServices/Downloader.xpc/Contents/Info.plist`]: "plist",
  [`${FW}/Versions/B/XPCServices/Downloader.xpc/Contents/MacOS/Downloader`]: "execute",
};

interface Row {
  name: string;
  tree?: Tree;
  archs?: string[];
  facts?: Partial<Omit<PlanFacts, "scan">>;
  options?: Partial<FinalizeOptions>;
  /** the plan, or the refusal's message */
  want:
    | {
        steps: string[];
        cleanup?: string[];
        entries?: string[];
        notes?: string[];
        repairs?: string[];
        arch?: string;
      }
    | RegExp;
}

const rows: Row[] = [
  {
    name: "Developer ID with every phase: sign inside-out, verify, notarize and staple, spctl, updater, DMG, manifest, upload",
    want: {
      steps: [
        ...SIGN_MINIMAL,
        ...VERIFY_MINIMAL,
        ...NOTARIZE_APP,
        SPCTL_APP,
        ...UPDATER,
        ...DMG_BUILD,
        ...DMG_NOTARIZE,
        DMG_SPCTL,
        MANIFEST,
        `upload node:github upload --release-tag v1.4.0 ${ARCHIVE_FILES} out/Atlas_1.4.0_aarch64.dmg out/latest.json`,
      ],
      entries: ENTRIES_AARCH64,
    },
  },
  {
    name: "--skip-upload: everything up to latest.json, nothing uploaded",
    options: { skipUpload: true },
    want: {
      steps: [
        ...SIGN_MINIMAL,
        ...VERIFY_MINIMAL,
        ...NOTARIZE_APP,
        SPCTL_APP,
        ...UPDATER,
        ...DMG_BUILD,
        ...DMG_NOTARIZE,
        DMG_SPCTL,
        MANIFEST,
      ],
      entries: ENTRIES_AARCH64,
    },
  },
  {
    name: "--skip-manifest: no latest.json (a later job assembles it); the upload carries the archive, its signature and the DMG",
    options: { skipManifest: true },
    want: {
      steps: [
        ...SIGN_MINIMAL,
        ...VERIFY_MINIMAL,
        ...NOTARIZE_APP,
        SPCTL_APP,
        ...UPDATER,
        ...DMG_BUILD,
        ...DMG_NOTARIZE,
        DMG_SPCTL,
        `upload node:github upload --release-tag v1.4.0 ${ARCHIVE_FILES} out/Atlas_1.4.0_aarch64.dmg`,
      ],
    },
  },
  {
    name: "--skip-dmg --skip-manifest --skip-upload: the plan ends with the updater signature",
    options: { skipDmg: true, skipManifest: true, skipUpload: true },
    want: { steps: [...SIGN_MINIMAL, ...VERIFY_MINIMAL, ...NOTARIZE_APP, SPCTL_APP, ...UPDATER] },
  },
  {
    name: "--skip-notarize: no zip, notarytool, stapler or spctl, for the app or the DMG; the DMG is still signed and verified",
    options: { skipNotarize: true },
    want: {
      steps: [
        ...SIGN_MINIMAL,
        ...VERIFY_MINIMAL,
        ...UPDATER,
        ...DMG_BUILD,
        MANIFEST,
        `upload node:github upload --release-tag v1.4.0 ${ARCHIVE_FILES} out/Atlas_1.4.0_aarch64.dmg out/latest.json`,
      ],
      entries: ENTRIES_AARCH64,
    },
  },
  {
    name: "--skip-spctl: notarized and stapled, Gatekeeper not asked (neither for the app nor the DMG)",
    options: { skipSpctl: true, skipManifest: true, skipUpload: true },
    want: {
      steps: [...SIGN_MINIMAL, ...VERIFY_MINIMAL, ...NOTARIZE_APP, ...UPDATER, ...DMG_BUILD, ...DMG_NOTARIZE],
    },
  },
  {
    name: "--ad-hoc --skip-notarize: identity '-', no --timestamp, no codesign -dvvv; a --keychain is passed on but no identity is looked for",
    options: {
      adHoc: true,
      skipNotarize: true,
      skipDmg: true,
      skipUpload: true,
      keychain: { path: "/Users/runner/build.keychain" },
    },
    want: {
      steps: [
        `clean xattr -cr ${A}`,
        `codesign codesign --force --sign - --keychain /Users/runner/build.keychain --options runtime ${A}/Contents/MacOS/atlas`,
        `codesign codesign --force --sign - --keychain /Users/runner/build.keychain --options runtime ${A}`,
        `verify codesign --verify --deep --strict --verbose=2 ${A}`,
        ...UPDATER,
        MANIFEST,
      ],
      entries: ENTRIES_AARCH64,
    },
  },
  {
    name: "--ad-hoc without --skip-notarize is refused: Apple notarizes only Developer ID signatures",
    options: { adHoc: true },
    want: /Cannot notarize an ad-hoc signature/,
  },
  {
    name: "x86_64: the archive, the DMG and both latest.json keys are named for it",
    archs: ["x86_64"],
    options: { arch: "x86_64", skipNotarize: true },
    want: {
      arch: "x86_64",
      steps: [
        ...SIGN_MINIMAL,
        ...VERIFY_MINIMAL,
        `archive node:tar create --gzip --file out/Atlas_x86_64.app.tar.gz ${A}`,
        "updater-sign node_modules/.bin/tauri signer sign -f updater.key -p *** --app-version 1.4.0 out/Atlas_x86_64.app.tar.gz",
        "dmg rm -rf out/dmg-staging",
        "dmg mkdir -p out/dmg-staging",
        `dmg ditto ${A} out/dmg-staging/${A}`,
        "dmg ln -s /Applications out/dmg-staging/Applications",
        "dmg hdiutil create -volname Atlas -srcfolder out/dmg-staging -ov -format UDZO out/Atlas_1.4.0_x86_64.dmg",
        "dmg rm -rf out/dmg-staging",
        `codesign ${BASE} out/Atlas_1.4.0_x86_64.dmg`,
        "verify codesign --verify --strict --verbose=2 out/Atlas_1.4.0_x86_64.dmg",
        MANIFEST,
        "upload node:github upload --release-tag v1.4.0 out/Atlas_x86_64.app.tar.gz out/Atlas_x86_64.app.tar.gz.sig out/Atlas_1.4.0_x86_64.dmg out/latest.json",
      ],
      entries: [
        "darwin-x86_64 -> Atlas_x86_64.app.tar.gz (Atlas_x86_64.app.tar.gz.sig)",
        "darwin-x86_64-app -> Atlas_x86_64.app.tar.gz (Atlas_x86_64.app.tar.gz.sig)",
      ],
    },
  },
  {
    name: "universal: one archive serves both darwin architectures, under four keys",
    archs: ["x86_64", "arm64"],
    options: { arch: "universal", skipNotarize: true, skipDmg: true, skipUpload: true },
    want: {
      arch: "universal",
      steps: [
        ...SIGN_MINIMAL,
        ...VERIFY_MINIMAL,
        `archive node:tar create --gzip --file out/Atlas_universal.app.tar.gz ${A}`,
        "updater-sign node_modules/.bin/tauri signer sign -f updater.key -p *** --app-version 1.4.0 out/Atlas_universal.app.tar.gz",
        MANIFEST,
      ],
      entries: [
        "darwin-aarch64 -> Atlas_universal.app.tar.gz (Atlas_universal.app.tar.gz.sig)",
        "darwin-aarch64-app -> Atlas_universal.app.tar.gz (Atlas_universal.app.tar.gz.sig)",
        "darwin-x86_64 -> Atlas_universal.app.tar.gz (Atlas_universal.app.tar.gz.sig)",
        "darwin-x86_64-app -> Atlas_universal.app.tar.gz (Atlas_universal.app.tar.gz.sig)",
      ],
    },
  },
  {
    name: "an arch Tauri's updater does not know is refused before any step",
    options: { arch: "arm64e" },
    want: /Cannot plan latest\.json for arch arm64e/,
  },
  {
    name: "a certificate from APPLE_CERTIFICATE: a temporary keychain first, --keychain on every codesign, and a cleanup that removes it and the decoded .p12",
    options: {
      ...SIGN_ONLY,
      keychain: {
        path: "$TMPDIR/finalize-keychain/signing.keychain-db",
        p12: "$TMPDIR/finalize-keychain/certificate.p12",
        fromEnv: true,
      },
    },
    want: {
      steps: [
        "keychain node:p12 decode $APPLE_CERTIFICATE $TMPDIR/finalize-keychain/certificate.p12",
        "keychain security create-keychain -p $FINALIZE_KEYCHAIN_PASSWORD $TMPDIR/finalize-keychain/signing.keychain-db",
        "keychain security set-keychain-settings -lut 21600 $TMPDIR/finalize-keychain/signing.keychain-db",
        "keychain security unlock-keychain -p $FINALIZE_KEYCHAIN_PASSWORD $TMPDIR/finalize-keychain/signing.keychain-db",
        "keychain security import $TMPDIR/finalize-keychain/certificate.p12 -k $TMPDIR/finalize-keychain/signing.keychain-db -f pkcs12 -P $APPLE_CERTIFICATE_PASSWORD -T /usr/bin/codesign",
        "keychain security set-key-partition-list -S apple-tool:,apple:,codesign: -s -k $FINALIZE_KEYCHAIN_PASSWORD $TMPDIR/finalize-keychain/signing.keychain-db",
        "keychain security list-keychains -d user -s $TMPDIR/finalize-keychain/signing.keychain-db <current search list>",
        "keychain security find-identity -v -p codesigning $TMPDIR/finalize-keychain/signing.keychain-db",
        `clean xattr -cr ${A}`,
        `codesign codesign --force --sign ${ID} --keychain $TMPDIR/finalize-keychain/signing.keychain-db --timestamp --options runtime ${A}/Contents/MacOS/atlas`,
        `codesign codesign --force --sign ${ID} --keychain $TMPDIR/finalize-keychain/signing.keychain-db --timestamp --options runtime ${A}`,
        ...VERIFY_MINIMAL,
        ...UPDATER,
      ],
      cleanup: [
        "keychain security list-keychains -d user -s <current search list>",
        "keychain security delete-keychain $TMPDIR/finalize-keychain/signing.keychain-db",
        "keychain node:rm $TMPDIR/finalize-keychain/certificate.p12",
      ],
    },
  },
  {
    name: "an existing --keychain: only its identity is checked first, and nothing is cleaned up",
    options: { ...SIGN_ONLY, keychain: { path: "/Users/runner/build.keychain" } },
    want: {
      steps: [
        "keychain security find-identity -v -p codesigning /Users/runner/build.keychain",
        `clean xattr -cr ${A}`,
        `codesign codesign --force --sign ${ID} --keychain /Users/runner/build.keychain --timestamp --options runtime ${A}/Contents/MacOS/atlas`,
        `codesign codesign --force --sign ${ID} --keychain /Users/runner/build.keychain --timestamp --options runtime ${A}`,
        ...VERIFY_MINIMAL,
        ...UPDATER,
      ],
    },
  },
  {
    name: "App Store Connect API key: the key file, its id and the issuer on both submissions (app and DMG)",
    options: {
      skipManifest: true,
      skipUpload: true,
      skipSpctl: true,
      notaryAuth: {
        kind: "api-key",
        key: "AuthKey_ABC1234567.p8",
        keyId: "ABC1234567",
        issuer: "69a6de7e-1111-2222-3333-5bc37c11a4d1",
      },
    },
    want: {
      steps: [
        ...SIGN_MINIMAL,
        ...VERIFY_MINIMAL,
        `archive ditto -c -k --keepParent ${A} out/Atlas.zip`,
        "notarize xcrun notarytool submit out/Atlas.zip --no-wait --output-format json --key AuthKey_ABC1234567.p8 --key-id ABC1234567 --issuer 69a6de7e-1111-2222-3333-5bc37c11a4d1",
        "notarize xcrun notarytool wait <submission-id> --timeout 60m --output-format json --key AuthKey_ABC1234567.p8 --key-id ABC1234567 --issuer 69a6de7e-1111-2222-3333-5bc37c11a4d1",
        `staple xcrun stapler staple ${A}`,
        `verify xcrun stapler validate ${A}`,
        ...UPDATER,
        ...DMG_BUILD,
        "notarize xcrun notarytool submit out/Atlas_1.4.0_aarch64.dmg --no-wait --output-format json --key AuthKey_ABC1234567.p8 --key-id ABC1234567 --issuer 69a6de7e-1111-2222-3333-5bc37c11a4d1",
        "notarize xcrun notarytool wait <submission-id> --timeout 60m --output-format json --key AuthKey_ABC1234567.p8 --key-id ABC1234567 --issuer 69a6de7e-1111-2222-3333-5bc37c11a4d1",
        "staple xcrun stapler staple out/Atlas_1.4.0_aarch64.dmg",
        "verify xcrun stapler validate out/Atlas_1.4.0_aarch64.dmg",
      ],
    },
  },
  {
    name: "no --release-tag: the upload names $RELEASE_TAG; the output folder and the DMG's volume name as given",
    options: { releaseTag: undefined, skipNotarize: true, outputDir: "dist/macos", volumeName: "Atlas Installer" },
    want: {
      steps: [
        ...SIGN_MINIMAL,
        ...VERIFY_MINIMAL,
        `archive node:tar create --gzip --file dist/macos/Atlas_aarch64.app.tar.gz ${A}`,
        "updater-sign node_modules/.bin/tauri signer sign -f updater.key -p *** --app-version 1.4.0 dist/macos/Atlas_aarch64.app.tar.gz",
        "dmg rm -rf dist/macos/dmg-staging",
        "dmg mkdir -p dist/macos/dmg-staging",
        `dmg ditto ${A} dist/macos/dmg-staging/${A}`,
        "dmg ln -s /Applications dist/macos/dmg-staging/Applications",
        "dmg hdiutil create -volname Atlas Installer -srcfolder dist/macos/dmg-staging -ov -format UDZO dist/macos/Atlas_1.4.0_aarch64.dmg",
        "dmg rm -rf dist/macos/dmg-staging",
        `codesign ${BASE} dist/macos/Atlas_1.4.0_aarch64.dmg`,
        "verify codesign --verify --strict --verbose=2 dist/macos/Atlas_1.4.0_aarch64.dmg",
        "manifest node:latest-json merge --version 1.4.0 dist/macos/latest.json",
        "upload node:github upload --release-tag $RELEASE_TAG dist/macos/Atlas_aarch64.app.tar.gz dist/macos/Atlas_aarch64.app.tar.gz.sig dist/macos/Atlas_1.4.0_aarch64.dmg dist/macos/latest.json",
      ],
      entries: ENTRIES_AARCH64,
    },
  },
  {
    name: "Niamoto's PyInstaller sidecar: libraries deepest first, the sidecar's executable with the hardened runtime, Python.framework with its active version, then the main executable and the app; each part verified on its own",
    tree: NIAMOTO,
    facts: { appName: N, productName: "Niamoto", executable: "Niamoto" },
    options: SIGN_ONLY,
    want: {
      steps: [
        `clean xattr -cr ${N}`,
        `codesign ${NBASE} ${N}/${SIDE}/_internal/lib-dynload/_ssl.cpython-312-darwin.so ${N}/${SIDE}/_internal/libcrypto.3.dylib`,
        `codesign ${NBASE} --options runtime ${N}/${SIDE}/niamoto`,
        `codesign ${NBASE} --bundle-version 3.12 ${N}/${SIDE}/_internal/Python.framework`,
        `codesign ${NBASE} --options runtime ${N}/Contents/MacOS/Niamoto`,
        `codesign ${NBASE} --options runtime ${N}`,
        `verify codesign --verify --strict --verbose=2 --bundle-version 3.12 ${N}/${SIDE}/_internal/Python.framework`,
        `verify codesign --verify --strict --verbose=2 ${N}/${SIDE}/niamoto`,
        `verify codesign --verify --deep --strict --verbose=2 ${N}`,
        `inspect codesign -dvvv ${N}`,
        `inspect codesign -dvvv ${N}/${SIDE}/niamoto`,
        `archive node:tar create --gzip --file out/Niamoto_aarch64.app.tar.gz ${N}`,
        "updater-sign node_modules/.bin/tauri signer sign -f updater.key -p *** --app-version 1.4.0 out/Niamoto_aarch64.app.tar.gz",
      ],
      notes: [
        `${N}/Contents/Resources/sidecar: 4 Mach-O file(s) outside Apple's code locations; each is signed and verified on its own (codesign --deep treats them as data)`,
      ],
    },
  },
  {
    name: "entitlements: the app's for the app and its main executable, the sidecar's for every other executable, none for libraries and frameworks",
    tree: NIAMOTO,
    facts: { appName: N, productName: "Niamoto", executable: "Niamoto" },
    options: { ...SIGN_ONLY, entitlements: "Entitlements.plist", sidecarEntitlements: "Sidecar.plist" },
    want: {
      steps: [
        `clean xattr -cr ${N}`,
        `codesign ${NBASE} ${N}/${SIDE}/_internal/lib-dynload/_ssl.cpython-312-darwin.so ${N}/${SIDE}/_internal/libcrypto.3.dylib`,
        `codesign ${NBASE} --options runtime --entitlements Sidecar.plist ${N}/${SIDE}/niamoto`,
        `codesign ${NBASE} --bundle-version 3.12 ${N}/${SIDE}/_internal/Python.framework`,
        `codesign ${NBASE} --options runtime --entitlements Entitlements.plist ${N}/Contents/MacOS/Niamoto`,
        `codesign ${NBASE} --options runtime --entitlements Entitlements.plist ${N}`,
        `verify codesign --verify --strict --verbose=2 --bundle-version 3.12 ${N}/${SIDE}/_internal/Python.framework`,
        `verify codesign --verify --strict --verbose=2 ${N}/${SIDE}/niamoto`,
        `verify codesign --verify --deep --strict --verbose=2 ${N}`,
        `inspect codesign -dvvv ${N}`,
        `inspect codesign -dvvv ${N}/${SIDE}/niamoto`,
        `archive node:tar create --gzip --file out/Niamoto_aarch64.app.tar.gz ${N}`,
        "updater-sign node_modules/.bin/tauri signer sign -f updater.key -p *** --app-version 1.4.0 out/Niamoto_aarch64.app.tar.gz",
      ],
      notes: [
        `${N}/Contents/Resources/sidecar: 4 Mach-O file(s) outside Apple's code locations; each is signed and verified on its own (codesign --deep treats them as data)`,
      ],
    },
  },
  {
    name: "a framework with a helper tool, a helper app and an XPC service: their executables first, then the service, the helper app (with the runtime), the framework; the framework verified at its active version",
    tree: WITH_FRAMEWORK,
    options: SIGN_ONLY,
    want: {
      steps: [
        `clean xattr -cr ${A}`,
        `codesign ${BASE} --options runtime ${A}/${FW}/Versions/B/XPCServices/Downloader.xpc/Contents/MacOS/Downloader ${A}/${FW}/Versions/B/Updater.app/Contents/MacOS/Updater ${A}/${FW}/Versions/B/Autoupdate`,
        `codesign ${BASE} ${A}/${FW}/Versions/B/XPCServices/Downloader.xpc`,
        `codesign ${BASE} --options runtime ${A}/${FW}/Versions/B/Updater.app`,
        `codesign ${BASE} ${A}/${FW}`,
        `codesign ${BASE} --options runtime ${A}/Contents/MacOS/atlas`,
        `codesign ${BASE} --options runtime ${A}`,
        `verify codesign --verify --strict --verbose=2 --bundle-version B ${A}/${FW}`,
        ...VERIFY_MINIMAL,
        ...UPDATER,
      ],
    },
  },
  {
    name: "a folder named like a bundle without an Info.plist: its code is signed file by file, the folder is not sealed, and the plan says so",
    tree: { ...MINIMAL, "Contents/Resources/lib/data.bundle/libdata.dylib": "dylib" },
    options: SIGN_ONLY,
    want: {
      steps: [
        `clean xattr -cr ${A}`,
        `codesign ${BASE} ${A}/Contents/Resources/lib/data.bundle/libdata.dylib`,
        ...SIGN_MINIMAL.slice(1),
        ...VERIFY_MINIMAL,
        ...UPDATER,
      ],
      notes: [
        `${A}/Contents/Resources/lib: 1 Mach-O file(s) outside Apple's code locations; each is signed and verified on its own (codesign --deep treats them as data)`,
        `${A}/Contents/Resources/lib/data.bundle: named like a bundle but has no Info.plist; its code is signed file by file, the folder is not sealed as a bundle`,
      ],
    },
  },
  {
    name: "repairs are reported under the app's name; they change no step",
    facts: {
      repairs: [
        {
          path: "Contents/MacOS/atlas",
          action: "restore the executable bit (0644 -> 0755)",
          op: { type: "chmod", from: 0o644, to: 0o755 },
        },
      ],
    },
    options: SIGN_ONLY,
    want: {
      steps: [...SIGN_MINIMAL, ...VERIFY_MINIMAL, ...UPDATER],
      repairs: [`${A}/Contents/MacOS/atlas: restore the executable bit (0644 -> 0755)`],
    },
  },
];

const line = (s: { kind: string; command: string[] }) => `${s.kind} ${s.command.join(" ")}`;

function summary(plan: FinalizePlan) {
  return {
    steps: plan.steps.map(line),
    cleanup: plan.cleanup.map(line),
    entries: plan.steps
      .flatMap((s) => (s.kind === "manifest" ? s.entries : []))
      .map((e) => `${e.key} -> ${e.asset} (${e.signatureFile})`),
    notes: plan.notes,
    repairs: plan.repairs.map((r) => `${r.path}: ${r.action}`),
    arch: plan.arch,
  };
}

for (const row of rows) {
  test(`buildPlan(): ${row.name}`, () => {
    const facts: PlanFacts = {
      appName: A,
      productName: "Atlas",
      executable: "atlas",
      version: "1.4.0",
      repairs: [] as Repair[],
      ...row.facts,
      scan: scanOf(row.tree ?? MINIMAL, row.archs),
    };
    const options = { ...OPTS, ...row.options };
    if (row.want instanceof RegExp) {
      assert.throws(() => buildPlan(facts, options), row.want);
      return;
    }
    const plan = buildPlan(facts, options);
    assert.deepEqual(summary(plan), {
      steps: row.want.steps,
      cleanup: row.want.cleanup ?? [],
      entries: row.want.entries ?? [],
      notes: row.want.notes ?? [],
      repairs: row.want.repairs ?? [],
      arch: row.want.arch ?? "aarch64",
    });
    assert.equal(plan.app, facts.appName);
    assert.equal(plan.version, "1.4.0");
  });
}

test("the runner's in-process steps are typed, shown as `node:` commands, and --plan --json prints no more", () => {
  const facts: PlanFacts = {
    appName: A,
    productName: "Atlas",
    executable: "atlas",
    version: "1.4.0",
    repairs: [],
    scan: scanOf(MINIMAL),
  };
  const keychain = { path: "/tmp/k/signing.keychain-db", p12: "/tmp/k/certificate.p12", fromEnv: true };
  const plan = buildPlan(facts, { ...OPTS, keychain, releaseTag: "v1.4.0" });
  const all = [...plan.steps, ...plan.cleanup];
  assert.deepEqual(
    all.filter((s) => "inProcess" in s).map((s) => ("inProcess" in s ? `${s.inProcess} ${s.command[0]}` : "")),
    [
      "write-certificate node:p12",
      "updater-archive node:tar",
      "latest-json node:latest-json",
      "upload node:github",
      "remove-file node:rm",
    ],
  );
  assert.ok(
    all.every((s) => "inProcess" in s || !s.command[0]!.startsWith("node:")),
    "a program step runs a program",
  );
  const doc = JSON.parse(JSON.stringify(planDocument(plan)));
  assert.ok(!JSON.stringify(doc).includes("inProcess"));
  assert.deepEqual(
    doc.steps.map((s: { kind: string }) => s.kind),
    plan.steps.map((s) => s.kind),
  );
  assert.deepEqual(Object.keys(doc.steps.find((s: { kind: string }) => s.kind === "manifest")), [
    "kind",
    "command",
    "paths",
    "entries",
  ]);
});
