/**
 * The eventIDs seen, to count a record once when inputs overlap (a LookupEvents export next to the
 * trail's files, a `.jsonl` copy of a day). A 52-bit hash per event in an open-addressing table of
 * doubles (about 11 bytes an event), kept per UTC day so that days the window leaves behind are dropped.
 * A false "seen" needs two ids of one day to collide in 52 bits.
 */
class HashSet52 {
  private slots = new Float64Array(1024);
  private size = 0;

  /** Adds a non-zero hash; false when it was already there. */
  add(hash: number): boolean {
    if ((this.size + 1) * 4 > this.slots.length * 3) this.grow();
    const mask = this.slots.length - 1;
    for (let i = hash % mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i];
      if (slot === 0) {
        this.slots[i] = hash;
        this.size++;
        return true;
      }
      if (slot === hash) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.size = 0;
    for (const hash of old) if (hash !== 0) this.add(hash);
  }
}

function fnv1a(text: string, offset: number): number {
  let h = offset;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Two FNV-1a hashes, 32 and 20 bits of them, as one exact integer in a double; never 0. */
function hash52(text: string): number {
  return fnv1a(text, 0x811c9dc5) * 0x100000 + (fnv1a(text, 0x01000193) & 0xfffff) + 1;
}

export class EventIds {
  private readonly days = new Map<string, HashSet52>();

  /** Records the id on its day; false when the same id was seen on that day before. */
  firstTime(day: string, eventID: string): boolean {
    let set = this.days.get(day);
    if (!set) this.days.set(day, (set = new HashSet52()));
    return set.add(hash52(eventID));
  }

  pruneBefore(firstDay: string): void {
    for (const day of this.days.keys()) if (day < firstDay) this.days.delete(day);
  }
}
