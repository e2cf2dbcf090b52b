import { describe, expect, test } from "bun:test";
import { decodeBmp, encodeBmp, isBmp } from "./bmp.ts";
import { decodePng, encodePng } from "./png.ts";
import { ImageError, type Raster } from "./raster.ts";

function pattern(width: number, height: number): Raster {
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 13) & 0xff;
  return { width, height, channels: 3, pixels };
}

/** Builds a BMP by hand: headers, optional palette or masks, then the given rows (bottom-up). */
function handMade(width: number, height: number, bpp: number, compression: number, extra: number[], rows: number[][]) {
  const rowBytes = Math.floor((width * bpp + 31) / 32) * 4;
  const offset = 54 + extra.length;
  const out = new Uint8Array(offset + rowBytes * height);
  const v = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  v.setUint32(2, out.length, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, bpp, true);
  v.setUint32(30, compression, true);
  out.set(extra, 54);
  rows.forEach((row, i) => {
    out.set(row, offset + i * rowBytes);
  });
  return out;
}

describe("bmp", () => {
  test("24-bit round trip with row padding (odd width)", () => {
    const image = pattern(5, 3);
    const bmp = encodeBmp(image);
    expect(isBmp(bmp)).toBe(true);
    expect(bmp.length).toBe(54 + 16 * 3);
    const back = decodeBmp(bmp);
    expect([back.width, back.height]).toEqual([5, 3]);
    expect(Buffer.from(back.pixels).equals(Buffer.from(image.pixels))).toBe(true);
  });

  test("BMP converts to a PNG with the same pixels", () => {
    const image = pattern(9, 4);
    const png = encodePng(decodeBmp(encodeBmp(image)));
    expect(Buffer.from(decodePng(png).pixels).equals(Buffer.from(image.pixels))).toBe(true);
  });

  test("4-bit paletted bottom-up image", () => {
    // Palette: 0 black, 1 red, 2 green. Bottom row stored first.
    const palette = [0, 0, 0, 0, 0, 0, 255, 0, 0, 255, 0, 0];
    const bmp = handMade(3, 2, 4, 0, palette, [
      [0x12, 0x00, 0, 0],
      [0x21, 0x10, 0, 0],
    ]);
    const image = decodeBmp(bmp);
    const colours = Array.from({ length: 6 }, (_, i) => Array.from(image.pixels.subarray(i * 3, i * 3 + 3)));
    expect(colours).toEqual([
      [0, 255, 0],
      [255, 0, 0],
      [255, 0, 0],
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 0],
    ]);
  });

  test("16-bit 5-6-5 with BI_BITFIELDS masks", () => {
    const masks = [0x00, 0xf8, 0, 0, 0xe0, 0x07, 0, 0, 0x1f, 0, 0, 0];
    // One pixel of pure red (0xF800) and one of pure blue (0x001F).
    const bmp = handMade(2, 1, 16, 3, masks, [[0x00, 0xf8, 0x1f, 0x00]]);
    const image = decodeBmp(bmp);
    expect(Array.from(image.pixels)).toEqual([255, 0, 0, 0, 0, 255]);
  });

  test("truncated or foreign data gives a typed error", () => {
    const bmp = encodeBmp(pattern(4, 4)).subarray(0, 70);
    for (const [data, code] of [
      [bmp, "IMAGE_TRUNCATED"],
      [new Uint8Array([0x89, 0x50, 0x4e]), "IMAGE_NOT_BMP"],
    ] as const) {
      try {
        decodeBmp(data);
        throw new Error("expected a failure");
      } catch (error) {
        expect(error).toBeInstanceOf(ImageError);
        expect((error as ImageError).code).toBe(code);
      }
    }
  });
});
