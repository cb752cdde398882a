/**
 * How concrete the mapping's resources are on the public corpus (issue 3): the share of resource-level
 * accesses carrying an ARN among those whose record names the resource (the measure is defined in
 * scripts/lib/mapping-coverage.ts, which test/mapping/coverage.test.ts asserts on). Prints the figure
 * and the (eventSource, eventName) pairs still unresolved, most frequent first.
 *
 *   node --import tsx scripts/mapping-coverage.ts [--corpus DIR]
 */
import { loadMappingIndex } from '../src/data/mappings.js';
import { findCorpus, measureCoverage, readCorpus, type PairCount } from './lib/mapping-coverage.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dir = flag('corpus') ?? findCorpus();
if (dir === undefined) {
  process.stderr.write('no corpus: pass --corpus DIR (folders holding records.jsonl)\n');
  process.exit(2);
}
const coverage = measureCoverage(readCorpus(dir), await loadMappingIndex());
const percent = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);
const lines = (pairs: readonly PairCount[]): string[] =>
  pairs.map((p) => `  ${String(p.count).padStart(4)}  ${p.eventSource} ${p.eventName}`);

const pathUnknown = coverage.pathUnknown.reduce((n, p) => n + p.count, 0);
process.stdout.write(
  [
    `corpus: ${dir} (${coverage.records} records)`,
    `resource-level accesses: ${coverage.resourceLevel}, concrete ${coverage.resourceLevelConcrete} (${percent(coverage.resourceLevelConcrete, coverage.resourceLevel)})`,
    `measure (records naming the resource): ${coverage.concrete} of ${coverage.counted} concrete = ${percent(coverage.concrete, coverage.counted)}`,
    `IAM entities named without path or ARN (outside the measure, unresolved by design): ${pathUnknown}`,
    ...lines(coverage.pathUnknown),
    `unresolved (${coverage.counted - coverage.concrete}):`,
    ...lines(coverage.unresolved),
    '',
  ].join('\n'),
);
