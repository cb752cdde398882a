/**
 * What IAM's last-accessed data adds to the usage findings: when IAM last saw a granted service or
 * action used (null: never in its tracking period), and what it saw used that the logs did not show.
 */
import type { Finding } from '../model/finding.js';
import type { RoleGrants } from '../model/grants.js';
import { TRACKING_PERIOD_DAYS } from '../model/last-accessed.js';
import type { IamActivity } from '../synth/last-accessed.js';
import type { ActionVerdict, SynthResult } from '../synth/synthesise.js';
import { SAMPLE, sample } from './sample.js';

/** A service or an action, and IAM's last date for it. */
export interface Dated {
  name: string;
  at: string | null;
}

/** One per service IAM saw used since the window began but pare did not: its grant was kept. */
export function gapFindings(role: RoleGrants, synth: SynthResult, iam: IamActivity): Finding[] {
  const byService = new Map<string, ActionVerdict[]>();
  for (const v of synth.verdicts) {
    if (v.verdict !== 'iam-used') continue;
    const service = v.action.slice(0, v.action.indexOf(':'));
    byService.set(service, [...(byService.get(service) ?? []), v]);
  }
  return [...byService].map(([service, verdicts]) => {
    const actions = verdicts.map((v) => v.action);
    const byAction = verdicts.filter((v) => v.iamLastAccessed?.of === 'action');
    const serviceAt = verdicts.find((v) => v.iamLastAccessed?.of === 'service')?.iamLastAccessed?.at;
    const seen = [
      ...(serviceAt ? [`${service} on ${when(iam, serviceAt)}`] : []),
      ...byAction.map((v) => `${v.action} on ${when(iam, v.iamLastAccessed?.at ?? '')}`),
    ];
    return {
      role: role.name,
      rule: 'activity-gap',
      severity: 'medium',
      actions,
      message: `IAM last-accessed data shows ${role.name} used ${sample(seen)}, but pare saw no call for it: the activity read is incomplete (CloudTrail data events not recorded, log files missing, or another region's trail). Kept the granted ${service} action(s): ${sample(actions)}.`,
      evidence: {
        service,
        iamLastAccessed: Object.fromEntries(
          verdicts.map((v) => [
            v.iamLastAccessed?.of === 'action' ? v.action : service,
            v.iamLastAccessed?.at,
          ]),
        ),
      },
    } satisfies Finding;
  });
}

/** IAM's dates of the verdicts' actions that IAM tracks at action level. */
export function trackedDates(verdicts: readonly (ActionVerdict | undefined)[]): Dated[] {
  return verdicts.flatMap((v) =>
    v?.iamLastAccessed?.of === 'action' ? [{ name: v.action, at: v.iamLastAccessed.at }] : [],
  );
}

const NEVER = `never used in IAM's ${TRACKING_PERIOD_DAYS}-day tracking period`;

/** `2026-03-02, before the window`: IAM's date and where it falls. */
function when(iam: IamActivity, at: string): string {
  const where = at < iam.since ? 'before' : at <= iam.until ? 'inside' : 'after';
  return `${at.slice(0, 10)}, ${where} the window`;
}

/** The services IAM's report lists (those the role's policies allow), with their last date or null. */
export function reportedServices(iam: IamActivity, services: readonly string[]): Dated[] {
  return services.flatMap((name) => {
    const entry = iam.services.get(name.toLowerCase());
    return entry ? [{ name, at: entry.lastAuthenticated ?? null }] : [];
  });
}

/** `IAM last saw s3:GetObject on 2026-03-02, before the window; s3:PutObject: never used in …`. */
export function iamSentence(items: readonly Dated[], iam: IamActivity): string {
  const parts = items.map(({ name, at }) =>
    at ? `IAM last saw ${name} on ${when(iam, at)}` : `${name}: ${NEVER}`,
  );
  const shown = parts.slice(0, SAMPLE).join('; ');
  return `${shown}${parts.length > SAMPLE ? `; and ${parts.length - SAMPLE} more` : ''}.`;
}
