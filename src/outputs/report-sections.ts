import type { FunctionAnalysis, RoleAnalysis } from '../analysis/analyse.js';
import type { Finding } from '../model/finding.js';
import type { LambdaFunction } from '../model/grants.js';
import { compare } from '../model/order.js';
import type { AccessUsage, SessionUsage } from '../model/usage.js';
import type { SynthResult } from '../synth/synthesise.js';
import { markup, type SafeHtml } from './html.js';
import { renderPolicy } from './policy-json.js';
import { verdictBar } from './report-chart.js';
import {
  capped,
  diffBlock,
  facts,
  findingsTable,
  link,
  ROWS,
  tags,
  time,
  type ReportLinks,
} from './report-parts.js';
import { runtimeOf, verdictCounts } from './statistics.js';

function legend(synth: SynthResult): SafeHtml {
  const c = verdictCounts(synth.verdicts);
  return markup`${verdictBar(c)}<div class="legend"><span><i class="dot dot-used"></i>${c.used} used</span>
<span><i class="dot dot-kept"></i>${c.kept} kept (not observable, or Lambda’s own)</span>
<span><i class="dot dot-unused"></i>${c.unused} unused</span><span>${c.granted} granted</span></div>`;
}

/** Why each generated statement is there: the calls behind it, first and last seen. */
function evidenceTable(synth: SynthResult): SafeHtml {
  const rows = synth.evidence.slice(0, ROWS).map(
    (
      e,
    ) => markup`<tr><td class="nowrap"><code>${e.sid}</code></td><td class="nowrap">${e.kind}</td><td>${capped(e.actions, 8)}</td>
<td>${capped(e.resources, 4)}</td><td class="num">${e.count ?? '–'}</td><td class="nowrap">${time(e.firstSeen)}</td><td class="nowrap">${time(e.lastSeen)}</td></tr>`,
  );
  const rest = synth.evidence.length - rows.length;
  return markup`<table><thead><tr><th>statement</th><th>kind</th><th>actions</th><th>resources</th>
<th class="num">calls</th><th>first seen</th><th>last seen</th></tr></thead><tbody>${rows}</tbody></table>
${rest > 0 ? markup`<p class="sub">and ${rest} more statements in evidence/.</p>` : ''}`;
}

/** Unused actions per service; names where the service was partly used, a count where not at all. */
function unusedList(synth: SynthResult): SafeHtml {
  const unused = new Map<string, string[]>();
  const used = new Set<string>();
  for (const v of synth.verdicts) {
    const service = v.action.slice(0, v.action.indexOf(':'));
    if (v.verdict === 'unused') unused.set(service, [...(unused.get(service) ?? []), v.action]);
    else used.add(service);
  }
  if (unused.size === 0) return markup``;
  const rows = [...unused]
    .sort(([a], [b]) => compare(a, b))
    .map(
      ([service, actions]) =>
        markup`<tr><td><code>${service}</code></td><td class="num">${actions.length}</td><td>${
          used.has(service) ? capped(actions, 20) : markup`<span class="sub">service not used at all</span>`
        }</td></tr>`,
    );
  return markup`<details><summary>Granted but unused: ${unused.size} service(s)</summary><table><thead><tr><th>service</th>
<th class="num">actions</th><th>unused actions</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

function keptList(synth: SynthResult): SafeHtml {
  const kept = synth.verdicts.filter((v) => v.verdict !== 'used' && v.verdict !== 'unused');
  if (kept.length === 0) return markup``;
  const rows = kept
    .slice(0, ROWS)
    .map(
      (v) => markup`<tr><td><code>${v.action}</code></td><td>${v.verdict}</td><td>${v.why ?? ''}</td></tr>`,
    );
  return markup`<details><summary>Kept without evidence: ${kept.length} action(s)</summary><table><thead><tr>
<th>action</th><th>verdict</th><th>why</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

function policyBlock(synth: SynthResult, what: string): SafeHtml {
  const documents = synth.documents.length > 1 ? ` (${synth.documents.length} documents)` : '';
  return markup`<details><summary>${what}${documents}</summary>${synth.documents.map(
    (doc) => markup`<pre>${renderPolicy(doc)}</pre>`,
  )}</details>`;
}

function refusedTable(usage: RoleAnalysis['usage']): SafeHtml {
  if (!usage || (usage.denied.length === 0 && usage.unmapped.length === 0)) return markup``;
  const denied = usage.denied.slice(0, ROWS).map(
    (
      d,
    ) => markup`<tr><td><code>${d.action}</code></td><td><code>${d.resource}</code></td><td>${d.errorCode}</td>
<td><code>${d.eventSource} ${d.eventName}</code></td><td class="num">${d.count}</td><td>${time(d.firstSeen)}</td><td>${time(d.lastSeen)}</td></tr>`,
  );
  const unmapped = usage.unmapped
    .slice(0, ROWS)
    .map(
      (u) =>
        markup`<tr><td><code>${u.eventSource} ${u.eventName}</code></td><td class="num">${u.count}</td><td>${u.why}</td></tr>`,
    );
  const deniedTable = markup`<h3>Refused calls</h3><table><thead><tr><th>action</th><th>resource</th><th>error</th>
<th>event</th><th class="num">count</th><th>first seen</th><th>last seen</th></tr></thead><tbody>${denied}</tbody></table>`;
  const unmappedTable = markup`<h3>Calls pare could not map</h3><table><thead><tr><th>event</th><th class="num">count</th>
<th>why</th></tr></thead><tbody>${unmapped}</tbody></table>`;
  return markup`${denied.length > 0 ? deniedTable : ''}${unmapped.length > 0 ? unmappedTable : ''}`;
}

export function roleSection(
  r: RoleAnalysis,
  id: string,
  diff: string | undefined,
  findings: readonly Finding[],
  links: ReportLinks,
  /** With --iac: the file:line that defines the role. */
  definedIn?: string,
): SafeHtml {
  const { role, usage } = r;
  const functions = r.functions.map(
    (f, i) => markup`${i > 0 ? ', ' : ''}${link(links.fn.get(f.name), f.name)}`,
  );
  const lastUsed = role.lastUsed
    ? `${role.lastUsed.date}${role.lastUsed.region ? ` in ${role.lastUsed.region}` : ''}`
    : undefined;
  return markup`<section id="${id}"><h2>${role.name}</h2><div class="sub mono">${role.arn}</div>
${legend(r.synth)}
${facts([
  ['functions', functions.length > 0 ? functions : 'none'],
  [
    'calls in the window',
    usage ? `${usage.eventCount}, first ${time(usage.firstSeen)}, last ${time(usage.lastSeen)}` : 'none',
  ],
  ['IAM last used', lastUsed],
  [
    'policies',
    role.policies.map((p, i) => markup`${i > 0 ? markup`<br>` : ''}${p.kind} <code>${p.name}</code>`),
  ],
  [
    'permissions boundary',
    role.permissionsBoundary ? markup`<code>${role.permissionsBoundary.name}</code>` : undefined,
  ],
  ['tags', tags(role.tags)],
  ['defined in', definedIn !== undefined ? markup`<code>${definedIn}</code>` : undefined],
])}
<h3>Findings</h3>${findingsTable(findings, links, { subject: false })}
<h3>Evidence for the proposed policy</h3>${evidenceTable(r.synth)}
${refusedTable(usage)}
${unusedList(r.synth)}${keptList(r.synth)}
${diff ? markup`<details><summary>Diff: granted against proposed</summary>${diffBlock(diff)}</details>` : ''}
${policyBlock(r.synth, 'Proposed policy')}
</section>`;
}

/** The function's calls, one row per action: how many resources, calls, first and last seen. */
function accessTable(session: SessionUsage | undefined): SafeHtml {
  if (!session) return markup`<p class="sub">No calls by this function’s sessions in the window.</p>`;
  const byAction = new Map<string, AccessUsage[]>();
  for (const a of session.accesses) byAction.set(a.action, [...(byAction.get(a.action) ?? []), a]);
  const rows = [...byAction].map(([action, accesses]) => {
    const calls = accesses.reduce((n, a) => n + a.count, 0);
    const first = accesses.reduce(
      (t, a) => (a.firstSeen < t ? a.firstSeen : t),
      accesses[0]?.firstSeen ?? '',
    );
    const last = accesses.reduce((t, a) => (a.lastSeen > t ? a.lastSeen : t), accesses[0]?.lastSeen ?? '');
    return markup`<tr><td class="nowrap"><code>${action}</code></td><td>${capped(
      accesses.map((a) => a.resource),
      3,
    )}</td><td class="num">${calls}</td><td class="nowrap">${time(first)}</td><td class="nowrap">${time(last)}</td></tr>`;
  });
  return markup`<p>${session.eventCount} call(s), first ${time(session.firstSeen)}, last ${time(session.lastSeen)}.</p>
<table><thead><tr><th>action</th><th>resources</th><th class="num">calls</th><th>first seen</th><th>last seen</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

export function functionSection(
  fn: LambdaFunction,
  id: string,
  role: RoleAnalysis | undefined,
  split: FunctionAnalysis | undefined,
  findings: readonly Finding[],
  links: ReportLinks,
  /** With --iac: the file:line that defines the function. */
  definedIn?: string,
): SafeHtml {
  const session = split?.usage ?? role?.usage?.sessions.find((s) => s.sessionName === fn.name);
  const variables = fn.environmentVariableNames;
  return markup`<section id="${id}"><h2>${fn.name}</h2><div class="sub mono">${fn.arn}</div>
${split ? legend(split.synth) : ''}
${facts([
  [
    'execution role',
    role ? link(links.role.get(role.role.name), role.role.name) : markup`<code>${fn.role}</code>`,
  ],
  ['runtime', runtimeOf(fn)],
  ['region', fn.region],
  ['environment variables', variables.length > 0 ? capped(variables, 30) : 'none'],
  ['layers', fn.layers.length > 0 ? capped(fn.layers) : undefined],
  ['VPC', fn.vpc ? 'yes' : 'no'],
  ['tracing', fn.tracing ? 'active' : 'off'],
  ['dead-letter target', fn.deadLetterTarget ? markup`<code>${fn.deadLetterTarget}</code>` : undefined],
  ['log group', markup`<code>${fn.logGroup}</code>`],
  ['tags', tags(fn.tags)],
  ['defined in', definedIn !== undefined ? markup`<code>${definedIn}</code>` : undefined],
])}
<h3>Findings</h3>${findingsTable(findings, links, { subject: false })}
<h3>Calls in the window</h3>${accessTable(session)}
${split ? policyBlock(split.synth, 'Proposed policy for this function alone') : ''}
</section>`;
}
