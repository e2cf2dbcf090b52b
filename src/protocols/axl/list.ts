/**
 * Paging of AXL `list*` operations with `skip`/`first` (AXLSoap.xsd: both unsignedLong, `skip`
 * honoured only with `first`). There is no total count, so pages are fetched until one comes back
 * shorter than `first`, or the stated cap is reached — in which case the result says it was
 * truncated instead of cutting silently. A page refused with "Query request too large" (the 8 MB
 * answer cap, AXL Developer Guide "AXL throttling") is asked again with fewer rows.
 */
import { isProtocolError } from "../errors.ts";
import { asList, objectOf } from "../soap/shape.ts";
import type { AxlCallOptions, AxlClient, AxlTarget } from "./client.ts";
import { axlReturn } from "./client.ts";
import { chunkSize, parseTooLarge } from "./sql-split.ts";

/** Paging options. */
export interface ListAllOptions extends AxlCallOptions {
  /** Rows per request (default 1000, what peers use). */
  pageSize?: number;
  /** Stop after this many items (default 10,000) and report `truncated`. */
  cap?: number;
  onProgress?: (fetched: number) => void;
}

/** Items of every page, and whether the cap cut the list. */
export interface ListAllResult<T> {
  items: T[];
  truncated: boolean;
  requests: number;
}

/** The element name of one item: `listPhone` → `phone`, `listLdapDirectory` → `ldapDirectory`. */
export function listItemTag(operation: string): string {
  const base = operation.slice(4);
  return base.charAt(0).toLowerCase() + base.slice(1);
}

/** Fetches every page of a `list*` operation (payload holds searchCriteria and returnedTags). */
export async function listAll<T = Record<string, unknown>>(
  client: AxlClient,
  target: AxlTarget,
  operation: string,
  payload: Record<string, unknown>,
  opts: ListAllOptions = {},
): Promise<ListAllResult<T>> {
  let pageSize = opts.pageSize ?? 1000;
  const cap = opts.cap ?? 10_000;
  const tag = listItemTag(operation);
  const items: T[] = [];
  let requests = 0;
  for (let skip = 0; ; skip += pageSize) {
    let first = Math.min(pageSize, cap + 1 - items.length);
    const { skip: _s, first: _f, ...rest } = payload;
    let res: Awaited<ReturnType<AxlClient["call"]>>;
    for (;;) {
      try {
        requests++;
        res = await client.call(target, operation, { ...rest, skip, first }, { ...opts, arrayTags: [tag] });
        break;
      } catch (err) {
        const info = isProtocolError(err, "AXL_FAULT")
          ? parseTooLarge(String(err.details.axlmessage ?? ""))
          : undefined;
        if (info === undefined || first <= 1) throw err;
        // Smaller pages from here on: CUCM's suggestion when it gave one, else half.
        pageSize = Math.max(1, Math.min(first - 1, info.suggestedRows > 0 ? chunkSize(info) : Math.floor(first / 2)));
        first = pageSize;
      }
    }
    const page = asList<T>(objectOf(axlReturn(res))[tag]);
    for (const item of page) items.push(item);
    opts.onProgress?.(Math.min(items.length, cap));
    if (items.length > cap) return { items: items.slice(0, cap), truncated: true, requests };
    if (page.length < first) return { items, truncated: false, requests };
  }
}
