/**
 * The CUPI path as RBAC sees it: every path the agent gives is put under `/vmrest/` the same way
 * the CUPI client does (src/protocols/cupi/client.ts), so the profile's `METHOD /vmrest/...`
 * prefixes (docs/profiles.md) match exactly what is sent. Traversal (`..`), `//`, queries in the
 * path and the like are NOT cleaned here: the framework's RBAC normalisation refuses them with a
 * ProfilePermissionError before the handler runs.
 */

/** `users` or `/users` or `/vmrest/users` → `/vmrest/users`. */
export function vmrestPath(path: string): string {
  if (path.startsWith("/vmrest/") || path === "/vmrest") return path;
  let rel = path;
  while (rel.startsWith("/")) rel = rel.slice(1);
  return `/vmrest/${rel}`;
}
