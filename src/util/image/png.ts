/**
 * A small PNG codec (PNG specification, W3C 2003): the encoder writes 8-bit truecolour
 * (colour type 2) or truecolour with alpha (type 6), one IDAT, filter "Sub" on every row;
 * the decoder reads non-interlaced 8-bit greyscale, grey+alpha, RGB and RGBA images with
 * any of the five filters. Enough for phone screenshots and the BMP→PNG conversion the
 * bridge does; not a general image library.
 */
import { deflateSync, inflateSync } from "node:zlib";
import { crc32 } from "./crc32.ts";
import { ImageError, type Raster } from "./raster.ts";

/** The eight bytes every PNG file starts with (section 5.2). */
const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** Samples per pixel for the 8-bit colour types we decode: grey, RGB, grey+alpha, RGBA. */
const CHANNELS_BY_COLOUR_TYPE = new Map([
  [0, 1],
  [2, 3],
  [4, 2],
  [6, 4],
]);

/** True when `bytes` starts with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Encodes a raster as PNG. */
export function encodePng(image: Raster): Uint8Array<ArrayBuffer> {
  const { width, height, channels, pixels } = image;
  const stride = width * channels;
  const filtered = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const src = y * stride;
    const dst = y * (stride + 1);
    filtered[dst] = 1; // Sub: each byte minus the byte one pixel to the left.
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[src + x - channels]! : 0;
      filtered[dst + 1 + x] = (pixels[src + x]! - left) & 0xff;
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = channels === 4 ? 6 : 2;
  const parts = [
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(filtered)),
    chunk("IEND", new Uint8Array()),
  ];
  return concat(parts);
}

/** Width and height from the IHDR chunk, without decoding the pixels. */
export function readPngSize(bytes: Uint8Array): { width: number; height: number } {
  if (!isPng(bytes)) throw new ImageError("IMAGE_NOT_PNG", "data does not start with the PNG signature");
  if (bytes.length < 24) throw new ImageError("IMAGE_TRUNCATED", "PNG ends before its IHDR chunk");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Decodes an 8-bit, non-interlaced PNG into RGB or RGBA. */
export function decodePng(bytes: Uint8Array): Raster {
  const { width, height } = readPngSize(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const depth = bytes[24];
  const colourType = bytes[25];
  const interlace = bytes[28];
  const inChannels = CHANNELS_BY_COLOUR_TYPE.get(colourType ?? -1);
  if (depth !== 8 || inChannels === undefined || interlace !== 0) {
    throw new ImageError(
      "IMAGE_UNSUPPORTED",
      `PNG depth ${depth} colour type ${colourType} interlace ${interlace} is not supported`,
    );
  }
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) throw new ImageError("IMAGE_TRUNCATED", `PNG chunk ${type} runs past the end`);
    if (type === "IDAT") idat.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === "IEND") break;
    at += 12 + length;
  }
  const raw = inflateSync(concat(idat));
  const stride = width * inChannels;
  if (raw.length < (stride + 1) * height)
    throw new ImageError("IMAGE_TRUNCATED", "PNG image data is shorter than its size");
  const plain = unfilter(raw, stride, height, inChannels);
  return expand(plain, width, height, inChannels);
}

function unfilter(raw: Uint8Array, stride: number, height: number, bpp: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp]! : 0;
      const b = y > 0 ? out[row - stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[row - stride + x - bpp]! : 0;
      const v = raw[src + x]!;
      let predicted: number;
      if (filter === 0) predicted = 0;
      else if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) predicted = paeth(a, b, c);
      else throw new ImageError("IMAGE_UNSUPPORTED", `PNG row filter ${filter} is unknown`);
      out[row + x] = (v + predicted) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

function expand(plain: Uint8Array, width: number, height: number, inChannels: number): Raster {
  if (inChannels === 3 || inChannels === 4) return { width, height, channels: inChannels, pixels: plain };
  const channels = inChannels === 2 ? 4 : 3;
  const pixels = new Uint8Array(width * height * channels);
  for (let i = 0; i < width * height; i++) {
    const grey = plain[i * inChannels]!;
    pixels.fill(grey, i * channels, i * channels + 3);
    if (channels === 4) pixels[i * 4 + 3] = plain[i * 2 + 1]!;
  }
  return { width, height, channels, pixels };
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  const typeBytes = new TextEncoder().encode(type);
  view.setUint32(0, data.length);
  out.set(typeBytes, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(typeBytes, data));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
