/**
 * Language inclusion and intersection for compiled IAM globs, by walking the two patterns' automata
 * together. A glob's automaton has one state per atom position; `*` loops, `?` and characters step.
 */
import type { CompiledGlob, GlobAtom } from './glob.js';

/**
 * What the first pattern's automaton may feed the second: a concrete character, or a policy variable
 * of the first pattern kept opaque (only a `*` or the same variable of the second pattern consumes it,
 * because the variable may resolve to a string of any length).
 */
type Letter = { kind: 'char'; char: string } | { kind: 'variable'; name: string };

export function globSubsetCompiled(a: CompiledGlob, b: CompiledGlob): boolean {
  // Same text read the same way: whatever the variables are, both sides resolve alike.
  if (a.source === b.source && a.ignoreCase === b.ignoreCase && a.variables === b.variables) return true;
  const B = b.atoms;
  if (B.length === 1 && B[0]?.kind === 'run') return true;
  // A variable in `b` can resolve to a string longer than any fixed text, so a fixed text is never
  // inside it for every resolution; without variables, a plain match decides.
  if (a.literal) return !b.hasVariables && (b.literal ? a.text === b.text : b.regex.test(a.text));
  if (b.literal) return false;
  return subsetSearch(a.atoms, B);
}

function subsetSearch(A: readonly GlobAtom[], B: readonly GlobAtom[]): boolean {
  const n = A.length;
  const m = B.length;
  const acceptsRest = restIsRuns(B);
  const alphabet = representatives(B);
  const seen = new Set<string>();
  const stack: [number, number[]][] = [[0, closure(B, [0])]];
  while (stack.length > 0) {
    const [i, states] = stack.pop() as [number, number[]];
    // From here `b` accepts every continuation: nothing below can be a counterexample.
    if (states.some((j) => acceptsRest[j])) continue;
    // Every position of `a` still has some completion, which `b` can no longer match.
    if (states.length === 0) return false;
    const key = `${i}|${states.join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === n) {
      if (!states.includes(m)) return false;
      continue;
    }
    const atom = A[i] as GlobAtom;
    switch (atom.kind) {
      case 'char':
      case 'variable':
        stack.push([i + 1, step(B, states, atom)]);
        break;
      case 'one':
        for (const symbol of alphabet) stack.push([i + 1, step(B, states, symbol)]);
        break;
      case 'run':
        stack.push([i + 1, states]);
        for (const symbol of alphabet) stack.push([i, step(B, states, symbol)]);
        break;
    }
  }
  return true;
}

/** One character of each kind `b` tells apart: its literal characters and one it never names. */
function representatives(B: readonly GlobAtom[]): Letter[] {
  const named = new Set<string>();
  for (const atom of B) if (atom.kind === 'char') named.add(atom.char);
  let other = 0;
  while (named.has(String.fromCodePoint(other))) other++;
  return [
    ...[...named].sort().map((char): Letter => ({ kind: 'char', char })),
    { kind: 'char', char: String.fromCodePoint(other) },
  ];
}

/** acceptsRest[j]: atoms j… are all `*` (and there is at least one), so `b` accepts anything from j. */
function restIsRuns(B: readonly GlobAtom[]): boolean[] {
  const result = new Array<boolean>(B.length + 1).fill(false);
  let allRuns = true;
  for (let j = B.length - 1; j >= 0; j--) {
    allRuns = allRuns && B[j]?.kind === 'run';
    result[j] = allRuns;
  }
  return result;
}

function closure(B: readonly GlobAtom[], states: number[]): number[] {
  const result = new Set<number>();
  for (let j of states) {
    result.add(j);
    while (B[j]?.kind === 'run') result.add(++j);
  }
  return [...result].sort((x, y) => x - y);
}

function step(B: readonly GlobAtom[], states: number[], symbol: Letter): number[] {
  const next: number[] = [];
  for (const j of states) {
    const atom = B[j];
    if (!atom) continue;
    if (atom.kind === 'run') next.push(j);
    else if (atom.kind === 'one' && symbol.kind === 'char') next.push(j + 1);
    else if (atom.kind === 'char' && symbol.kind === 'char' && atom.char === symbol.char) next.push(j + 1);
    else if (atom.kind === 'variable' && symbol.kind === 'variable' && atom.name === symbol.name)
      next.push(j + 1);
  }
  return closure(B, next);
}

export function globIntersectsCompiled(a: CompiledGlob, b: CompiledGlob): boolean {
  if (a.literal) return b.literal ? a.text === b.text : b.regex.test(a.text);
  if (b.literal) return a.regex.test(b.text);
  // Variables may be anything: as `*` they over-approximate, which is the safe side here.
  const A = a.atoms.map(asRun);
  const B = b.atoms.map(asRun);
  const n = A.length;
  const m = B.length;
  const seen = new Set<number>();
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number];
    if (i === n && j === m) return true;
    const key = i * (m + 1) + j;
    if (seen.has(key)) continue;
    seen.add(key);
    const x = A[i];
    const y = B[j];
    if (x?.kind === 'run') stack.push([i + 1, j]);
    if (y?.kind === 'run') stack.push([i, j + 1]);
    if (!x || !y || (x.kind === 'run' && y.kind === 'run')) continue;
    if (x.kind === 'char' && y.kind === 'char' && x.char !== y.char) continue;
    stack.push([x.kind === 'run' ? i : i + 1, y.kind === 'run' ? j : j + 1]);
  }
  return false;
}

function asRun(atom: GlobAtom): GlobAtom {
  return atom.kind === 'variable' ? { kind: 'run' } : atom;
}
