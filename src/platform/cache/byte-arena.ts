/**
 * Where the page cache keeps the bytes of its entries: large blocks of its own, filled front to back.
 *
 * Why (docs/adr/0010): a cached page is one buffer of about 20 KB. From glibc's heap, the buffers of
 * evicted pages left holes between live ones and the heap kept its peak size; given a mapping each
 * (a low `MALLOC_MMAP_THRESHOLD_`), every short-lived buffer of every request paid for a mapping too
 * (about six per uncached article page: 1.6× its CPU). Blocks are above the threshold, so each is a
 * mapping of its own that goes back to the system once nothing references it, while the many small and
 * short-lived buffers of a request stay on the heap.
 *
 * A block is never written twice: released bytes are only counted as dead, so a response still being
 * sent from them is never overwritten. A block whose live bytes fall below `minLive` of it has its
 * survivors copied into the current block and is dropped, which bounds the memory held at about
 * 1 / minLive of the live bytes (plus the block being filled).
 */
export interface ArenaOwner {
  buf: Buffer;
}

interface Block {
  mem: Buffer;
  used: number;
  live: number;
  owners: Set<ArenaOwner>;
}

export interface ByteArenaOptions {
  blockBytes?: number;
  /** Below this share of live bytes, a full block's survivors are moved out and the block dropped. */
  minLive?: number;
  /** Told after `owner.buf` has been moved to another block (to update copies of the reference). */
  onMove?: (owner: ArenaOwner) => void;
}

export class ByteArena {
  private readonly blocks = new Map<ArrayBufferLike, Block>();
  private current: Block | undefined;
  private readonly blockBytes: number;
  private readonly minLive: number;
  private readonly onMove: (owner: ArenaOwner) => void;
  private held = 0;
  private moved = 0;

  constructor(opts: ByteArenaOptions = {}) {
    this.blockBytes = opts.blockBytes ?? 1024 * 1024; // above MALLOC_MMAP_THRESHOLD_ (256 KiB, ADR 0010)
    this.minLive = opts.minLive ?? 0.75;
    this.onMove = opts.onMove ?? (() => {});
  }

  /** Copies `owner.buf` into the arena (unless it is there already) and points `owner.buf` at the copy. */
  adopt(owner: ArenaOwner): void {
    if (this.blockOf(owner.buf)?.owners.has(owner)) return;
    owner.buf = this.place(owner, owner.buf);
  }

  /** `owner` no longer needs the bytes at `buf` (by default its current `buf`). */
  release(owner: ArenaOwner, buf: Buffer = owner.buf): void {
    const block = this.blockOf(buf);
    if (!block || !block.owners.delete(owner)) return;
    block.live -= buf.length;
    if (block !== this.current && block.live < block.mem.length * this.minLive) this.compact(block);
  }

  /** Forgets every block (responses still sending from one keep it alive until they are done). */
  clear(): void {
    this.blocks.clear();
    this.current = undefined;
    this.held = 0;
  }

  stats(): { blocks: number; heldBytes: number; movedBytes: number } {
    return { blocks: this.blocks.size, heldBytes: this.held, movedBytes: this.moved };
  }

  private blockOf(buf: Buffer): Block | undefined {
    return this.blocks.get(buf.buffer);
  }

  private place(owner: ArenaOwner, src: Buffer): Buffer {
    let block = this.current;
    if (block && block.used + src.length > block.mem.length) {
      // The full block becomes like any other: dropped now if it is mostly dead already.
      this.current = undefined;
      if (block.live < block.mem.length * this.minLive) this.compact(block);
      block = this.current as Block | undefined; // (compaction may have started a new block)
      // Compaction left a current block with too little room for this (large) entry: the entry gets a
      // block of exactly its size, and the compacted block stays current (it is not left half empty).
      if (block && block.used + src.length > block.mem.length) block = this.newBlock(src.length, false);
    }
    // An entry larger than a block gets a block of its own size.
    block ??= this.newBlock(Math.max(this.blockBytes, src.length), true);
    const at = block.used;
    src.copy(block.mem, at);
    block.used += src.length;
    block.live += src.length;
    block.owners.add(owner);
    return block.mem.subarray(at, at + src.length);
  }

  private newBlock(bytes: number, current: boolean): Block {
    const block: Block = { mem: Buffer.allocUnsafeSlow(bytes), used: 0, live: 0, owners: new Set() };
    this.blocks.set(block.mem.buffer, block);
    this.held += bytes;
    if (current) this.current = block;
    return block;
  }

  /** Moves the block's survivors to the current block and drops it. */
  private compact(block: Block): void {
    this.blocks.delete(block.mem.buffer);
    this.held -= block.mem.length;
    for (const owner of block.owners) {
      this.moved += owner.buf.length;
      owner.buf = this.place(owner, owner.buf);
      this.onMove(owner);
    }
  }
}
