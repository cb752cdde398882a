/**
 * `pare patch` in the core: every IaC file through the patcher of its kind, then one git-style
 * unified diff per changed file, headed by a comment block saying what goes and on what evidence.
 */
import { createTwoFilesPatch } from 'diff';
import {
  EMPTY_CONTEXT,
  type FileChange,
  type IacFile,
  type IacPatcher,
  type PatchContext,
  type Resolution,
  type RoleOverride,
  type RoleTarget,
} from './model.js';

export interface PatchPlan {
  changes: FileChange[];
  resolutions: Resolution[];
  /** Roles no file defines (by the naming rules or --map). */
  unresolved: string[];
  /** What was deliberately left alone, one line each (`path: …`). */
  notes: string[];
}

export function planPatches(
  files: readonly IacFile[],
  roles: readonly RoleTarget[],
  overrides: readonly RoleOverride[],
  patchers: readonly IacPatcher[],
  context: PatchContext = EMPTY_CONTEXT,
): PatchPlan {
  const changes: FileChange[] = [];
  const resolutions: Resolution[] = [];
  const notes: string[] = [];
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const patcher = patchers.find((p) => p.accepts(file));
    if (!patcher) continue;
    // A role is patched in the first file that defines it; an override names the file outright.
    const open = roles.filter((r) => !resolutions.some((x) => x.role === r.name));
    const result = patcher.patch(file, open, overrides, { ...context, files });
    resolutions.push(...result.resolutions);
    notes.push(...(result.notes ?? []).map((n) => `${file.path}: ${n}`));
    if (result.change) changes.push(result.change);
  }
  const unresolved = roles.map((r) => r.name).filter((name) => !resolutions.some((x) => x.role === name));
  return { changes, resolutions, unresolved, notes };
}

/** `wild-rydes/serverless.yml` → `wild-rydes__serverless.yml.patch`. */
export function patchFileName(path: string): string {
  return `${path.replaceAll('/', '__')}.patch`;
}

/** What the evidence says about a role, for a patch's or a suggestion's header. */
export function evidenceLines(role: RoleTarget): string[] {
  const lines: string[] = [];
  const calls = Object.entries(role.evidence.callsBySid).sort(([a], [b]) => a.localeCompare(b));
  const total = calls.reduce((n, [, c]) => n + c, 0);
  lines.push(
    `kept: ${total} call(s) in the window` +
      (calls.length ? `: ${calls.map(([sid, c]) => `${sid} ${c}`).join(', ')}` : ''),
  );
  const perFunction = Object.entries(role.evidence.callsByFunction).sort(([a], [b]) => a.localeCompare(b));
  if (perFunction.length > 0)
    lines.push(`calls per function: ${perFunction.map(([f, c]) => `${f} ${c}`).join(', ')}`);
  for (const [service, actions] of Object.entries(role.evidence.unused).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const list =
      typeof actions === 'number'
        ? `all ${actions} actions`
        : actions.length > 8
          ? `${actions.length} actions`
          : actions.join(', ');
    lines.push(`removed, never called in the window: ${service}: ${list}`);
  }
  return lines;
}

function header(change: FileChange, roles: readonly RoleTarget[]): string[] {
  const lines = [`pare patch: ${change.path} (${change.kind})`];
  for (const resolution of change.resolutions) {
    const role = roles.find((r) => r.name === resolution.role);
    lines.push('', `role ${resolution.role}: defined at ${resolution.logicalId} (by ${resolution.by})`);
    if (!role) continue;
    lines.push(...evidenceLines(role).map((l) => `  ${l}`));
  }
  lines.push('', ...change.edits.map((e) => `- ${e}`));
  return lines.map((l) => (l === '' ? '#' : `# ${l}`));
}

/** The patch text: the header, then a diff `git apply` takes (paths a/… b/… relative to --iac). */
export function renderPatch(change: FileChange, roles: readonly RoleTarget[]): string {
  const diff = createTwoFilesPatch(
    `a/${change.path}`,
    `b/${change.path}`,
    change.before,
    change.after,
    undefined,
    undefined,
    { context: 3 },
  );
  // diff's `Index:`/`====` preamble is not git's; the `---`/`+++` lines and hunks are all git needs.
  const body = diff.slice(diff.indexOf('--- '));
  return `${header(change, roles).join('\n')}\n${body}`;
}
