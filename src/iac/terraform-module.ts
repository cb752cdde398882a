/**
 * A Terraform module as pare reads it: the `.tf` files of one directory parsed, their resource and data
 * blocks by address, and the variables whose values are known (a string default, or terraform.tfvars /
 * *.auto.tfvars, which win).
 */
import type { Attribute, Block, Comment, Expression, HclFile } from './hcl/ast.js';
import { parseHcl } from './hcl/parser.js';
import { stringValue, traversalNames } from './hcl/values.js';
import type { IacFile } from './model.js';

export interface TfBlock {
  /** `aws_iam_role.orders`, `data.aws_iam_policy_document.receipts`. */
  address: string;
  type: string;
  name: string;
  path: string;
  block: Block;
}

export interface TfModule {
  dir: string;
  sources: Map<string, string>;
  comments: Map<string, Comment[]>;
  resources: TfBlock[];
  data: TfBlock[];
  variables: Map<string, string>;
  /** `.tf` files of the module that do not parse, with the error. */
  broken: string[];
}

export function dirOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? '' : path.slice(0, cut);
}

export function attribute(block: Block, name: string): Attribute | undefined {
  return block.body.items.find((i): i is Attribute => i.kind === 'attribute' && i.name === name);
}

export function blocks(block: Block, type: string): Block[] {
  return block.body.items.filter((i): i is Block => i.kind === 'block' && i.type === type);
}

/** `aws_iam_role.orders.arn` → ['aws_iam_role', 'orders', 'arn']; data sources keep their `data` head. */
export function addressOf(expression: Expression | undefined): { address: string; attr: string } | undefined {
  const names = expression ? traversalNames(expression) : undefined;
  if (!names) return undefined;
  const [head, ...rest] = names;
  if (head === 'data' && rest.length === 3)
    return { address: `data.${rest[0]}.${rest[1]}`, attr: rest[2] ?? '' };
  if (head !== 'data' && rest.length === 2) return { address: `${head}.${rest[0]}`, attr: rest[1] ?? '' };
  return undefined;
}

/** Parses the files of `file`'s directory: `.tf` for blocks, tfvars for variable values. */
export function readModule(file: IacFile, siblings: readonly IacFile[]): TfModule {
  const dir = dirOf(file.path);
  const own = siblings.some((s) => s.path === file.path) ? siblings : [file, ...siblings];
  const local = own.filter((s) => dirOf(s.path) === dir);
  const module: TfModule = {
    dir,
    sources: new Map(),
    comments: new Map(),
    resources: [],
    data: [],
    variables: new Map(),
    broken: [],
  };
  const tfvars: HclFile[] = [];
  for (const f of local) {
    const isVars = /(^|\/)(terraform\.tfvars|[^/]+\.auto\.tfvars)$/.test(f.path);
    if (!f.path.endsWith('.tf') && !isVars) continue;
    const parsed = parseHcl(f.text);
    if (!parsed.ok) {
      if (!isVars)
        module.broken.push(`${f.path}:${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}`);
      continue;
    }
    if (isVars) {
      tfvars.push(parsed.file);
      continue;
    }
    module.sources.set(f.path, f.text);
    module.comments.set(f.path, parsed.file.comments);
    for (const item of parsed.file.body.items) {
      if (item.kind !== 'block') continue;
      const [type, name] = item.labels;
      if (type === undefined) continue;
      if (item.type === 'variable') {
        const value = attribute(item, 'default');
        const text = value ? stringValue(value.expression) : undefined;
        if (text !== undefined) module.variables.set(type, text);
      }
      if (name === undefined) continue;
      if (item.type === 'resource')
        module.resources.push({ address: `${type}.${name}`, type, name, path: f.path, block: item });
      if (item.type === 'data')
        module.data.push({ address: `data.${type}.${name}`, type, name, path: f.path, block: item });
    }
  }
  // tfvars are applied after the defaults, whatever the file order.
  for (const vars of tfvars)
    for (const item of vars.body.items) {
      const text = item.kind === 'attribute' ? stringValue(item.expression) : undefined;
      if (item.kind === 'attribute' && text !== undefined) module.variables.set(item.name, text);
    }
  return module;
}

/** The string an attribute of a block evaluates to, with the module's variables. */
export function attributeString(module: TfModule, block: Block, name: string): string | undefined {
  const value = attribute(block, name);
  return value ? stringValue(value.expression, module.variables) : undefined;
}
