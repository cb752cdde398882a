/** Evidence for one (action, resource) pair seen in the window. */
export interface AccessUsage {
  action: string;
  resource: string;
  wildcard?: 'wildcard-only' | 'unresolved';
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** Calls that failed for reasons other than authorisation still prove the permission was used. */
  errorCount: number;
}

/** Calls IAM refused (AccessDenied, UnauthorizedOperation, …): findings, never grants. */
export interface DeniedAttempt {
  action: string;
  resource: string;
  errorCode: string;
  eventSource: string;
  eventName: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

export interface SessionUsage {
  /** The role session name; for Lambda, the function name. */
  sessionName: string;
  accesses: AccessUsage[];
  denied: DeniedAttempt[];
  /** Calls the mapping could not turn into actions: their service's granted actions are kept. */
  unmapped: UnmappedEvent[];
  eventCount: number;
  firstSeen: string;
  lastSeen: string;
}

export interface RoleUsage {
  roleArn: string;
  roleName: string;
  accountId: string;
  accesses: AccessUsage[];
  denied: DeniedAttempt[];
  unmapped: UnmappedEvent[];
  sessions: SessionUsage[];
  eventCount: number;
  firstSeen: string;
  lastSeen: string;
}

export interface UnmappedEvent {
  eventSource: string;
  eventName: string;
  count: number;
  why: string;
}

export interface UsageModel {
  window: { since: string; until: string };
  roles: RoleUsage[];
  /** Records in the window that the mapping could not turn into actions: counted, never dropped. */
  unmapped: UnmappedEvent[];
  /**
   * eventSources for which the input holds data events (any principal): the trail records that service's
   * data plane, so a data-plane action missing from usage is unused rather than unobservable.
   */
  dataEventSources: string[];
  counts: {
    records: number;
    /** Records read twice (same eventID on the same day), e.g. overlapping inputs: counted once. */
    duplicates: number;
    inWindow: number;
    outsideWindow: number;
    /** In the window but not made by an IAM role session (users, services, root …). */
    notFromRoles: number;
    noPermission: number;
    notApiCalls: number;
  };
}
