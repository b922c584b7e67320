/** A cache by logical id or construct path (exact, `<path>/Resource`, or the only cache under a path). */
export function findCache<T extends { readonly logicalId: string; readonly path?: string }>(caches: readonly T[], idOrPath: string): T {
  const exact = caches.find((c) => c.logicalId === idOrPath || c.path === idOrPath || c.path === `${idOrPath}/Resource`);
  if (exact) return exact;
  const under = caches.filter((c) => c.path?.startsWith(`${idOrPath}/`));
  if (under.length === 1) return under[0];
  const known = caches.map((c) => c.logicalId + (c.path ? ` (${c.path})` : '')).join(', ');
  throw new Error(`no cache '${idOrPath}'${under.length > 1 ? ' (ambiguous path)' : ''}; caches: ${known || 'none'}`);
}
