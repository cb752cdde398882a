import { createHash } from 'node:crypto';
import type { IacLocations } from '../iac/locate.js';
import type { Finding } from '../model/finding.js';
import { canonicalJson, compare } from '../model/order.js';
import { renderJson } from './policy-json.js';
import { ruleHelp, ruleList, sarifLevel, securitySeverity, type RuleEntry } from './rules.js';
import { TOOL } from './tool.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifInput {
  findings: readonly Finding[];
  /** Findings name roles and functions; logical locations want their ARNs. */
  roles: readonly { name: string; arn: string }[];
  functions: readonly { name: string; arn: string }[];
  /** The input files as given on the command line (relative to where pare ran, or absolute). */
  sources: { iam: readonly string[]; lambda: readonly string[] };
  /** With `--iac`: the files and lines that define the roles and functions. */
  iac?: IacLocations;
}

interface LogicalLocation {
  kind: 'resource';
  name: string;
  fullyQualifiedName: string;
}

/**
 * A path as a SARIF URI: relative paths stay relative (code scanning resolves them against the
 * repository root), absolute ones become file:// URIs (which it makes relative to the checkout).
 */
export function artifactUri(path: string): string {
  const slashed = path.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
  const encode = (p: string): string => p.split('/').map(encodeURIComponent).join('/');
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${slashed.slice(0, 2)}${encode(slashed.slice(2))}`;
  if (slashed.startsWith('/')) return `file://${encode(slashed)}`;
  return encode(slashed);
}

function serviceOf(action: string): string {
  const colon = action.indexOf(':');
  return colon < 0 ? action : action.slice(0, colon);
}

/** What stays the same about an alert across runs, hashed; code scanning matches alerts on it. */
function identityHash(finding: Finding, entry: RuleEntry | undefined): string {
  const identity: Record<string, unknown> = {
    rule: finding.rule,
    role: finding.role ?? null,
    function: finding.function ?? null,
  };
  const fields = entry?.identity ?? ['actions', 'resources'];
  const sorted = (values: readonly string[] | undefined): string[] => [...(values ?? [])].sort(compare);
  for (const field of fields) {
    if (field === 'actions') identity['actions'] = sorted(finding.actions);
    if (field === 'resources') identity['resources'] = sorted(finding.resources);
    if (field === 'service') identity['service'] = [...new Set(sorted(finding.actions).map(serviceOf))];
    if (field === 'policy') identity['policy'] = finding.evidence?.['policy'] ?? null;
    if (field === 'issueCode') identity['issueCode'] = finding.evidence?.['issueCode'] ?? null;
  }
  return createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, 16);
}

interface Source {
  path: string;
  line: number;
  column?: number;
}

/**
 * The file a result is shown at. A private key in an unpacked package is at its own file and line;
 * a resource policy at the file it was read from; with --iac, the IaC that defines the function or
 * role. Otherwise the inventory the subject came from stands in: code scanning shows no result
 * without a file.
 */
function sourceOf(
  finding: Finding,
  iamUri: string | undefined,
  lambdaUri: string | undefined,
  iac: IacLocations | undefined,
): Source | undefined {
  const evidence = finding.evidence ?? {};
  const [key] = Array.isArray(evidence['keys']) ? (evidence['keys'] as unknown[]) : [];
  const packageDir = evidence['location'];
  if (
    finding.rule === 'code-private-key' &&
    typeof packageDir === 'string' &&
    !/\.(zip|jar)$/i.test(packageDir) &&
    key &&
    typeof key === 'object' &&
    'file' in key &&
    'line' in key &&
    typeof key.file === 'string' &&
    !key.file.includes('!') &&
    typeof key.line === 'number'
  )
    return { path: `${packageDir.replace(/\/+$/, '')}/${key.file}`, line: key.line };
  const policyFile = evidence['policyFile'];
  if (typeof policyFile === 'string') return { path: policyFile, line: 1 };
  const defined =
    (finding.function !== undefined ? iac?.functions[finding.function] : undefined) ??
    (finding.role !== undefined ? iac?.roles[finding.role] : undefined);
  // Joined to --iac as given, like the --iam and --lambda paths: GitHub code scanning reads every
  // relative uri against the repository root and ignores originalUriBaseIds.
  if (defined && iac)
    return {
      path: `${iac.root.replace(/[\\/]+$/, '')}/${defined.path}`,
      line: defined.line,
      column: defined.column,
    };
  const path = finding.function ? lambdaUri : iamUri;
  return path ? { path, line: 1 } : undefined;
}

function reportingDescriptor(id: string, entry: RuleEntry): Record<string, unknown> {
  const score = securitySeverity(entry.severity);
  return {
    id,
    name: entry.name,
    shortDescription: { text: entry.short.replaceAll('`', '') },
    fullDescription: { text: entry.full.replaceAll('`', '') },
    help: ruleHelp(entry),
    defaultConfiguration: { level: sarifLevel(entry.severity) },
    properties: {
      tags: score ? ['security', entry.area] : [entry.area],
      precision: entry.precision,
      ...(score ? { 'security-severity': score } : {}),
    },
  };
}

/** The SARIF 2.1.0 log of a run's findings, in the subset GitHub code scanning reads. Pure. */
export function sarifLog(input: SarifInput): Record<string, unknown> {
  const rules = ruleList();
  const ruleIndex = new Map(rules.map(([id], i) => [id, i]));
  const entries = new Map(rules);
  const roleArns = new Map(input.roles.map((r) => [r.name, r.arn]));
  const functionArns = new Map(input.functions.map((f) => [f.name, f.arn]));
  const iamUri = input.sources.iam[0] ?? input.sources.lambda[0];
  const lambdaUri = input.sources.lambda[0] ?? iamUri;
  const occurrences = new Map<string, number>();

  const results = input.findings.map((finding) => {
    const logical: LogicalLocation[] = [];
    if (finding.function) {
      const arn = functionArns.get(finding.function);
      if (arn) logical.push({ kind: 'resource', name: finding.function, fullyQualifiedName: arn });
    }
    if (finding.role) {
      const arn = roleArns.get(finding.role);
      if (arn) logical.push({ kind: 'resource', name: finding.role, fullyQualifiedName: arn });
    }
    const [resource] = finding.resources ?? [];
    if (logical.length === 0 && resource?.startsWith('arn:'))
      logical.push({
        kind: 'resource',
        name: resource.slice(resource.lastIndexOf(':') + 1),
        fullyQualifiedName: resource,
      });
    const source = sourceOf(finding, iamUri, lambdaUri, input.iac);
    const location: Record<string, unknown> = {};
    if (source)
      location['physicalLocation'] = {
        artifactLocation: { uri: artifactUri(source.path) },
        region: {
          startLine: source.line,
          ...(source.column !== undefined ? { startColumn: source.column } : {}),
        },
      };
    if (logical.length > 0) location['logicalLocations'] = logical;

    const hash = identityHash(finding, entries.get(finding.rule));
    const occurrence = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, occurrence);
    const properties: Record<string, unknown> = { severity: finding.severity };
    if (finding.role) properties['role'] = finding.role;
    if (finding.function) properties['function'] = finding.function;
    if (finding.actions) properties['actions'] = finding.actions;
    if (finding.resources) properties['resources'] = finding.resources;
    if (finding.evidence) properties['evidence'] = finding.evidence;
    return {
      ruleId: finding.rule,
      ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {}),
      level: sarifLevel(finding.severity),
      message: { text: finding.message },
      locations: Object.keys(location).length > 0 ? [location] : [],
      partialFingerprints: { primaryLocationLineHash: `${hash}:${occurrence}` },
      properties,
    };
  });

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            version: TOOL.version,
            semanticVersion: TOOL.version,
            informationUri: TOOL.informationUri,
            rules: rules.map(([id, entry]) => reportingDescriptor(id, entry)),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** findings.sarif: keys sorted, like every JSON pare writes, so equal findings give equal bytes. */
export function renderSarif(input: SarifInput): string {
  return renderJson(sarifLog(input));
}
