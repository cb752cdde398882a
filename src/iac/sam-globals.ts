/**
 * SAM `Globals.Function`: properties every AWS::Serverless::Function inherits unless it sets its own or
 * opts out with the `IgnoreGlobals` attribute. `Role`, `Policies`, `FunctionName` and `Events` are never
 * global (samtranslator/plugins/globals/globals.py, supported_properties), so a role's grants and its
 * name are always the function's own and a patch never writes into Globals; what Globals can set on the
 * role SAM creates (its boundary, path, trust policy) is shared by every function, and the patch says so.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
 */
type Plain = unknown;

/** Globals.Function properties that shape the role SAM creates for a function. */
const ROLE_PROPERTIES = ['PermissionsBoundary', 'RolePath', 'AssumeRolePolicyDocument'] as const;

function record(value: Plain): Record<string, Plain> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, Plain>)
    : undefined;
}

/** The Globals.Function properties that reach this function (its own and IgnoreGlobals win). */
export function inheritedGlobals(template: Plain, logicalId: string): Record<string, Plain> {
  const globals = record(record(record(template)?.['Globals'])?.['Function']) ?? {};
  const resource = record(record(record(template)?.['Resources'])?.[logicalId]);
  const ignore = resource?.['IgnoreGlobals'];
  if (ignore === '*') return {};
  const ignored = new Set(Array.isArray(ignore) ? ignore.map(String) : []);
  const own = record(resource?.['Properties']) ?? {};
  return Object.fromEntries(
    Object.entries(globals).filter(([key]) => !ignored.has(key) && own[key] === undefined),
  );
}

function brief(value: Plain): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Header lines for what Globals set on the function's role, which the patch leaves in Globals. */
export function globalsNotes(template: Plain, logicalId: string): string[] {
  const inherited = inheritedGlobals(template, logicalId);
  return ROLE_PROPERTIES.flatMap((property) =>
    inherited[property] === undefined
      ? []
      : [
          `${logicalId}: ${property} ${brief(inherited[property])} comes from Globals.Function and applies to its role; left in Globals, which every function shares`,
        ],
  );
}
