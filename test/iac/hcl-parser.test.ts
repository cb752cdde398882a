/** pare's HCL2 native-syntax parser: the constructs of real Terraform, byte spans, comments, errors. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { readIacFiles } from '../../src/app/patch.js';
import type { Attribute, Block, Expression, HclFile } from '../../src/iac/hcl/ast.js';
import { parseHcl } from '../../src/iac/hcl/parser.js';
import { evaluate, stringValue, traversalNames } from '../../src/iac/hcl/values.js';
import { EXAMPLE_IAC, FIXTURES } from './helpers.js';

function parse(source: string): HclFile {
  const result = parseHcl(source);
  assert.ok(
    result.ok,
    result.ok ? '' : `${result.error.line}:${result.error.column} ${result.error.message}`,
  );
  return result.file;
}

function attributeOf(items: HclFile['body']['items'], name: string): Attribute {
  const found = items.find((i): i is Attribute => i.kind === 'attribute' && i.name === name);
  return found ?? assert.fail(`no attribute ${name}`);
}

function blockOf(items: HclFile['body']['items'], type: string, ...labels: string[]): Block {
  const found = items.find(
    (i): i is Block => i.kind === 'block' && i.type === type && labels.every((l, n) => i.labels[n] === l),
  );
  return found ?? assert.fail(`no block ${type} ${labels.join(' ')}`);
}

const REALISTIC = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
  backend "s3" {}
}

provider "aws" {
  alias  = "dr"
  region = "us-west-2"
}

variable "subnets" {
  type = list(object({ id = string, public = bool }))
  default = []
  validation {
    condition     = length(var.subnets) < 10 && alltrue([for s in var.subnets : can(regex("^subnet-", s.id))])
    error_message = "At most nine \\"subnets\\"."
  }
}

locals {
  public  = [for s in var.subnets : s.id if s.public]
  by_az   = { for s in var.subnets : s.az => s.id... }
  first   = try(var.subnets[0].id, null)
  ids     = aws_instance.web[*].id
  legacy  = aws_instance.web.*.private_ip
  index   = aws_instance.web.0.id
  math    = -1 + 2 * (3 - 4) % 5 >= 0 || !true
  picked  = var.env == "prod" ? "big" : "small"
  keyed   = { (var.key) = 1, "a:b" : 2 }
  greet   = "Hello, %{ if var.name != "" }\${var.name}%{ else }stranger%{ endif }!"
  nested  = "a \${lower("B \${upper("c")}")} d"
  escaped = "$\${literal} %%{literal} \\u00e9 \\t # not a comment"
  parsed  = provider::aws::arn_parse("arn:aws:s3:::b")
  args    = concat(local.lists...)
}

module "vpc" {
  source   = "terraform-aws-modules/vpc/aws"
  for_each = toset(["a", "b"])
  name     = "vpc-\${each.key}"
  providers = {
    aws = aws.dr
  }
}

resource "aws_security_group" "web" {
  count = var.enabled ? 1 : 0
  name  = "web"

  dynamic "ingress" {
    for_each = var.ports
    iterator = port
    content {
      from_port = port.value
      to_port   = port.value
    }
  }

  lifecycle { ignore_changes = [tags] }
}
`;

test('a realistic file: providers, variables, locals, modules, dynamic blocks, count, for_each', () => {
  const file = parse(REALISTIC);
  const locals = blockOf(file.body.items, 'locals').body.items;
  const value = (name: string): Expression => attributeOf(locals, name).expression;
  const text = (e: Expression): string => REALISTIC.slice(e.start, e.end);
  assert.equal(value('public').kind, 'for');
  assert.equal(text(value('by_az')), '{ for s in var.subnets : s.az => s.id... }');
  assert.deepEqual(
    (value('ids') as Extract<Expression, { kind: 'traversal' }>).steps.map((s) => s.kind),
    ['attr', 'splat', 'attr'],
  );
  assert.deepEqual(traversalNames(value('legacy')), undefined);
  assert.deepEqual(traversalNames(value('index')), ['aws_instance', 'web', '0', 'id']);
  assert.equal(value('picked').kind, 'conditional');
  const math = value('math');
  assert.ok(math.kind === 'binary' && math.operator === '||');
  assert.equal(text(value('parsed')), 'provider::aws::arn_parse("arn:aws:s3:::b")');
  const args = value('args');
  assert.ok(args.kind === 'call' && args.expandFinal);
  assert.deepEqual(evaluate(value('keyed'), REALISTIC), { reference: '{ (var.key) = 1, "a:b" : 2 }' });
  // Directives stay raw spans; interpolations are parsed.
  const greet = value('greet');
  assert.ok(greet.kind === 'template');
  assert.deepEqual(
    greet.parts.map((p) => `${p.kind}:${REALISTIC.slice(p.start, p.end)}`),
    [
      'text:Hello, ',
      'directive:%{ if var.name != "" }',
      'interpolation:${var.name}',
      'directive:%{ else }',
      'text:stranger',
      'directive:%{ endif }',
      'text:!',
    ],
  );
  const nested = value('nested');
  assert.ok(nested.kind === 'template' && nested.parts[1]?.kind === 'interpolation');
  assert.equal(stringValue(value('escaped')), '${literal} %{literal} é \t # not a comment');
  const sg = blockOf(file.body.items, 'resource', 'aws_security_group', 'web');
  const dynamic = blockOf(sg.body.items, 'dynamic', 'ingress');
  assert.equal(blockOf(dynamic.body.items, 'content').body.items.length, 2);
  assert.equal(blockOf(sg.body.items, 'lifecycle').body.items.length, 1);
  assert.deepEqual(
    blockOf(file.body.items, 'terraform').body.items.map((i) => i.kind),
    ['block', 'block'],
  );
  assert.deepEqual(file.comments, []);
});

test('every Terraform file of the example and the fixtures parses', async () => {
  const files = [...(await readIacFiles(EXAMPLE_IAC)), ...(await readIacFiles(join(FIXTURES, 'terraform')))];
  const tf = files.filter((f) => f.path.endsWith('.tf') || f.path.endsWith('.tfvars'));
  assert.ok(tf.length >= 5);
  for (const f of tf) parse(f.text);
});

test('heredocs: plain and indented, interpolations inside, the body span', () => {
  const source =
    'a = <<EOT\n  {"k": "${var.v}"}\nEOT\nb = <<-JSON\n    {\n      "x": 1\n    }\n  JSON\nc = 1\n';
  const file = parse(source);
  const a = attributeOf(file.body.items, 'a').expression;
  assert.ok(a.kind === 'heredoc' && !a.indented);
  assert.equal(source.slice(a.body.start, a.body.end), '  {"k": "${var.v}"}\n');
  assert.equal(stringValue(a, new Map([['v', 'w']])), '  {"k": "w"}\n');
  const b = attributeOf(file.body.items, 'b').expression;
  assert.ok(b.kind === 'heredoc' && b.indented && b.marker === 'JSON');
  assert.equal(stringValue(b), '{\n  "x": 1\n}\n');
  assert.deepEqual(evaluate(attributeOf(file.body.items, 'c').expression, source), 1);
  // A marker-like word inside a line does not close the heredoc.
  const tricky = parse('x = <<EOT\nnot EOT here\nEOT\n');
  assert.equal(stringValue(attributeOf(tricky.body.items, 'x').expression), 'not EOT here\n');
});

test('comments of the three kinds are collected with their spans and never end a string', () => {
  const source = '# one\na = "# no" // two\n/* three\n   lines */ b = [1, # four\n  2]\n';
  const file = parse(source);
  assert.deepEqual(
    file.comments.map((c) => c.text),
    ['# one', '// two', '/* three\n   lines */', '# four'],
  );
  for (const c of file.comments) assert.equal(source.slice(c.start, c.end), c.text);
  assert.deepEqual(evaluate(attributeOf(file.body.items, 'b').expression, source), [1, 2]);
  assert.equal(stringValue(attributeOf(file.body.items, 'a').expression), '# no');
});

test('garbage fails with a message and the line:column of the fault', async () => {
  const cases: [string, number, number, RegExp][] = [
    ['resource "x" "y" {\n  a = 1\n', 3, 1, /expected "\}" to close the block/],
    ['a = \n', 1, 5, /expected an expression/],
    ['a = "open\nb = 1\n', 1, 10, /unterminated string/],
    ['= 1\n', 1, 1, /expected an attribute or block/],
    ['a = [1 2]\n', 1, 8, /expected ","/],
    ['a = <<EOF\nbody\n', 3, 1, /heredoc without closing EOF/],
    ['a = 1 b = 2\n', 1, 7, /expected a newline/],
    ['block "${x}" {}\n', 1, 7, /a block label is a plain string/],
    ['a = "${b"\n', 1, 10, /unterminated string|expected/],
    ['a = 1 @ 2\n', 1, 7, /unexpected character "@"/],
    ['x {\n  y = {\n    k = 1 z = 2\n  }\n}\n', 3, 11, /expected a newline or "," between object items/],
  ];
  for (const [source, line, column, message] of cases) {
    const result = parseHcl(source);
    assert.ok(!result.ok, source);
    assert.match(result.error.message, message, source);
    assert.deepEqual(
      [result.error.line, result.error.column],
      [line, column],
      `${source}: ${result.error.message}`,
    );
  }
  // Not HCL at all: a JSON policy, a YAML template.
  const template = await readFile(join(FIXTURES, 'cfn-role', 'template.yaml'), 'utf8');
  assert.equal(parseHcl(template).ok, false);
  assert.equal(parseHcl('{"Version": "2012-10-17"}').ok, false);
});
