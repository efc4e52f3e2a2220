import assert from "node:assert/strict";
import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { classifyHeader, MAX_FAT_ARCHS, readFileFacts } from "../../tasks/lib/macos/macho.ts";
import { scanBundle } from "../../tasks/lib/macos/scan.ts";
import { CPU, fat, javaClass, MH, thin } from "./fixtures.ts";
import { tempFixture } from "../helpers/tmp.ts";

test("classifyHeader() reads thin headers in both byte orders and widths", () => {
  const cases = [
    { bits: 64, littleEndian: true, format: "thin64", magic: "cffaedfe" },
    { bits: 32, littleEndian: true, format: "thin32", magic: "cefaedfe" },
    { bits: 64, littleEndian: false, format: "thin64", magic: "feedfacf" },
    { bits: 32, littleEndian: false, format: "thin32", magic: "feedface" },
  ] as const;
  for (const c of cases) {
    const buf = thin({ bits: c.bits, littleEndian: c.littleEndian, cpu: CPU.arm64, fileType: MH.dylib });
    assert.equal(buf.subarray(0, 4).toString("hex"), c.magic);
    assert.deepEqual(classifyHeader(buf), { format: c.format, fileType: "dylib", archs: ["arm64"] }, c.magic);
  }
  assert.equal(
    classifyHeader(thin({ bits: 64, littleEndian: true, cpu: CPU.x86_64, fileType: MH.execute }))?.fileType,
    "execute",
  );
});

test("classifyHeader() accepts a universal header with a small arch count and refuses a Java class file", () => {
  assert.deepEqual(classifyHeader(fat([CPU.x86_64, CPU.arm64], MH.execute)), {
    format: "fat",
    fileType: "other",
    archs: ["x86_64", "arm64"],
  });
  assert.equal(classifyHeader(javaClass()), undefined, "cafebabe with major version 52 is a class file");
  const many = Buffer.alloc(16);
  many.writeUInt32BE(0xcafebabe, 0);
  many.writeUInt32BE(MAX_FAT_ARCHS + 1, 4);
  assert.equal(classifyHeader(many), undefined);
  const zero = Buffer.from("cafebabe00000000", "hex");
  assert.equal(classifyHeader(zero), undefined);
  assert.equal(classifyHeader(Buffer.from("cffaed", "hex")), undefined, "too short");
  assert.equal(classifyHeader(Buffer.from("#!/bin/sh\necho hi\n")), undefined);
  assert.equal(
    classifyHeader(Buffer.from("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", "latin1")),
    undefined,
    "ELF is not Mach-O",
  );
});

test("readFileFacts() takes a universal file's type from its first slice (fat and fat64)", async (t) => {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  writeFileSync(join(tmp.dir, "u"), fat([CPU.x86_64, CPU.arm64], MH.execute));
  writeFileSync(join(tmp.dir, "u64"), fat([CPU.arm64], MH.dylib, "x", true));
  assert.deepEqual((await readFileFacts(join(tmp.dir, "u"))).macho, {
    format: "fat",
    fileType: "execute",
    archs: ["x86_64", "arm64"],
  });
  assert.deepEqual((await readFileFacts(join(tmp.dir, "u64"))).macho, {
    format: "fat64",
    fileType: "dylib",
    archs: ["arm64"],
  });
});

test("scanBundle() never follows symlinks: a link to a Mach-O is a link, not code", async (t) => {
  const tmp = tempFixture();
  t.after(tmp.cleanup);
  writeFileSync(join(tmp.dir, "lib.dylib"), thin({ bits: 64, littleEndian: true, cpu: CPU.arm64, fileType: MH.dylib }));
  symlinkSync("lib.dylib", join(tmp.dir, "alias.dylib"));
  symlinkSync("/nonexistent/elsewhere", join(tmp.dir, "dangling"));
  const scan = await scanBundle(tmp.dir);
  assert.deepEqual(
    scan.entries.map((e) => [e.path, e.type, e.macho?.format ?? e.target ?? null]),
    [
      ["alias.dylib", "symlink", "lib.dylib"],
      ["dangling", "symlink", "/nonexistent/elsewhere"],
      ["lib.dylib", "file", "thin64"],
    ],
  );
});
