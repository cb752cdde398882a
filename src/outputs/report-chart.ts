import { markup, type SafeHtml } from './html.js';
import type { VerdictCounts } from './statistics.js';

const SEGMENTS = ['used', 'kept', 'unused'] as const;

/** Used, kept and unused as shares of the granted actions; a non-zero share stays visible. */
function segments(counts: VerdictCounts, x: number, y: number, width: number, height: number): SafeHtml[] {
  const total = counts.used + counts.kept + counts.unused;
  if (total === 0)
    return [markup`<rect class="seg-none" x="${x}" y="${y}" width="${width}" height="${height}"/>`];
  // Each non-zero share gets at least 2 units, and the whole bar still adds up to the width.
  const raw = SEGMENTS.map((key) => (counts[key] === 0 ? 0 : Math.max(2, (counts[key] / total) * width)));
  const scale = width / raw.reduce((a, b) => a + b, 0);
  const out: SafeHtml[] = [];
  let at = x;
  SEGMENTS.forEach((key, i) => {
    const w = (raw[i] ?? 0) * scale;
    if (w === 0) return;
    out.push(
      markup`<rect class="seg-${key}" x="${at.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${height}"><title>${counts[key]} ${key}</title></rect>`,
    );
    at += w;
  });
  return out;
}

function n(count: number): string {
  return count.toLocaleString('en-US');
}

function shorten(name: string, max: number): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}

export interface ChartRow {
  /** Anchor of the row's section (already a safe id). */
  id: string;
  name: string;
  counts: VerdictCounts;
}

/** Granted against used per role, as inline SVG: one stacked bar per role, linking to its section. */
export function verdictChart(rows: readonly ChartRow[]): SafeHtml {
  const rowHeight = 28;
  const labelWidth = 320;
  const barWidth = 380;
  const width = 1000;
  const height = rows.length * rowHeight + 8;
  const body = rows.map((row, i) => {
    const y = i * rowHeight + 4;
    const c = row.counts;
    return markup`<a href="#${row.id}"><title>${row.name}</title>
<text x="0" y="${y + 15}">${shorten(row.name, 44)}</text>
${segments(c, labelWidth, y + 4, barWidth, 14)}
<text class="muted" x="${labelWidth + barWidth + 12}" y="${y + 15}">${n(c.used)} used · ${n(c.kept)} kept · ${n(c.unused)} unused of ${n(c.granted)}</text></a>`;
  });
  return markup`<svg class="chart" role="img" aria-label="Granted and used actions per role" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${body}</svg>`;
}

/** The same bar, alone, for the head of a role's or a function's section. */
export function verdictBar(counts: VerdictCounts): SafeHtml {
  return markup`<svg class="bar-svg" viewBox="0 0 520 12" width="520" height="12" role="img" aria-label="${counts.used} used, ${counts.kept} kept, ${counts.unused} unused">${segments(counts, 0, 0, 520, 12)}</svg>`;
}
