/**
 * Serverless Framework variables, resolved as far as the file and the deployment tell: `${self:…}`,
 * `${sls:stage}`, `${opt:stage}`/`${opt:region}` (the deploy's options), `${aws:region}`, `${aws:accountId}`,
 * fallbacks (`${opt:stage, 'dev'}`) and nesting (`${self:custom.${sls:stage}.table}`). Environment, SSM,
 * CloudFormation outputs and files are unknown here, so a value that needs one is unresolvable: such a
 * name matches nothing, which leaves a role unresolved rather than wrongly matched.
 * https://www.serverless.com/framework/docs/providers/aws/guide/variables
 */

/** What `sls deploy` was given or ran against; unset parts fall back as the framework does. */
export interface Deployment {
  stage?: string;
  region?: string;
  accountId?: string;
}

/** Deep enough for real files; a self-reference loop ends here instead of running away. */
const MAX_DEPTH = 10;
/** The innermost `${…}`: nothing nested inside it. */
const INNERMOST = /\$\{([^${}]*)\}/;

export class ServerlessVariables {
  constructor(
    /** The serverless.yml as plain data. */
    private readonly root: unknown,
    private readonly deployment: Deployment = {},
  ) {}

  with(deployment: Deployment): ServerlessVariables {
    return new ServerlessVariables(this.root, deployment);
  }

  /** The text with every variable replaced, or undefined when one cannot be known. */
  resolve(text: string, depth = 0): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    let out = text;
    for (let m = INNERMOST.exec(out); m; m = INNERMOST.exec(out)) {
      const value = this.variable(m[1] ?? '', depth);
      if (value === undefined) return undefined;
      out = out.slice(0, m.index) + value + out.slice(m.index + m[0].length);
    }
    return out;
  }

  /** The value at a `self:` path, resolved; undefined when absent or not a scalar. */
  self(path: string, depth = 0): string | undefined {
    let node: unknown = this.root;
    for (const key of path.split('.')) {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    if (typeof node === 'number' || typeof node === 'boolean') return String(node);
    return typeof node === 'string' ? this.resolve(node, depth + 1) : undefined;
  }

  /** The stage the deploy used: `--stage`, else provider.stage, else the framework's `dev`. */
  stage(depth = 0): string | undefined {
    return this.deployment.stage ?? this.provider('stage', 'dev', depth);
  }

  region(depth = 0): string | undefined {
    return this.deployment.region ?? this.provider('region', 'us-east-1', depth);
  }

  private provider(key: 'stage' | 'region', fallback: string, depth: number): string | undefined {
    const provider = (this.root as { provider?: Record<string, unknown> } | null)?.provider;
    const raw = provider?.[key];
    return raw === undefined ? fallback : typeof raw === 'string' ? this.resolve(raw, depth + 1) : undefined;
  }

  /** `a, b, 'c'`: the first source that has a value. */
  private variable(body: string, depth: number): string | undefined {
    for (const candidate of splitSources(body)) {
      const value = this.source(candidate.trim(), depth);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  private source(source: string, depth: number): string | undefined {
    const quoted = /^(['"])(.*)\1$/.exec(source);
    if (quoted) return quoted[2];
    if (/^-?\d+(\.\d+)?$/.test(source)) return source;
    const m = /^([a-zA-Z]+):(.*)$/.exec(source);
    if (!m) return undefined;
    const [, kind, rest = ''] = m;
    switch (`${kind}:${kind === 'self' ? '' : rest}`) {
      case 'self:':
        if (rest === 'provider.stage') return this.stage(depth);
        if (rest === 'provider.region') return this.region(depth);
        return this.self(rest, depth);
      case 'opt:stage':
        return this.deployment.stage;
      case 'opt:region':
        return this.deployment.region;
      case 'sls:stage':
        return this.stage(depth);
      case 'aws:region':
        return this.region(depth);
      case 'aws:accountId':
        return this.deployment.accountId;
      default:
        // env:, ssm:, cf:, file:, s3:, param:… are outside what the file and the deploy say.
        return undefined;
    }
  }
}

/** Splits `opt:stage, env:X, 'a,b'` at the commas outside quotes. */
function splitSources(body: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ',') {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}
