import { describe, expect, test } from "bun:test";
import { makeDevices } from "../../../test/support/lab-fixtures.ts";
import { decodeBmp } from "../../util/image/bmp.ts";
import { decodePng } from "../../util/image/png.ts";
import { createRaster } from "../../util/image/raster.ts";
import { glyphPixel } from "./font.ts";
import { drawText, renderScreen, screenSpecFor, screenshotOf } from "./screen.ts";

describe("phone screens", () => {
  test("size and format by model", () => {
    expect(screenSpecFor("Cisco 8845")).toEqual({ width: 800, height: 480, format: "png" });
    expect(screenSpecFor("Cisco 8821")).toEqual({ width: 240, height: 320, format: "png" });
    expect(screenSpecFor("Cisco 9971")).toEqual({ width: 640, height: 480, format: "png" });
    expect(screenSpecFor("Cisco 7811").format).toBe("png");
    expect(screenSpecFor("Cisco 7961")).toEqual({ width: 320, height: 196, format: "bmp" });
    expect(screenSpecFor("Cisco 7975")).toEqual({ width: 320, height: 216, format: "bmp" });
  });

  test("text is drawn with the bitmap font", () => {
    const img = createRaster(40, 10, [0, 0, 0]);
    const width = drawText(img, "A1", 0, 0, 1, [255, 255, 255]);
    expect(width).toBe(12);
    for (let y = 0; y < 7; y++) {
      for (let x = 0; x < 5; x++) {
        expect(img.pixels[(y * 40 + x) * 3] === 255).toBe(glyphPixel("A", x, y));
        expect(img.pixels[(y * 40 + 6 + x) * 3] === 255).toBe(glyphPixel("1", x, y));
      }
    }
  });

  test("the device name appears in the header bar; images decode at the model's size", () => {
    const devices = makeDevices(4).devices;
    const phone8845 = devices.find((d) => d.product === "Cisco 8845");
    const phone7961 = devices.find((d) => d.product === "Cisco 7961");
    const raster = renderScreen(phone8845!, screenSpecFor(phone8845!.product));
    let white = 0;
    for (let i = 0; i < 800 * 60; i++) if (raster.pixels[i * 3] === 255) white++;
    expect(white).toBeGreaterThan(500);
    const png = screenshotOf(phone8845!);
    expect(png.contentType).toBe("image/png");
    const decoded = decodePng(png.bytes);
    expect([decoded.width, decoded.height]).toEqual([800, 480]);
    expect(Buffer.from(decoded.pixels).equals(Buffer.from(raster.pixels))).toBe(true);
    expect(phone7961!.product).toBe("Cisco 7961");
    const bmp = screenshotOf(phone7961!);
    expect(bmp.contentType).toBe("image/bmp");
    const bmpImage = decodeBmp(bmp.bytes);
    expect([bmpImage.width, bmpImage.height]).toEqual([320, 196]);
  });
});
