/**
 * A small Windows BMP codec (BITMAPINFOHEADER and later headers, as Microsoft documents
 * them in "Bitmap Storage"): the writer produces 24-bit bottom-up images, which is what
 * older Cisco 79xx phones return from /CGI/Screenshot; the reader accepts uncompressed
 * 1/4/8-bit paletted, 16-bit (5-5-5 or BI_BITFIELDS 5-6-5), 24-bit and 32-bit images,
 * bottom-up or top-down, so the bridge can turn any phone BMP into PNG.
 */
import { ImageError, type Raster } from "./raster.ts";

const FILE_HEADER = 14;
const INFO_HEADER = 40;
const BI_RGB = 0;
const BI_BITFIELDS = 3;

/** True when `bytes` starts with the BMP magic `BM`. */
export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

/** Encodes a raster as a 24-bit uncompressed BMP (alpha, if any, is dropped). */
export function encodeBmp(image: Raster): Uint8Array<ArrayBuffer> {
  const { width, height, channels, pixels } = image;
  const rowBytes = (width * 3 + 3) & ~3;
  const size = FILE_HEADER + INFO_HEADER + rowBytes * height;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  view.setUint32(2, size, true);
  view.setUint32(10, FILE_HEADER + INFO_HEADER, true);
  view.setUint32(14, INFO_HEADER, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true); // positive: bottom-up rows
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  view.setUint32(30, BI_RGB, true);
  view.setUint32(34, rowBytes * height, true);
  view.setInt32(38, 2835, true); // 72 dpi
  view.setInt32(42, 2835, true);
  for (let y = 0; y < height; y++) {
    const dst = FILE_HEADER + INFO_HEADER + (height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * channels;
      out[dst + x * 3] = pixels[src + 2]!;
      out[dst + x * 3 + 1] = pixels[src + 1]!;
      out[dst + x * 3 + 2] = pixels[src]!;
    }
  }
  return out;
}

/** Decodes an uncompressed BMP into an RGB raster. */
export function decodeBmp(bytes: Uint8Array): Raster {
  if (!isBmp(bytes)) throw new ImageError("IMAGE_NOT_BMP", "data does not start with the BMP magic 'BM'");
  if (bytes.length < FILE_HEADER + INFO_HEADER) throw new ImageError("IMAGE_TRUNCATED", "BMP ends inside its headers");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bpp = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (headerSize < INFO_HEADER || width < 1 || height < 1 || width * height > 1 << 26) {
    throw new ImageError(
      "IMAGE_UNSUPPORTED",
      `BMP header size ${headerSize} or image size ${width}x${rawHeight} is not supported`,
    );
  }
  if (!(compression === BI_RGB || (compression === BI_BITFIELDS && (bpp === 16 || bpp === 32)))) {
    throw new ImageError(
      "IMAGE_UNSUPPORTED",
      `BMP compression ${compression} at ${bpp} bits per pixel is not supported`,
    );
  }
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) throw new ImageError("IMAGE_UNSUPPORTED", `BMP with ${bpp} bits per pixel`);
  const rowBytes = Math.floor((width * bpp + 31) / 32) * 4;
  if (dataOffset + rowBytes * height > bytes.length)
    throw new ImageError("IMAGE_TRUNCATED", "BMP pixel data is shorter than its size");
  const palette = bpp <= 8 ? readPalette(view, FILE_HEADER + headerSize, dataOffset, bpp) : [];
  const masks = compression === BI_BITFIELDS ? readMasks(view) : defaultMasks(bpp);
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const rgb = readPixel(bytes, view, row, x, bpp, palette, masks);
      pixels.set(rgb, (y * width + x) * 3);
    }
  }
  return { width, height, channels: 3, pixels };
}

type Rgb = [number, number, number];

function readPalette(view: DataView, start: number, end: number, bpp: number): Rgb[] {
  const count = Math.min(1 << bpp, Math.floor((end - start) / 4));
  const palette: Rgb[] = [];
  for (let i = 0; i < count; i++) {
    const at = start + i * 4;
    palette.push([view.getUint8(at + 2), view.getUint8(at + 1), view.getUint8(at)]);
  }
  return palette;
}

function readMasks(view: DataView): [number, number, number] {
  // The three masks follow the 40 basic header bytes: after a BITMAPINFOHEADER, or inside V4/V5.
  const at = FILE_HEADER + INFO_HEADER;
  return [view.getUint32(at, true), view.getUint32(at + 4, true), view.getUint32(at + 8, true)];
}

function defaultMasks(bpp: number): [number, number, number] {
  return bpp === 16 ? [0x7c00, 0x03e0, 0x001f] : [0xff0000, 0x00ff00, 0x0000ff];
}

function channel(value: number, mask: number): number {
  if (mask === 0) return 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return Math.round((((value & mask) >>> shift) * 255) / max);
}

function readPixel(
  bytes: Uint8Array,
  view: DataView,
  row: number,
  x: number,
  bpp: number,
  palette: Rgb[],
  masks: [number, number, number],
): Rgb {
  if (bpp === 24) return [bytes[row + x * 3 + 2]!, bytes[row + x * 3 + 1]!, bytes[row + x * 3]!];
  if (bpp === 32 || bpp === 16) {
    const value = bpp === 32 ? view.getUint32(row + x * 4, true) : view.getUint16(row + x * 2, true);
    return [channel(value, masks[0]), channel(value, masks[1]), channel(value, masks[2])];
  }
  const perByte = 8 / bpp;
  const byte = bytes[row + Math.floor(x / perByte)]!;
  const shift = 8 - bpp * ((x % perByte) + 1);
  const index = (byte >> shift) & ((1 << bpp) - 1);
  return palette[index] ?? [0, 0, 0];
}
