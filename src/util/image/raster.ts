/**
 * The in-memory picture the image codecs exchange: 8-bit RGB or RGBA pixels, row by row,
 * top row first. Kept deliberately plain so PNG and BMP code stay independent.
 */

/** A decoded image. `channels` is 3 (RGB) or 4 (RGBA); `pixels.length = width*height*channels`. */
export interface Raster {
  width: number;
  height: number;
  channels: 3 | 4;
  pixels: Uint8Array;
}

/** Error codes of the image codecs. */
export type ImageErrorCode =
  | "IMAGE_TRUNCATED"
  | "IMAGE_NOT_PNG"
  | "IMAGE_NOT_BMP"
  | "IMAGE_UNSUPPORTED"
  | "IMAGE_BAD_SIZE";

/** A malformed or unsupported image; `code` is stable, the message says what was found. */
export class ImageError extends Error {
  readonly code: ImageErrorCode;
  constructor(code: ImageErrorCode, message: string) {
    super(message);
    this.name = "ImageError";
    this.code = code;
  }
}

/** Allocates a raster filled with one colour. */
export function createRaster(width: number, height: number, rgb: [number, number, number] = [0, 0, 0]): Raster {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height > 1 << 26) {
    throw new ImageError("IMAGE_BAD_SIZE", `image size ${width}x${height} is not a positive size under 64 Mpixel`);
  }
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    pixels[i] = rgb[0];
    pixels[i + 1] = rgb[1];
    pixels[i + 2] = rgb[2];
  }
  return { width, height, channels: 3, pixels };
}
