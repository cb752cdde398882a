/**
 * AWS SAM policy templates (mappings/sam-policy-templates.json): one parameter naming one resource,
 * the actions granted on it. Read and checked here; loaded from disk at the edge (src/app/patch.ts).
 */
import { InputError } from '../errors.js';
import type { StackPlace } from './references.js';

export interface SamPolicyTemplate {
  name: string;
  /** The parameter that names the resource: TableName, BucketName, QueueName… */
  parameter: string;
  actions: string[];
  /** ARN patterns with `${Partition}`, `${Region}`, `${Account}` and `${<parameter>}`; `*` is a wildcard. */
  resources: string[];
}

function strings(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
}

export function parseSamPolicyTemplates(json: unknown, file: string): SamPolicyTemplate[] {
  const root = json as { schemaVersion?: unknown; templates?: unknown } | null;
  if (root?.schemaVersion !== 1) throw new InputError(file, 'expected schemaVersion 1', '/schemaVersion');
  if (!Array.isArray(root.templates)) throw new InputError(file, 'expected a list', '/templates');
  return root.templates.map((t: unknown, i) => {
    const fail = (problem: string): never => {
      throw new InputError(file, problem, `/templates/${i}`);
    };
    const entry = (t ?? {}) as Record<string, unknown>;
    const { name, parameter, actions, resources } = entry;
    if (typeof name !== 'string' || typeof parameter !== 'string') return fail('needs name and parameter');
    if (!strings(actions) || !strings(resources)) return fail('needs actions and resources');
    if (!resources.every((r) => r.includes(`\${${parameter}}`)))
      return fail(`every resource must name \${${parameter}}`);
    return { name, parameter, actions, resources };
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The parameter value under which the template grants `arn`, or undefined. */
export function parameterFor(
  template: SamPolicyTemplate,
  arn: string,
  place: StackPlace,
): string | undefined {
  for (const pattern of template.resources) {
    const source = pattern
      .split(/(\$\{[A-Za-z]+\}|\*)/)
      .map((part) => {
        if (part === '*') return '.*';
        if (part === '${Partition}') return 'aws[a-z-]*';
        if (part === '${Region}') return escape(place.region);
        if (part === '${Account}') return escape(place.account);
        if (part === `\${${template.parameter}}`) return '([^:/*]+)';
        return escape(part);
      })
      .join('');
    const m = new RegExp(`^${source}$`).exec(arn);
    if (m?.[1] !== undefined) return m[1];
  }
  return undefined;
}

function globMatch(pattern: string, action: string): boolean {
  const source = pattern.split('*').map(escape).join('.*');
  return new RegExp(`^${source}$`, 'i').test(action);
}

/** Every action is one the template grants. */
export function grantsAll(template: SamPolicyTemplate, actions: readonly string[]): boolean {
  return actions.every((a) => template.actions.some((t) => globMatch(t, a)));
}

/**
 * Every action the template grants was called. A pattern counts when a called action matches it: each
 * pattern in the data stands for one IAM action (`sqs:SendMessage*` is `sqs:SendMessage`).
 */
export function grantsOnly(template: SamPolicyTemplate, actions: readonly string[]): boolean {
  return template.actions.every((t) => actions.some((a) => globMatch(t, a)));
}

/** `narrower` grants nothing `wider` does not (same parameter, actions a subset). */
export function isWithin(narrower: SamPolicyTemplate, wider: SamPolicyTemplate): boolean {
  return (
    narrower.parameter === wider.parameter &&
    narrower.resources.every((r) => wider.resources.includes(r)) &&
    narrower.actions.every((a) => wider.actions.some((w) => globMatch(w, a)))
  );
}
