import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findCorpus, measureCoverage, readCorpus } from '../../scripts/lib/mapping-coverage.js';
import { bundled } from './helpers.js';

const CORPUS = findCorpus();

test(
  'corpus: at least 95% of resource-level accesses whose record names the resource carry a concrete ARN',
  { skip: CORPUS === undefined ? 'no shared/corpus beside the repository' : false },
  async (t) => {
    const { index } = await bundled();
    const coverage = measureCoverage(readCorpus(CORPUS ?? ''), index);
    t.diagnostic(
      `concrete ${coverage.concrete} of ${coverage.counted} = ${(100 * coverage.share).toFixed(1)}% ` +
        `(all resource-level: ${coverage.resourceLevelConcrete} of ${coverage.resourceLevel})`,
    );
    t.diagnostic(
      `top unresolved: ${coverage.unresolved
        .slice(0, 8)
        .map((p) => `${p.eventSource} ${p.eventName} ×${p.count}`)
        .join(', ')}`,
    );
    // A measure over a handful of accesses would say nothing: the corpus has over a thousand.
    assert.ok(coverage.counted > 500, `only ${coverage.counted} accesses measured`);
    assert.ok(coverage.share >= 0.95, `${(100 * coverage.share).toFixed(1)}% < 95%`);
  },
);
