/**
 * Paging of AXL `list*` operations with `skip`/`first` (AXLSoap.xsd: both unsignedLong, `skip`
 * honoured only with `first`). There is no total count, so pages are fetched until one comes back
 * shorter than `first`, or the stated cap is reached — in which case the result says it was
 * truncated instead of cutting silently.
 */
import { asList, objectOf } from "../soap/shape.ts";
import type { AxlCallOptions, AxlClient, AxlTarget } from "./client.ts";
import { axlReturn } from "./client.ts";

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
  const pageSize = opts.pageSize ?? 1000;
  const cap = opts.cap ?? 10_000;
  const tag = listItemTag(operation);
  const items: T[] = [];
  let requests = 0;
  for (let skip = 0; ; skip += pageSize) {
    const first = Math.min(pageSize, cap + 1 - items.length);
    const { skip: _s, first: _f, ...rest } = payload;
    const res = await client.call(target, operation, { ...rest, skip, first }, { ...opts, arrayTags: [tag] });
    requests++;
    const page = asList<T>(objectOf(axlReturn(res))[tag]);
    for (const item of page) items.push(item);
    opts.onProgress?.(Math.min(items.length, cap));
    if (items.length > cap) return { items: items.slice(0, cap), truncated: true, requests };
    if (page.length < first) return { items, truncated: false, requests };
  }
}
