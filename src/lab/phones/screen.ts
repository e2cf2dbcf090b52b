/**
 * What a lab phone's screen looks like: its display size and screenshot format by model
 * (sizes from Cisco's phone background-image tables; PNG for
 * 78xx/88xx/89xx/99xx and BMP for 79xx, a lab choice since no authoritative source says), and a
 * generated image: a header bar with the device name, the product and the lines below.
 */
import { encodeBmp } from "../../util/image/bmp.ts";
import { encodePng } from "../../util/image/png.ts";
import { createRaster, type Raster } from "../../util/image/raster.ts";
import type { RisDevice } from "../contracts.ts";
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from "./font.ts";

/** Display geometry and screenshot format of a phone model. */
export interface ScreenSpec {
  width: number;
  height: number;
  format: "png" | "bmp";
}

/** Looks the model up from the product name (`Cisco 8845` → 800×480 PNG). */
export function screenSpecFor(product: string): ScreenSpec {
  const digits = product.replace("Cisco ", "").trim().slice(0, 4);
  const series = digits.slice(0, 2);
  if (series === "79") {
    if (["7945", "7965"].includes(digits)) return { width: 320, height: 212, format: "bmp" };
    if (["7970", "7971"].includes(digits)) return { width: 320, height: 212, format: "bmp" };
    if (digits === "7975") return { width: 320, height: 216, format: "bmp" };
    return { width: 320, height: 196, format: "bmp" };
  }
  if (digits === "8821") return { width: 240, height: 320, format: "png" };
  if (series === "88") return { width: 800, height: 480, format: "png" };
  if (series === "89" || series === "99" || digits === "8961") return { width: 640, height: 480, format: "png" };
  if (series === "78") return { width: 396, height: 162, format: "png" };
  return { width: 800, height: 480, format: "png" };
}

type Rgb = [number, number, number];

function fillRect(img: Raster, x0: number, y0: number, w: number, h: number, rgb: Rgb): void {
  for (let y = Math.max(0, y0); y < Math.min(img.height, y0 + h); y++) {
    for (let x = Math.max(0, x0); x < Math.min(img.width, x0 + w); x++) {
      img.pixels.set(rgb, (y * img.width + x) * 3);
    }
  }
}

/** Draws text with the bitmap font at `scale` screen pixels per font pixel; returns its width. */
export function drawText(img: Raster, text: string, x0: number, y0: number, scale: number, rgb: Rgb): number {
  let x = x0;
  for (const ch of text) {
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        if (glyphPixel(ch, gx, gy)) fillRect(img, x + gx * scale, y0 + gy * scale, scale, scale, rgb);
      }
    }
    x += (GLYPH_WIDTH + 1) * scale;
  }
  return x - x0;
}

/** Renders the screen of `device` as a raster of the model's size. */
export function renderScreen(device: RisDevice, spec: ScreenSpec): Raster {
  const img = createRaster(spec.width, spec.height, [236, 240, 244]);
  const bar = Math.max(16, Math.floor(spec.height / 8));
  fillRect(img, 0, 0, spec.width, bar, [22, 58, 92]);
  const fits = (text: string, scale: number) => text.length * (GLYPH_WIDTH + 1) * scale <= spec.width - 8;
  let scale = Math.max(1, Math.floor((bar - 4) / GLYPH_HEIGHT));
  while (scale > 1 && !fits(device.name, scale)) scale--;
  drawText(img, device.name, 4, Math.floor((bar - GLYPH_HEIGHT * scale) / 2), scale, [255, 255, 255]);
  const body = Math.max(1, scale - 1);
  let y = bar + 6;
  const lines = [device.product, ...device.dirNumbers.map((dn) => `LINE ${dn.split("-")[0]}`), device.status];
  for (const line of lines) {
    if (y + GLYPH_HEIGHT * body > spec.height) break;
    drawText(img, line, 6, y, body, [30, 30, 30]);
    y += (GLYPH_HEIGHT + 3) * body;
  }
  return img;
}

/** The screenshot bytes and Content-Type for a device. */
export function screenshotOf(device: RisDevice): { bytes: Uint8Array<ArrayBuffer>; contentType: string } {
  const spec = screenSpecFor(device.product);
  const raster = renderScreen(device, spec);
  return spec.format === "png"
    ? { bytes: encodePng(raster), contentType: "image/png" }
    : { bytes: encodeBmp(raster), contentType: "image/bmp" };
}
