/**
 * Private keys shipped inside a function package (Twistlock: "Detects private keys in functions").
 * The caller hands over the package's files; archives inside it (.zip, .jar) are opened too.
 */
import type { Finding } from '../model/finding.js';
import type { LambdaFunction } from '../model/grants.js';
import { compare } from '../model/order.js';
import type { SecretRules } from './data.js';
import { roleNameOf } from './function-checks.js';
import { findPrivateKeys } from './secrets.js';
import { isZip, zipEntries } from './zip.js';

export interface CodeFile {
  /** The path inside the package. */
  path: string;
  data: Buffer;
}

/** What scanning one package found: where keys are, never the keys. */
export interface CodeScan {
  /** The package's name: a `<function>.zip` file or a directory names its function. */
  package: string;
  /** The file or directory it was read from. */
  location: string;
  keys: { file: string; kind: string; line: number }[];
  /** Entries that could not be read (encrypted, unsupported compression), with why. */
  unreadable: string[];
  files: number;
}

const NESTED = /\.(zip|jar)$/i;
const MAX_DEPTH = 2;

export function scanCode(
  rules: SecretRules,
  pkg: { package: string; location: string },
  files: Iterable<CodeFile>,
): CodeScan {
  const scan: CodeScan = { ...pkg, keys: [], unreadable: [], files: 0 };
  const visit = (path: string, data: Buffer, depth: number): void => {
    if (NESTED.test(path) && isZip(data) && depth < MAX_DEPTH) {
      for (const entry of zipEntries(data, `${pkg.location}!${path}`)) {
        if (entry.data) visit(`${path}!${entry.name}`, entry.data, depth + 1);
        else scan.unreadable.push(`${path}!${entry.name}: ${entry.problem ?? 'unreadable'}`);
      }
      return;
    }
    scan.files++;
    // Key markers are ASCII: latin1 maps every byte to one character, so binaries are scanned too.
    for (const key of findPrivateKeys(rules, data.toString('latin1'))) scan.keys.push({ file: path, ...key });
  };
  for (const file of files) visit(file.path, file.data, 0);
  scan.keys.sort((a, b) => compare(a.file, b.file) || a.line - b.line);
  return scan;
}

export function codeFindings(scans: readonly CodeScan[], functions: readonly LambdaFunction[]): Finding[] {
  const findings: Finding[] = [];
  for (const scan of scans) {
    if (scan.keys.length === 0) continue;
    const fn = functions.find((f) => f.name === scan.package);
    const where = scan.keys.map((k) => `${k.file}:${k.line} (${k.kind})`);
    findings.push({
      rule: 'code-private-key',
      severity: 'high',
      ...(fn ? { function: fn.name, role: roleNameOf(fn.role) } : {}),
      resources: [scan.location],
      message: `${fn ? `${fn.name}'s package` : `The package ${scan.location}`} ships ${scan.keys.length} private key block(s): ${where.join(', ')}. Anyone who can download the code (lambda:GetFunction) has the key; revoke it and load keys from Secrets Manager at run time.${fn ? '' : ' (No function of the inventory is named after the package.)'}`,
      evidence: { package: scan.package, location: scan.location, keys: scan.keys },
    });
  }
  return findings;
}
