import { describe, expect, test } from "bun:test";
import { deflateSync } from "node:zlib";
import { crc32 } from "./crc32.ts";
import { decodePng, encodePng, isPng, readPngSize } from "./png.ts";
import { createRaster, ImageError, type Raster } from "./raster.ts";

function gradient(width: number, height: number, channels: 3 | 4): Raster {
  const pixels = new Uint8Array(width * height * channels);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + (i >> 5)) & 0xff;
  return { width, height, channels, pixels };
}

describe("png", () => {
  test("crc32 matches the standard check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode("1234"), new TextEncoder().encode("56789"))).toBe(0xcbf43926);
  });

  test("RGB and RGBA round-trip through encode and decode", () => {
    for (const channels of [3, 4] as const) {
      const image = gradient(37, 11, channels);
      const png = encodePng(image);
      expect(isPng(png)).toBe(true);
      expect(readPngSize(png)).toEqual({ width: 37, height: 11 });
      const back = decodePng(png);
      expect(back.channels).toBe(channels);
      expect(Buffer.from(back.pixels).equals(Buffer.from(image.pixels))).toBe(true);
    }
  });

  test("chunk CRCs are valid", () => {
    const png = encodePng(createRaster(4, 4, [10, 20, 30]));
    const view = new DataView(png.buffer);
    let at = 8;
    const seen: string[] = [];
    while (at < png.length) {
      const length = view.getUint32(at);
      const type = png.subarray(at + 4, at + 8);
      seen.push(new TextDecoder().decode(type));
      expect(view.getUint32(at + 8 + length)).toBe(crc32(type, png.subarray(at + 8, at + 8 + length)));
      at += 12 + length;
    }
    expect(seen).toEqual(["IHDR", "IDAT", "IEND"]);
  });

  test("decodes greyscale rows written with Up, Average and Paeth filters", () => {
    const width = 3;
    const rows = [
      [2, 10, 20, 30],
      [3, 1, 2, 3],
      [4, 5, 5, 5],
    ];
    const ihdr = new Uint8Array(13);
    new DataView(ihdr.buffer).setUint32(0, width);
    new DataView(ihdr.buffer).setUint32(4, rows.length);
    ihdr[8] = 8;
    ihdr[9] = 0;
    const chunk = (type: string, data: Uint8Array) => {
      const out = new Uint8Array(12 + data.length);
      const v = new DataView(out.buffer);
      const t = new TextEncoder().encode(type);
      v.setUint32(0, data.length);
      out.set(t, 4);
      out.set(data, 8);
      v.setUint32(8 + data.length, crc32(t, data));
      return out;
    };
    const sig = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    const body = deflateSync(Uint8Array.from(rows.flat()));
    const png = Buffer.concat([sig, chunk("IHDR", ihdr), chunk("IDAT", body), chunk("IEND", new Uint8Array())]);
    const image = decodePng(png);
    // Row 0 (Up, no previous row): 10 20 30. Row 1 (Average): 1+5, 2+(6+20)/2=15, 3+(15+30)/2=25.
    // Row 2 (Paeth): 5+6=11, 5+paeth(11,15,6)=5+15=20, 5+paeth(20,25,15)=5+25=30.
    const greys = Array.from({ length: 9 }, (_, i) => image.pixels[i * 3]);
    expect(greys).toEqual([10, 20, 30, 6, 15, 25, 11, 20, 30]);
  });

  test("rejects data that is not PNG with a typed error", () => {
    try {
      decodePng(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
      throw new Error("expected a failure");
    } catch (error) {
      expect(error).toBeInstanceOf(ImageError);
      expect((error as ImageError).code).toBe("IMAGE_NOT_PNG");
    }
  });
});
