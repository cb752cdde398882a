/**
 * Runs scenario jobs in time order, so every function's sessions, cold starts and calls come out
 * consistent (a call never predates the credentials it uses) however the scenario was written down.
 * Jobs may schedule later jobs; ties run in the order they were scheduled.
 */

interface Job {
  time: number;
  seq: number;
  run: (time: number) => void;
}

export class Scheduler {
  private readonly heap: Job[] = [];
  private seq = 0;

  at(time: number, run: (time: number) => void): void {
    this.heap.push({ time, seq: this.seq++, run });
    this.up(this.heap.length - 1);
  }

  run(): void {
    while (this.heap.length > 0) {
      const job = this.pop();
      job.run(job.time);
    }
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i] as Job;
    const b = this.heap[j] as Job;
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i] as Job;
    this.heap[i] = this.heap[j] as Job;
    this.heap[j] = t;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private pop(): Job {
    const top = this.heap[0] as Job;
    const last = this.heap.pop() as Job;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.heap.length && this.less(l, m)) m = l;
        if (r < this.heap.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
