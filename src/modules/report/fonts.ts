/**
 * The fonts of PDF exports, embedded in the binary (`with { type: "file" }` makes `bun build
 * --compile` carry the file; nothing is read from the build machine at run time): DejaVu Sans
 * (Latin, Greek, Cyrillic, symbols), DejaVu Sans Mono for evidence, and Noto Sans SC's simplified
 * Chinese subset (Han and Japanese kana, plus Latin) for CJK text. A string is drawn in the first
 * font that has every one of its characters; a character no embedded font has (Hangul, emoji…)
 * is drawn as "?" and counted, so the export says what it could not show instead of crashing.
 */
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import cjkPath from "@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff" with {
  type: "file",
};
import sansPath from "dejavu-fonts-ttf/ttf/DejaVuSans.ttf" with { type: "file" };
import sansBoldPath from "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf" with { type: "file" };
import monoPath from "dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf" with { type: "file" };
import * as fontkit from "fontkit";

/** The registered font names a page can be drawn in. */
export type FontName = "sans" | "bold" | "mono" | "cjk";

export interface FontSet {
  /** Parsed fonts by name, to register with each PDF document (shared: parsed once per process). */
  faces: Record<FontName, fontkit.Font>;
  /** The font to draw `text` in (preferring `wanted`), and the text with unknown characters as "?". */
  pick(text: string, wanted: Exclude<FontName, "cjk">): { font: FontName; text: string; missing: number };
}

interface Coverage {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

let loaded: FontSet | undefined;
const PRINTABLE_ASCII = /^[\x20-\x7e\t\r\n]*$/;

/** Loads the embedded fonts once. */
export function embeddedFonts(): FontSet {
  if (loaded !== undefined) return loaded;
  const files: Record<FontName, Buffer> = {
    sans: readFileSync(sansPath),
    bold: readFileSync(sansBoldPath),
    mono: readFileSync(monoPath),
    cjk: woffToSfnt(readFileSync(cjkPath)),
  };
  const faces = Object.fromEntries(
    (Object.keys(files) as FontName[]).map((n) => [n, unshaped(fontkit.create(files[n]) as fontkit.Font)]),
  ) as Record<FontName, fontkit.Font>;
  const cover = faces as unknown as Record<FontName, Coverage>;
  const memo = new Map<string, { font: FontName; text: string; missing: number }>();
  const covers = (font: FontName, text: string) => {
    if (font !== "cjk" && PRINTABLE_ASCII.test(text)) return true; // DejaVu has all of ASCII
    for (const ch of text) {
      const cp = ch.codePointAt(0) as number;
      if (cp > 0x20 && !cover[font].hasGlyphForCodePoint(cp)) return false;
    }
    return true;
  };
  loaded = {
    faces,
    pick(text, wanted) {
      const key = `${wanted}\u0000${text}`;
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      let out: { font: FontName; text: string; missing: number };
      if (covers(wanted, text)) out = { font: wanted, text, missing: 0 };
      else if (covers("cjk", text)) out = { font: "cjk", text, missing: 0 };
      else {
        // Mixed scripts no single font has: keep the font that has the most, mark the rest.
        const usesCjk = [...text].some(
          (ch) =>
            !cover[wanted].hasGlyphForCodePoint(ch.codePointAt(0) as number) &&
            cover.cjk.hasGlyphForCodePoint(ch.codePointAt(0) as number),
        );
        const font: FontName = usesCjk ? "cjk" : wanted;
        let missing = 0;
        const shown = [...text]
          .map((ch) => {
            const cp = ch.codePointAt(0) as number;
            if (cp <= 0x20 || cover[font].hasGlyphForCodePoint(cp)) return ch;
            missing += 1;
            return "?";
          })
          .join("");
        out = { font, text: shown, missing };
      }
      if (memo.size < 10_000) memo.set(key, out);
      return out;
    },
  };
  return loaded;
}

/**
 * Replaces the font's OpenType shaping by a plain character-to-glyph layout: report text needs no
 * ligatures or kerning, and shaping each word through GSUB/GPOS was nearly all of an export's time.
 */
function unshaped(font: fontkit.Font): fontkit.Font {
  const layout = (text: string) => {
    const glyphs = font.glyphsForString(text);
    const positions = glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
    // A getter, as in fontkit's GlyphRun: PDFKit scales the positions in place, then reads the sum.
    return {
      glyphs,
      positions,
      get advanceWidth() {
        return positions.reduce((sum, p) => sum + p.xAdvance, 0);
      },
    };
  };
  Object.defineProperty(font, "layout", { value: layout });
  return font;
}

/**
 * Unpacks a WOFF 1.0 file into the TrueType/OpenType file it wraps. Done once at load because
 * fontkit inflates a WOFF table again at every access, which makes embedding a CJK subset glyph
 * by glyph take minutes instead of milliseconds.
 */
function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString("latin1", 0, 4) !== "wOFF") return woff;
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.subarray(at, at + 4),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : raw,
    };
  });
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const head = Buffer.alloc(12 + numTables * 16);
  head.writeUInt32BE(woff.readUInt32BE(4), 0); // flavor: the wrapped font's sfnt version
  head.writeUInt16BE(numTables, 4);
  head.writeUInt16BE(searchRange, 6);
  head.writeUInt16BE(entrySelector, 8);
  head.writeUInt16BE(numTables * 16 - searchRange, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    t.tag.copy(head, at);
    head.writeUInt32BE(t.checksum, at + 4);
    head.writeUInt32BE(offset, at + 8);
    head.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}
