import type { Analysis, RoleAnalysis } from '../analysis/analyse.js';
import type { IacLocations } from '../iac/locate.js';
import type { SynthResult } from '../synth/synthesise.js';
import { compare } from '../model/order.js';
import { policyDiff } from './policy-diff.js';
import { renderJson, renderPolicy } from './policy-json.js';
import { renderReport } from './report-html.js';
import { renderSarif } from './sarif.js';
import { analysedFunctions, summary } from './statistics.js';

/** File names come from IAM and Lambda names, which allow `+=,.@-_`: keep them, refuse path tricks. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9+=,.@_-]/g, '_');
}

function policyFiles(dir: string, name: string, synth: SynthResult): [string, string][] {
  if (synth.documents.length === 1)
    return [
      [
        `${dir}/${safeName(name)}.json`,
        renderPolicy(synth.documents[0] ?? { Version: '2012-10-17', Statement: [] }),
      ],
    ];
  return synth.documents.map((doc, i) => [`${dir}/${safeName(name)}/${i + 1}.json`, renderPolicy(doc)]);
}

/**
 * The verdict on each granted action: the used and kept ones one by one, the unused ones as a count per
 * service, with their names where the service was partly used.
 */
function verdictSummary(synth: SynthResult): unknown {
  const unused = new Map<string, string[]>();
  const usedServices = new Set<string>();
  for (const v of synth.verdicts) {
    const service = v.action.slice(0, v.action.indexOf(':'));
    if (v.verdict === 'unused') unused.set(service, [...(unused.get(service) ?? []), v.action]);
    else usedServices.add(service);
  }
  // IAM's last-accessed date of each unused service, or of each unused action IAM tracks: null is never.
  const lastAccessed = new Map<string, string | null>();
  for (const v of synth.verdicts) {
    if (v.verdict !== 'unused' || !v.iamLastAccessed) continue;
    const key = v.iamLastAccessed.of === 'action' ? v.action : v.action.slice(0, v.action.indexOf(':'));
    lastAccessed.set(key, v.iamLastAccessed.at);
  }
  return {
    usedOrKept: synth.verdicts.filter((v) => v.verdict !== 'unused'),
    unused: Object.fromEntries(
      [...unused].map(([service, actions]) => [
        service,
        usedServices.has(service) ? actions : actions.length,
      ]),
    ),
    ...(lastAccessed.size > 0
      ? { unusedIamLastAccessed: Object.fromEntries([...lastAccessed].sort(([a], [b]) => compare(a, b))) }
      : {}),
  };
}

/** Why each generated statement is there (counts, first and last seen), and what became of each grant. */
function roleEvidence(r: RoleAnalysis): unknown {
  return {
    role: r.role.arn,
    functions: r.functions.map((f) => f.name),
    statements: r.synth.evidence,
    verdicts: verdictSummary(r.synth),
    generalised: r.synth.generalised,
    outsideGrant: r.synth.outsideGrant,
    perFunction: r.perFunction.map((f) => ({
      function: f.function.name,
      statements: f.synth.evidence,
      verdicts: verdictSummary(f.synth),
    })),
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The inputs the manifest records, as given on the command line: where SARIF and the report point. */
function manifestInputs(manifest: Record<string, unknown>): {
  logs: string[];
  iam: string[];
  lambda: string[];
} {
  const inputs = (manifest['inputs'] ?? {}) as Record<string, unknown>;
  return {
    logs: stringList(inputs['logs']),
    iam: stringList(inputs['iam']),
    lambda: stringList(inputs['lambda']),
  };
}

/** Every file of an analyze run, by path relative to --out, rendered deterministically. */
export function outputFiles(
  analysis: Analysis,
  manifest: Record<string, unknown>,
  iac?: IacLocations,
): Map<string, string> {
  const files = new Map<string, string>();
  const diffs = new Map<string, string>();
  for (const r of analysis.roles) {
    for (const [path, content] of policyFiles('policies', r.role.name, r.synth)) files.set(path, content);
    const diff = policyDiff(r.role.name, r.role.policies, r.synth.documents);
    diffs.set(r.role.name, diff);
    files.set(`diffs/${safeName(r.role.name)}.diff`, diff);
    files.set(`evidence/${safeName(r.role.name)}.json`, renderJson(roleEvidence(r)));
    for (const f of r.perFunction) {
      for (const [path, content] of policyFiles('functions', f.function.name, f.synth))
        files.set(path, content);
    }
  }
  const inputs = manifestInputs(manifest);
  files.set('findings.json', renderJson(analysis.findings));
  files.set(
    'findings.sarif',
    renderSarif({
      findings: analysis.findings,
      roles: analysis.roles.map((r) => r.role),
      functions: analysedFunctions(analysis),
      sources: inputs,
      ...(iac ? { iac } : {}),
    }),
  );
  files.set('summary.json', renderJson(summary(analysis)));
  files.set('usage.json', renderJson(analysis.usage));
  const catalogVersion = manifest['catalogVersion'];
  files.set(
    'report.html',
    renderReport({
      analysis,
      diffs,
      inputs,
      ...(typeof catalogVersion === 'string' ? { catalogVersion } : {}),
      ...(iac ? { iac } : {}),
    }),
  );
  files.set('pare.json', renderJson(manifest));
  return files;
}
