/**
 * RFC 8707 resource indicators: the only protected resource here is the MCP endpoint, so a
 * `resource` parameter must name it (scheme and host compared case-insensitively, trailing
 * slash ignored, as the MCP spec's canonical URI rules allow). Tokens are bound to it.
 */
import { CONFIG_PATTERNS } from "../../util/patterns.ts";

/** The canonical MCP URL when `requested` names it (or is absent); undefined otherwise. */
export function resolveResource(requested: string | undefined, resourceUrl: string): string | undefined {
  if (requested === undefined || requested === "") return resourceUrl;
  const wanted = canonical(requested);
  return wanted !== undefined && wanted === canonical(resourceUrl) ? resourceUrl : undefined;
}

function canonical(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.hash !== "" || url.search !== "" || url.username !== "") return undefined;
    return `${url.protocol}//${url.host}${url.pathname}`.replace(CONFIG_PATTERNS.trailingSlashes, "");
  } catch {
    return undefined;
  }
}
