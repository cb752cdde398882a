/**
 * The HCL2 native-syntax tree. Every node carries byte offsets into the source (`start` inclusive,
 * `end` exclusive) so that edits can splice the original text and keep everything around them.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Comment extends Span {
  text: string;
}

export interface Attribute extends Span {
  kind: 'attribute';
  name: string;
  expression: Expression;
}

export interface Block extends Span {
  kind: 'block';
  type: string;
  labels: string[];
  body: Body;
}

export interface Body extends Span {
  items: (Attribute | Block)[];
}

/** A literal run of template text (`value` has escapes decoded), an interpolation, or a raw directive. */
export type TemplatePart =
  | (Span & { kind: 'text'; value: string })
  | (Span & { kind: 'interpolation'; expression: Expression })
  | (Span & { kind: 'directive' });

export type TraversalStep =
  | (Span & { kind: 'attr'; name: string })
  | (Span & { kind: 'index'; key: Expression })
  | (Span & { kind: 'splat'; full: boolean });

export type Expression = Span &
  (
    | { kind: 'literal'; value: number | boolean | null }
    | { kind: 'template'; parts: TemplatePart[] }
    | { kind: 'heredoc'; marker: string; indented: boolean; parts: TemplatePart[]; body: Span }
    | { kind: 'tuple'; items: Expression[] }
    | { kind: 'object'; items: ObjectItem[] }
    | { kind: 'call'; name: string; args: Expression[]; expandFinal: boolean }
    | { kind: 'variable'; name: string }
    | { kind: 'traversal'; target: Expression; steps: TraversalStep[] }
    | { kind: 'conditional'; condition: Expression; then: Expression; otherwise: Expression }
    | {
        kind: 'for';
        object: boolean;
        variables: string[];
        collection: Expression;
        /** The result expression(s) (key and value for an object) and the `if` condition, when present. */
        results: Expression[];
      }
    | { kind: 'binary'; operator: string; left: Expression; right: Expression }
    | { kind: 'unary'; operator: string; operand: Expression }
    | { kind: 'parens'; inner: Expression }
  );

export interface ObjectItem extends Span {
  key: Expression;
  value: Expression;
}

export interface HclFile {
  body: Body;
  comments: Comment[];
}

export interface HclError {
  message: string;
  offset: number;
  line: number;
  column: number;
}

export type HclResult = { ok: true; file: HclFile } | { ok: false; error: HclError };
