/**
 * A single-pass XML-to-JSON scanner for SOAP responses (XML 1.0: elements, attributes, text,
 * CDATA, comments, processing instructions; no DTDs: any other `<!` throws XmlDeclarationError
 * where it stands, before anything could be expanded). It exists for speed (TARGETS B1): it walks
 * the string once with `indexOf`, builds the JSON objects directly, drops namespace prefixes and
 * `xmlns` declarations, and turns the caller's list tags into arrays as it goes, so nothing
 * re-walks the rows afterwards. Allocation is what a large answer costs most (bench/README.md,
 * B1), so a text-only element's value is a slice of the document, made without a frame, and a
 * column value equal to the previous one is the same string. Malformed input (unclosed or
 * mismatched tags) throws.
 *
 * Output convention (shared with build.ts): attributes as `@name`, text beside attributes or
 * children as `#text`, an empty element is `""`.
 */
import { decodeXmlEntities } from "./entities.ts";

type Obj = Record<string, unknown>;

/**
 * What the scanner knows about one tag name. A parser keeps its tags from one document to the
 * next (a TagTable): answers of the same operation repeat their names, and building the tags
 * again was most of the cost of a small answer. Every prediction is checked against the
 * document before it is used, so a tag learnt from another document is never trusted blindly.
 */
interface Tag {
  /** Raw (prefixed) name, to check the closing tag. */
  raw: string;
  /** Local name: the property key. */
  name: string;
  /** The caller wants this element as a list. */
  list: boolean;
  /** Tag-name prediction: the tag that came first inside this one last time. */
  first: Tag | undefined;
  /** Tag-name prediction: the tag that followed this one last time. */
  next: Tag | undefined;
  /** The last text-only value of this tag, and its length when it is exactly its raw text (else -1). */
  text: string;
  textLength: number;
  /** Where that raw text starts in the document. */
  textFrom: number;
  /** The parse that last used this tag: the text fields above belong to that document only. */
  parse: number;
}

/**
 * Tags kept across the documents of one parser, by raw name. Bounded: past MAX_KEPT_TAGS names
 * (a hostile or unusual answer), further names live for one document only.
 */
export type TagTable = Map<string, Tag>;
const MAX_KEPT_TAGS = 4_096;
let parses = 0;

interface Frame {
  tag: Tag;
  obj: Obj | undefined;
  /** Text gathered so far once content is mixed (children, comments, CDATA). */
  text: string;
  /** Where the not-yet-gathered text run starts. */
  from: number;
  /** The last child opened (tag-name prediction). */
  last: Tag | undefined;
}

/** Thrown for input that is not well-formed. */
class XmlSyntaxError extends Error {}

/** Thrown at the first `<!DOCTYPE`/`<!ENTITY` (any `<!` that is not a comment or CDATA). */
export class XmlDeclarationError extends XmlSyntaxError {}

/**
 * Open elements allowed at once. Cisco answers nest about a dozen deep; the limit keeps a hostile
 * or broken answer from building a value so deep that rendering it (recursive, like
 * `JSON.stringify`) overflows the stack.
 */
export const MAX_XML_DEPTH = 256;

/** Thrown when elements nest deeper than MAX_XML_DEPTH. */
export class XmlDepthError extends XmlSyntaxError {}

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;

function local(name: string): string {
  const c = name.indexOf(":");
  return c < 0 ? name : name.slice(c + 1);
}

function cleanText(t: string): string {
  if (t.length === 0) return t;
  const a = t.charCodeAt(0);
  const b = t.charCodeAt(t.length - 1);
  const s = a <= 32 || b <= 32 ? t.trim() : t;
  return s.indexOf("&") < 0 ? s : decodeXmlEntities(s);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function addChild(parent: Frame, tag: Tag, value: unknown): void {
  const obj = parent.obj ?? {};
  parent.obj = obj;
  const name = tag.name;
  const prev = obj[name];
  if (prev === undefined) obj[name] = tag.list ? [value] : value;
  else if (Array.isArray(prev)) prev.push(value);
  else obj[name] = [prev, value];
}

/** `@local` keys by raw attribute name, shared by every parse (a handful of names in practice). */
const attrKeys = new Map<string, string>();
const LAST_ATTR: { name: string; key: string } = { name: "", key: "" };

/** Parses attributes from `s[start, end)` into an object (prefixes and xmlns dropped). */
function readAttributes(s: string, start: number, end: number): Obj | undefined {
  let obj: Obj | undefined;
  let i = start;
  while (i < end) {
    while (i < end && isSpace(s.charCodeAt(i))) i++;
    if (i >= end) break;
    const eq = s.indexOf("=", i);
    if (eq < 0 || eq >= end) throw new XmlSyntaxError("attribute without a value");
    let key: string | undefined;
    let skip = false;
    // Most elements repeat the attribute of their siblings (`uuid`): compare in place first.
    if (eq - i === LAST_ATTR.name.length && s.startsWith(LAST_ATTR.name, i)) key = LAST_ATTR.key;
    else {
      const name = s.slice(i, eq).trim();
      skip = name === "xmlns" || name.startsWith("xmlns:");
      if (!skip) {
        key = attrKeys.get(name);
        if (key === undefined) {
          key = `@${local(name)}`;
          if (attrKeys.size < 1000) attrKeys.set(name, key);
        }
        if (eq - i === name.length) {
          LAST_ATTR.name = name;
          LAST_ATTR.key = key;
        }
      }
    }
    let q = eq + 1;
    while (isSpace(s.charCodeAt(q))) q++;
    const quote = s.charCodeAt(q);
    if (quote !== 34 && quote !== 39) throw new XmlSyntaxError("unquoted attribute");
    const close = s.indexOf(quote === 34 ? '"' : "'", q + 1);
    if (close < 0 || close >= end) throw new XmlSyntaxError("unterminated attribute");
    if (!skip && key !== undefined) {
      obj ??= {};
      const v = s.slice(q + 1, close);
      obj[key] = v.indexOf("&") < 0 ? v : decodeXmlEntities(v);
    }
    i = close + 1;
  }
  return obj;
}

/**
 * Parses a whole document; returns the root element as `{ [localName]: value }`. `kept` carries
 * the tags of earlier documents of the same parser (same `arrays`); omitted, a document starts afresh.
 */
export function scanXml(s: string, arrays: ReadonlySet<string>, kept: TagTable = new Map()): Obj {
  // One Tag per distinct raw name: its local name, list flag and predictions are looked up once,
  // not per element.
  const parse = ++parses;
  let extra: Map<string, Tag> | undefined;
  const tagFor = (raw: string): Tag => {
    let tag = kept.get(raw) ?? extra?.get(raw);
    if (tag === undefined) {
      const name = local(raw);
      tag = {
        raw,
        name,
        list: arrays.has(name),
        first: undefined,
        next: undefined,
        text: "",
        textLength: -1,
        textFrom: 0,
        parse,
      };
      if (kept.size < MAX_KEPT_TAGS) kept.set(raw, tag);
      else {
        extra ??= new Map();
        extra.set(raw, tag);
      }
    } else if (tag.parse !== parse) {
      // The remembered value is a slice of an earlier document: drop it (it could keep a large
      // document alive, and its offsets mean nothing here).
      tag.parse = parse;
      tag.text = "";
      tag.textLength = -1;
      tag.textFrom = 0;
    }
    return tag;
  };
  const root: Frame = { tag: tagFor(""), obj: undefined, text: "", from: 0, last: undefined };
  // Frames are pooled by depth: a 100k-row answer reuses a handful of objects.
  const pool: Frame[] = [root];
  let depth = 0;
  let top = root;
  let i = 0;
  const n = s.length;
  // Index of the next `&` at or after the current text (n when none is left): one forward search
  // per `&` in the document instead of one search per value.
  let amp = -1;
  while (i < n) {
    const lt = s.indexOf("<", i);
    if (lt < 0) break;
    const c = s.charCodeAt(lt + 1);
    if (c === SLASH) {
      const raw = top.tag.raw;
      let gt = lt + 2 + raw.length;
      while (gt < n && isSpace(s.charCodeAt(gt))) gt++;
      if (depth === 0 || s.charCodeAt(gt) !== GT || !s.startsWith(raw, lt + 2)) {
        throw new XmlSyntaxError("mismatched closing tag");
      }
      const value = finish(top, s, lt);
      depth--;
      const parent = pool[depth]!;
      addChild(parent, top.tag, value);
      parent.from = gt + 1;
      top = parent;
      i = gt + 1;
      continue;
    }
    // Anything else ends the current text run: keep it in case the element turns out mixed.
    if (depth > 0 && lt > top.from) top.text += s.slice(top.from, lt);
    if (c === BANG) {
      if (s.startsWith("<![CDATA[", lt)) {
        const end = s.indexOf("]]>", lt + 9);
        if (end < 0) throw new XmlSyntaxError("unterminated CDATA");
        top.text += s.slice(lt + 9, end).replaceAll("&", "&amp;");
        i = end + 3;
      } else if (s.startsWith("<!--", lt)) {
        const end = s.indexOf("-->", lt + 4);
        if (end < 0) throw new XmlSyntaxError("unterminated comment");
        i = end + 3;
      } else {
        throw new XmlDeclarationError("markup declarations are not allowed");
      }
      top.from = i;
      continue;
    }
    if (c === QUESTION) {
      const end = s.indexOf("?>", lt + 2);
      if (end < 0) throw new XmlSyntaxError("unterminated processing instruction");
      i = end + 2;
      top.from = i;
      continue;
    }
    // A start tag. Rows repeat the same child sequence, so the tag that followed the same
    // predecessor last time is checked in place first; a hit needs no slice and no lookup.
    const prev = top.last;
    let tag = prev === undefined ? top.tag.first : prev.next;
    let j: number;
    const after = tag === undefined ? 0 : s.charCodeAt(lt + 1 + tag.raw.length);
    if (tag !== undefined && (after === GT || after === SLASH || isSpace(after)) && s.startsWith(tag.raw, lt + 1)) {
      j = lt + 1 + tag.raw.length;
    } else {
      j = lt + 1;
      for (let ch = s.charCodeAt(j); j < n && ch !== GT && ch !== SLASH && !isSpace(ch); ch = s.charCodeAt(++j));
      if (j === lt + 1) throw new XmlSyntaxError("bad tag name");
      tag = tagFor(s.slice(lt + 1, j));
      if (prev === undefined) top.tag.first = tag;
      else prev.next = tag;
    }
    top.last = tag;
    const gt = s.charCodeAt(j) === GT ? j : tagClose(s, j);
    const selfClose = s.charCodeAt(gt - 1) === SLASH;
    const tagEnd = selfClose ? gt - 1 : gt;
    const attrs = j < tagEnd ? readAttributes(s, j, tagEnd) : undefined;
    if (selfClose) {
      addChild(top, tag, attrs ?? "");
      top.from = gt + 1;
      i = gt + 1;
      continue;
    }
    // Leaf fast path: most elements of a large answer are `<name>text</name>`. Their value is
    // taken straight from the document, without opening a frame or gathering text.
    const close = s.indexOf("<", gt + 1);
    const raw = tag.raw;
    if (
      close > 0 &&
      s.charCodeAt(close + 1) === SLASH &&
      s.charCodeAt(close + 2 + raw.length) === GT &&
      s.startsWith(raw, close + 2)
    ) {
      let text = "";
      const length = close - gt - 1;
      if (length > 0) {
        // A column often repeats its value row after row (device pool, model, flags): the same raw
        // text gets the same string, with no new allocation. The last character is compared
        // first, in place, which turns unique values (keys, names) away without reading `last`.
        const last = tag.text;
        if (
          length === tag.textLength &&
          s.charCodeAt(close - 1) === s.charCodeAt(tag.textFrom + length - 1) &&
          s.startsWith(last, gt + 1)
        ) {
          text = last;
        } else {
          if (amp < gt) amp = s.indexOf("&", gt);
          if (amp < 0) amp = n;
          text = textOf(s, gt + 1, close, amp < close);
          // Only a value that is its own raw text can be recognised by comparing with the document.
          tag.text = text;
          tag.textFrom = gt + 1;
          tag.textLength = text.length === length && amp >= close ? length : -1;
        }
      }
      if (attrs === undefined) addChild(top, tag, text);
      else {
        if (text.length > 0) attrs["#text"] = text;
        addChild(top, tag, attrs);
      }
      i = close + 3 + raw.length;
      top.from = i;
      continue;
    }
    if (depth === MAX_XML_DEPTH) throw new XmlDepthError("elements nest too deep");
    depth++;
    let f = pool[depth];
    if (f === undefined) {
      f = { tag, obj: attrs, text: "", from: gt + 1, last: undefined };
      pool[depth] = f;
    } else {
      f.tag = tag;
      f.obj = attrs;
      f.text = "";
      f.from = gt + 1;
      f.last = undefined;
    }
    top = f;
    i = gt + 1;
  }
  if (depth !== 0) throw new XmlSyntaxError("unclosed element");
  if (!root.obj) throw new XmlSyntaxError("no root element");
  return root.obj;
}

/**
 * The value of the text `s[from, to)` (not empty, no markup inside): sliced without being read,
 * so the new string stays a cheap view of the document; trimming and entity decoding only when
 * its ends are blank or it holds an `&`.
 */
function textOf(s: string, from: number, to: number, hasAmp: boolean): string {
  if (s.charCodeAt(from) <= 32 || s.charCodeAt(to - 1) <= 32) return cleanText(s.slice(from, to));
  return hasAmp ? decodeXmlEntities(s, from, to) : s.slice(from, to);
}

/** Index of the `>` ending a start tag whose name ends at `from`; quote-aware (values may hold `>`). */
function tagClose(s: string, from: number): number {
  let quote = 0;
  for (let k = from; k < s.length; k++) {
    const ch = s.charCodeAt(k);
    if (quote !== 0) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === GT) return k;
    else if (ch === LT) break;
  }
  throw new XmlSyntaxError("unterminated tag");
}

/** The value of the element in `f`, which closes at `lt`. */
function finish(f: Frame, s: string, lt: number): unknown {
  const text =
    f.text.length === 0
      ? lt > f.from
        ? s.slice(f.from, lt)
        : ""
      : lt > f.from
        ? f.text + s.slice(f.from, lt)
        : f.text;
  if (f.obj === undefined) return text.length === 0 ? "" : cleanText(text);
  if (text.length > 0) {
    const t = cleanText(text);
    if (t.length > 0) f.obj["#text"] = t;
  }
  return f.obj;
}
