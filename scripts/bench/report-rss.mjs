/* global process */
// Preloaded into the benchmarked process: on exit, write its peak resident set size (KiB) to a file.
import { writeFileSync } from 'node:fs';

const file = process.env.PARE_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
