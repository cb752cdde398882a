import type { Finding } from '../model/finding.js';
import { compare } from '../model/order.js';
import { markup, type HtmlValue, type SafeHtml } from './html.js';
import { RULES } from './rules.js';

/** Where each role's and function's section is, by name. */
export interface ReportLinks {
  role: ReadonlyMap<string, string>;
  fn: ReadonlyMap<string, string>;
}

/** Rows shown in one table before the rest is left to the JSON outputs. */
export const ROWS = 100;

/** ISO times as `2026-11-28 22:23Z`: minutes are enough to read, the JSON outputs have the rest. */
export function time(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '–';
}

export function severityBadge(severity: Finding['severity']): SafeHtml {
  return markup`<span class="sev sev-${severity}">${severity}</span>`;
}

export function link(id: string | undefined, text: string): SafeHtml {
  return id ? markup`<a href="#${id}">${text}</a>` : markup`${text}`;
}

/** A list of names, the first `max` of them, and how many more there are. */
export function capped(items: readonly string[], max = 12): SafeHtml {
  const shown = items.slice(0, max).map((item, i) => markup`${i > 0 ? ', ' : ''}<code>${item}</code>`);
  const rest = items.length - shown.length;
  return markup`${shown}${rest > 0 ? ` and ${rest} more` : ''}`;
}

export function tags(map: Readonly<Record<string, string>>): SafeHtml {
  const entries = Object.entries(map).sort(([a], [b]) => compare(a, b));
  if (entries.length === 0) return markup`<span class="sub">none</span>`;
  return markup`<div class="tags">${entries.map(([k, v]) => markup`<span class="tag">${k}=${v}</span>`)}</div>`;
}

/** A two-column table of facts; rows whose value is undefined are left out. */
export function facts(rows: readonly [string, HtmlValue][]): SafeHtml {
  const shown = rows.filter(([, value]) => value !== undefined && value !== '');
  return markup`<table class="facts"><tbody>${shown.map(
    ([label, value]) => markup`<tr><th scope="row">${label}</th><td>${value}</td></tr>`,
  )}</tbody></table>`;
}

/** A unified diff with its added, removed and hunk lines coloured; every line escaped. */
export function diffBlock(diff: string): SafeHtml {
  const lines = diff.split('\n').map((line) => {
    const kind = line.startsWith('@@')
      ? 'hunk'
      : line.startsWith('+') && !line.startsWith('+++')
        ? 'add'
        : line.startsWith('-') && !line.startsWith('---')
          ? 'del'
          : '';
    return kind ? markup`<span class="${kind}">${line}</span>\n` : markup`${line}\n`;
  });
  return markup`<pre class="diff">${lines}</pre>`;
}

export function findingsTable(
  findings: readonly Finding[],
  links: ReportLinks,
  options: { subject: boolean; id?: string },
): SafeHtml {
  if (findings.length === 0) return markup`<p class="sub">No findings.</p>`;
  const rows = findings.map((f) => {
    const subject = [
      f.role ? link(links.role.get(f.role), f.role) : undefined,
      f.function ? link(links.fn.get(f.function), f.function) : undefined,
    ].filter((s): s is SafeHtml => s !== undefined);
    const rule = (RULES as Readonly<Record<string, { short: string } | undefined>>)[f.rule];
    return markup`<tr data-severity="${f.severity}"><td>${severityBadge(f.severity)}</td>
<td class="nowrap"><code title="${rule?.short ?? ''}">${f.rule}</code></td>
${options.subject ? markup`<td class="subject">${subject.map((s, i) => markup`${i > 0 ? markup`<br>` : ''}${s}`)}</td>` : ''}
<td>${f.message}</td></tr>`;
  });
  const cols = markup`<colgroup><col class="c-sev"><col class="c-rule">${
    options.subject ? markup`<col class="c-subject">` : ''
  }<col></colgroup>`;
  return markup`<table class="findings"${options.id ? markup` id="${options.id}"` : ''}>${cols}<thead><tr><th>severity</th><th>rule</th>${
    options.subject ? markup`<th>role / function</th>` : ''
  }<th>message</th></tr></thead><tbody>${rows}</tbody></table>`;
}
