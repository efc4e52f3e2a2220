/**
 * GitHub-hosted runner images: the labels that select each one, its OS and
 * architecture, and the dates GitHub announced for its deprecation and retirement.
 * Statuses are computed from these dates and a clock (`labelStatus`), so a label
 * retires in the toolkit on the day GitHub retires it, without an edit here.
 */
import { fact, type PlatformFact } from "./fact.ts";

export type RunnerOs = "macos" | "linux" | "windows";
export type RunnerArch = "arm64" | "x64";

export interface RunnerImage {
  /** the image as GitHub names it, e.g. "macOS 15 Arm64" */
  name: string;
  os: RunnerOs;
  arch: RunnerArch;
  /** the free standard labels (public repositories) */
  labels: readonly string[];
  /** larger-runner labels of the same image (billed, also on public repositories) */
  larger?: readonly string[];
  /** a preview image: usable, outside GitHub's SLA */
  preview?: boolean;
  /** first day of the announced deprecation window (brownouts, longer queues) */
  deprecation?: string;
  /** the announced day the image stops running jobs */
  retirement?: string;
  /** the retirement was announced to the month only ("until August 2027"): the first day stands for it */
  approximate?: boolean;
  /** `openssl version` on the image's PATH, where it matters to signing steps */
  openssl?: string;
  /** what else the announcement says that a user of the label must plan for */
  note?: string;
}

const README = "https://github.com/actions/runner-images#available-images (README at 749514466, 2026-08-21)";
const issue = (n: number) => `https://github.com/actions/runner-images/issues/${n}`;
const CHECKED = "2026-12-07";

const image = (value: RunnerImage, source: string, checked = CHECKED): PlatformFact<RunnerImage> =>
  fact(value, source, checked);

/** Every image the toolkit knows, newest first per OS; a label not listed is unknown (self-hosted, custom). */
export const RUNNER_IMAGES = {
  macos26Arm64: image(
    {
      name: "macOS 26 Arm64",
      os: "macos",
      arch: "arm64",
      labels: ["macos-26", "macos-latest"],
      larger: ["macos-26-xlarge"],
      openssl: "OpenSSL 3.6.3",
    },
    `${README}; GA ${issue(13739)}; macos-latest moved to it in June 2026 ${issue(14167)}; OpenSSL from images/macos/macos-26-arm64-Readme.md`,
  ),
  macos26Intel: image(
    {
      name: "macOS 26",
      os: "macos",
      arch: "x64",
      labels: ["macos-26-intel"],
      larger: ["macos-26-large", "macos-latest-large"],
      openssl: "OpenSSL 3.6.3",
      note: "the last x86_64 macOS image: macOS 26 is the last macOS for Intel Macs; no retirement announced yet",
    },
    `${README}; GA on 2026-02-26 ${issue(13739)} and https://github.blog/changelog/2026-02-26-macos-26-is-now-generally-available-for-github-hosted-runners/ (no retirement announced there); projects moving their Intel jobs to it (python-pillow/Pillow#9454, ponylang/ponyup#351); OpenSSL from images/macos/macos-26-Readme.md`,
  ),
  macos15Arm64: image(
    {
      name: "macOS 15 Arm64",
      os: "macos",
      arch: "arm64",
      labels: ["macos-15"],
      larger: ["macos-15-xlarge"],
      openssl: "OpenSSL 1.1.1w",
    },
    `${README}; OpenSSL from images/macos/macos-15-arm64-Readme.md`,
  ),
  macos15Intel: image(
    {
      name: "macOS 15",
      os: "macos",
      arch: "x64",
      labels: ["macos-15-intel"],
      larger: ["macos-15-large"],
      retirement: "2027-08-01",
      approximate: true,
      openssl: "OpenSSL 1.1.1w",
      note: "announced in 2025 as GitHub's last Intel macOS image; macos-26-intel (GA 2026-02-26) has replaced it as the last one",
    },
    `${issue(13045)}; ${issue(13046)}`,
  ),
  macos14Arm64: image(
    {
      name: "macOS 14 Arm64",
      os: "macos",
      arch: "arm64",
      labels: ["macos-14"],
      larger: ["macos-14-xlarge"],
      deprecation: "2026-07-06",
      retirement: "2026-11-02",
    },
    issue(13518),
  ),
  macos14Intel: image(
    {
      name: "macOS 14",
      os: "macos",
      arch: "x64",
      labels: [],
      larger: ["macos-14-large"],
      deprecation: "2026-07-06",
      retirement: "2026-11-02",
    },
    issue(13518),
  ),
  // The announcement's title says December 4th; its body once said December 8th: the earlier day is kept.
  macos13Intel: image(
    {
      name: "macOS 13",
      os: "macos",
      arch: "x64",
      labels: ["macos-13"],
      larger: ["macos-13-large"],
      deprecation: "2025-09-22",
      retirement: "2025-12-04",
    },
    issue(13046),
  ),
  macos13Arm64: image(
    {
      name: "macOS 13 Arm64",
      os: "macos",
      arch: "arm64",
      labels: [],
      larger: ["macos-13-xlarge"],
      deprecation: "2025-09-22",
      retirement: "2025-12-04",
    },
    issue(13046),
  ),
  macos12: image(
    {
      name: "macOS 12",
      os: "macos",
      arch: "x64",
      labels: ["macos-12"],
      deprecation: "2024-10-07",
      retirement: "2024-12-03",
    },
    issue(10721),
  ),
  ubuntu2604: image(
    { name: "Ubuntu 26.04", os: "linux", arch: "x64", labels: ["ubuntu-26.04"], preview: true },
    README,
  ),
  ubuntu2604Arm64: image(
    { name: "Ubuntu 26.04 Arm64", os: "linux", arch: "arm64", labels: ["ubuntu-26.04-arm"], preview: true },
    README,
  ),
  ubuntu2404: image(
    { name: "Ubuntu 24.04", os: "linux", arch: "x64", labels: ["ubuntu-latest", "ubuntu-24.04"] },
    README,
  ),
  ubuntu2404Arm64: image(
    { name: "Ubuntu 24.04 Arm64", os: "linux", arch: "arm64", labels: ["ubuntu-24.04-arm"] },
    README,
  ),
  ubuntu2204: image({ name: "Ubuntu 22.04", os: "linux", arch: "x64", labels: ["ubuntu-22.04"] }, README),
  ubuntu2204Arm64: image(
    { name: "Ubuntu 22.04 Arm64", os: "linux", arch: "arm64", labels: ["ubuntu-22.04-arm"] },
    README,
  ),
  ubuntuSlim: image({ name: "Ubuntu Slim", os: "linux", arch: "x64", labels: ["ubuntu-slim"] }, README),
  ubuntu2004: image(
    {
      name: "Ubuntu 20.04",
      os: "linux",
      arch: "x64",
      labels: ["ubuntu-20.04"],
      deprecation: "2025-02-01",
      retirement: "2025-04-15",
    },
    issue(11101),
  ),
  windows2025: image(
    {
      name: "Windows Server 2025",
      os: "windows",
      arch: "x64",
      labels: ["windows-latest", "windows-2025", "windows-2025-vs2026"],
    },
    README,
  ),
  windows2022: image({ name: "Windows Server 2022", os: "windows", arch: "x64", labels: ["windows-2022"] }, README),
  windows11Arm64: image(
    { name: "Windows 11 Arm64", os: "windows", arch: "arm64", labels: ["windows-11-arm", "windows-11-vs2026-arm"] },
    README,
  ),
  windows2019: image(
    {
      name: "Windows Server 2019",
      os: "windows",
      arch: "x64",
      labels: ["windows-2019"],
      deprecation: "2025-06-01",
      retirement: "2025-06-30",
    },
    issue(12045),
  ),
} as const satisfies Record<string, PlatformFact<RunnerImage>>;

/**
 * The labels the generated workflows default to, by what they build. macOS arm64 on the
 * newest GA image (it is the last to be deprecated); Intel on `macos-26-intel`, the
 * newest Intel image (macOS 26 is the last macOS for Intel Macs, so it is GitHub's last
 * x86_64 image; no end announced yet); Linux on the oldest supported Ubuntu
 * (an AppImage or .deb runs on systems with a glibc at least as new as the builder's);
 * small jobs that only call tools on `ubuntu-latest`.
 */
export const DEFAULT_RUNNERS = {
  macosArm64: "macos-26",
  macosIntel: "macos-26-intel",
  linuxX64: "ubuntu-22.04",
  linuxArm64: "ubuntu-22.04-arm",
  windowsX64: "windows-2022",
  utility: "ubuntu-latest",
} as const;

export interface LabelFact {
  label: string;
  /** the label selects a larger (billed) runner */
  larger: boolean;
  image: PlatformFact<RunnerImage>;
}

/** What the toolkit knows about a label; undefined for a self-hosted or unknown one. */
export function runnerLabel(label: string): LabelFact | undefined {
  const l = label.trim().toLowerCase();
  for (const f of Object.values(RUNNER_IMAGES) as PlatformFact<RunnerImage>[]) {
    if (f.value.labels.includes(l)) return { label: l, larger: false, image: f };
    if (f.value.larger?.includes(l)) return { label: l, larger: true, image: f };
  }
  return undefined;
}

export type LabelStatus =
  | { kind: "unknown" }
  | { kind: "retired"; on: string }
  | { kind: "deprecated"; since: string; retires: string }
  | { kind: "ending"; retires: string }
  | { kind: "supported" }
  | { kind: "preview" };

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/**
 * A label's status on `now`: retired from its retirement day; deprecated inside the
 * announced window; ending when the announced retirement is within `horizonDays`
 * (long enough to plan a migration, such as the end of GitHub's Intel images).
 */
export function labelStatus(label: string, now: Date, horizonDays = 365): LabelStatus {
  const f = runnerLabel(label);
  if (!f) return { kind: "unknown" };
  const img = f.image.value;
  const t = now.getTime();
  if (img.retirement && t >= day(img.retirement)) return { kind: "retired", on: img.retirement };
  if (img.retirement && img.deprecation && t >= day(img.deprecation))
    return { kind: "deprecated", since: img.deprecation, retires: img.retirement };
  if (img.retirement && day(img.retirement) - t <= horizonDays * DAY)
    return { kind: "ending", retires: img.retirement };
  return img.preview ? { kind: "preview" } : { kind: "supported" };
}

/** "2026-11-02", or "about August 2027" for a date announced to the month. */
export function announcedDay(img: RunnerImage, iso: string): string {
  if (!img.approximate) return iso;
  const month = new Date(day(iso)).toLocaleString("en-US", { month: "long", timeZone: "UTC" });
  return `about ${month} ${iso.slice(0, 4)}`;
}

/**
 * The supported label to move a retired or deprecated one to: the toolkit's default
 * for the same OS and architecture, a larger runner for a larger one.
 */
export function successorLabel(label: string): string | undefined {
  const f = runnerLabel(label);
  if (!f) return undefined;
  const { os, arch } = f.image.value;
  if (os === "macos")
    return arch === "arm64"
      ? f.larger
        ? "macos-26-xlarge"
        : DEFAULT_RUNNERS.macosArm64
      : f.larger
        ? "macos-26-large"
        : DEFAULT_RUNNERS.macosIntel;
  if (os === "linux") return arch === "arm64" ? DEFAULT_RUNNERS.linuxArm64 : DEFAULT_RUNNERS.linuxX64;
  return arch === "arm64" ? "windows-11-arm" : DEFAULT_RUNNERS.windowsX64;
}

/** Labels whose image runs OpenSSL 3 as `openssl` (a legacy `.p12` then needs `-legacy`). */
export const opensslThreeLabel = (label: string): boolean =>
  /^OpenSSL 3\./.test(runnerLabel(label)?.image.value.openssl ?? "");

/**
 * GitHub deprecates the oldest image of an OS first (at most two GA images per OS), so a
 * numbered label older than a retired image (`ubuntu-18.04` beside Ubuntu 20.04) is retired too.
 */
export const RETIRED_OLDEST_FIRST = fact(
  true,
  "https://github.com/actions/runner-images#image-deprecation-policy (README at 749514466, 2026-08-21: 'Images begin the deprecation process of the oldest image label once a new GA OS version has been released'; 'We support (at maximum) 2 GA images')",
  CHECKED,
);

/** How long GitHub lets a job run on its own runners before it cancels it. */
export const JOB_LIMITS = fact(
  { maxMinutes: 360 },
  "https://docs.github.com/en/actions/reference/limits (job execution time on GitHub-hosted runners: 6 hours)",
  CHECKED,
);

/** Every runner fact, for the source-and-date test and the staleness check. */
export const runnerFacts: readonly PlatformFact<unknown>[] = [
  ...Object.values(RUNNER_IMAGES),
  JOB_LIMITS,
  RETIRED_OLDEST_FIRST,
];
