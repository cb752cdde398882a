import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A progress bar on stderr for long runs; nothing at all when stderr is not a terminal. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar(
    {
      stream,
      format: `${label} {bar} {percentage}% | {value}/{total} MB | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      const mb = (n: number): number => Math.round(n / 1e5) / 10;
      if (!started) {
        bar.start(mb(total), 0);
        started = true;
      }
      bar.setTotal(mb(total));
      bar.update(mb(done));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
