/**
 * A small least-recently-used cache (Map insertion order as recency). Sized from
 * SERVER_CUCM_WSDL_CACHE_MAX (parsed schemas) and SERVER_CUCM_ZEEP_CACHE_MAX (per-operation
 * descriptions).
 */
export class LruCache<K, V> {
  readonly #map = new Map<K, V>();
  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`cache size must be a positive integer, got ${max}`);
  }
  get(key: K): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }
  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value as K);
  }
  get size(): number {
    return this.#map.size;
  }
  clear(): void {
    this.#map.clear();
  }
}
