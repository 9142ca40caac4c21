/**
 * In-memory copies of rarely changed rows (tip settings, banned words, …) that every app instance
 * keeps. A feature registers how to drop its copy (`on`) and says when it wrote (`changed`): alone, an
 * instance has nothing to tell; with Redis (redis-purge.ts), the other instances drop theirs too.
 * Memos that also change pages (settings, categories) follow page-cache clears instead (main.ts), so
 * a page is never rendered between the two messages with the old copy.
 */
export interface SharedMemos {
  on(name: string, drop: () => void): void;
  changed(name: string): void;
}

export interface SharedMemosHub extends SharedMemos {
  /** A message from another instance: drop the named copy here. */
  apply(name: string): void;
  /** Drop every copy (the bus was disconnected: news sent meanwhile is lost). */
  applyAll(): void;
  /** Where `changed` sends its news (the Redis bus, once connected). */
  publishTo(send: (name: string) => void): void;
}

export function createSharedMemos(): SharedMemosHub {
  const drops = new Map<string, Array<() => void>>();
  let send: ((name: string) => void) | undefined;
  return {
    on(name, drop) {
      drops.set(name, [...(drops.get(name) ?? []), drop]);
    },
    changed(name) {
      send?.(name);
    },
    apply(name) {
      for (const drop of drops.get(name) ?? []) drop();
    },
    applyAll() {
      for (const list of drops.values()) for (const drop of list) drop();
    },
    publishTo(fn) {
      send = fn;
    },
  };
}

/**
 * One in-memory copy of something read from the database: `get` loads it once and keeps it, `drop`
 * forgets it (after a write here, or another instance's news). A load under way when `drop` is called
 * returns what it read but does not keep it, so a copy read before a change is never kept after it.
 */
export function memoCopy<T>(load: () => Promise<T>): { get(): Promise<T>; drop(): void } {
  let kept: { value: T } | undefined;
  let generation = 0;
  return {
    async get() {
      if (kept) return kept.value;
      const at = generation;
      const value = await load();
      if (at === generation) kept = { value };
      return value;
    },
    drop() {
      kept = undefined;
      generation++;
    },
  };
}
