/**
 * A bounded log: the newest items are kept, by count and by weight (bytes), so a chatty or hostile server
 * cannot grow memory without bound. Items are addressed by sequence number, which keeps counting as old
 * ones fall off, so a scroll position stays meaningful while the log moves.
 */
export class Ring<T> {
  private items: (T | undefined)[];
  // Typed: zeroed by the allocator, where an Array of 100,000 filled with 0 cost a start ~1 ms.
  private weights: Float64Array;
  private head = 0;
  private count = 0;
  private total = 0;
  private next = 0;
  // Counted apart from sequence numbers: cleared items were let go on purpose, not lost to the bound.
  private fellOff = 0;

  constructor(
    readonly capacity: number,
    readonly maxWeight: number = Number.POSITIVE_INFINITY,
    private readonly weigh: (item: T) => number = () => 0,
  ) {
    this.items = new Array<T | undefined>(capacity);
    this.weights = new Float64Array(capacity);
  }

  /** Sequence number of the oldest item kept. */
  get first(): number {
    return this.next - this.count;
  }

  /** Sequence number the next item will get; `end - 1` is the newest. */
  get end(): number {
    return this.next;
  }

  get size(): number {
    return this.count;
  }

  /** Items that fell off since the start; cleared ones do not count. */
  get dropped(): number {
    return this.fellOff;
  }

  push(item: T): void {
    if (this.count === this.capacity) this.dropOldest();
    const slot = (this.head + this.count) % this.capacity;
    const weight = this.weigh(item);
    this.items[slot] = item;
    this.weights[slot] = weight;
    this.total += weight;
    this.count += 1;
    this.next += 1;
    while (this.total > this.maxWeight && this.count > 1) this.dropOldest();
  }

  get(seq: number): T | undefined {
    if (seq < this.first || seq >= this.next) return undefined;
    return this.items[(this.head + seq - this.first) % this.capacity];
  }

  /** Oldest to newest. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let seq = this.first; seq < this.next; seq++) yield this.get(seq) as T;
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.capacity);
    this.weights.fill(0);
    this.head = 0;
    this.count = 0;
    this.total = 0;
  }

  private dropOldest(): void {
    this.items[this.head] = undefined;
    this.total -= this.weights[this.head] ?? 0;
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
    this.fellOff += 1;
  }
}
