/**
 * Planning a synthetic bundle of 20,000 files (2,000 Mach-O among them) — scan,
 * repair plan and signing plan — against the per-file `file` loop that shell
 * finalizers use. The loop is timed on a sample and scaled to 20,000 files (running
 * it whole takes about a minute); without `file`, a per-file `head -c 4` spawn
 * stands in for it. Target: at least 20x faster than the loop, under 1 second.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planRepairs } from "../tasks/lib/macos/repair.ts";
import { scanBundle } from "../tasks/lib/macos/scan.ts";
import { planSigning } from "../tasks/lib/macos/sign-plan.ts";

const FILES = 20_000;
const MACHO = 2_000;
const SAMPLE = 400;

function machoBytes(i: number): Buffer {
  const h = Buffer.alloc(32);
  h.writeUInt32LE(0xfeedfacf, 0);
  h.writeUInt32LE(0x0100000c, 4);
  h.writeUInt32LE(i % 10 === 0 ? 2 : 6, 12);
  return Buffer.concat([h, Buffer.from(`lib ${i}`)]);
}

function build(root: string): string[] {
  const paths: string[] = [];
  const app = join(root, "Bench.app");
  mkdirSync(join(app, "Contents/MacOS"), { recursive: true });
  writeFileSync(join(app, "Contents/Info.plist"), "<plist><dict/></plist>");
  writeFileSync(join(app, "Contents/MacOS/bench"), machoBytes(0));
  chmodSync(join(app, "Contents/MacOS/bench"), 0o755);
  for (let i = 1; i < FILES; i++) {
    const dir = join(app, "Contents/Resources/sidecar/_internal", `pkg${i % 50}`, `sub${i % 7}`);
    mkdirSync(dir, { recursive: true });
    const code = i % (FILES / MACHO) === 0;
    const file = join(dir, code ? `mod${i}.so` : `data${i}.py`);
    writeFileSync(file, code ? machoBytes(i) : `# module ${i}\n`);
    if (code) chmodSync(file, 0o755);
    paths.push(file);
  }
  return paths;
}

export default async function bench(): Promise<boolean> {
  const root = mkdtempSync(join(tmpdir(), "macos-bench-"));
  try {
    const files = build(root);
    const app = join(root, "Bench.app");
    const t0 = performance.now();
    const scan = await scanBundle(app);
    const repairs = await planRepairs(app, scan, { executable: "bench" });
    const steps = planSigning(scan, {
      appName: "Bench.app",
      executable: "bench",
      identity: "Developer ID Application: Bench (TEAM)",
    });
    const planMs = performance.now() - t0;
    const found = scan.entries.filter((e) => e.macho).length;
    const signed = steps.reduce((n, s) => n + (s.command[0] === "codesign" ? s.paths.length : 0), 0);

    const hasFile = spawnSync("file", ["--version"]).status === 0;
    const sample = files.filter((_, i) => i % Math.floor(files.length / SAMPLE) === 0).slice(0, SAMPLE);
    const t1 = performance.now();
    for (const f of sample) hasFile ? spawnSync("file", ["-b", f]) : spawnSync("head", ["-c", "4", f]);
    const loopMs = ((performance.now() - t1) / sample.length) * FILES;
    const speedup = loopMs / planMs;
    const ok = planMs < 1000 && speedup >= 20 && found === MACHO && signed === MACHO + 1 && repairs.length === 0;

    console.log("| measurement | value | target |");
    console.log("| --- | --- | --- |");
    console.log(
      `| files / Mach-O found / signed | ${scan.entries.filter((e) => e.type === "file").length} / ${found} / ${signed} | ${FILES} / ${MACHO} / ${MACHO} + the .app |`,
    );
    console.log(`| plan (scan + repairs + signing plan) | ${planMs.toFixed(0)} ms | < 1000 ms |`);
    console.log(
      `| per-file \`${hasFile ? "file" : "head -c 4"}\` loop, ${FILES} files (from ${sample.length}) | ${(loopMs / 1000).toFixed(1)} s | |`,
    );
    console.log(`| speed-up | ${speedup.toFixed(0)}x | >= 20x |`);
    if (!hasFile)
      console.log(
        "\n`file` is not installed: the loop is a per-file `head -c 4` spawn, a lower bound of the real loop.",
      );
    return ok;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
