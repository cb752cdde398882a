/**
 * IAM's last-accessed data (Access Advisor) for one role: when the role last authenticated to each
 * service its policies allow, and, for the services IAM tracks at action level, to each tracked action.
 * IAM reports at least the last 400 days; it counts attempts, refused ones included.
 */
export interface RoleLastAccessed {
  roleArn: string;
  /** When IAM finished the report (ISO time). */
  jobCompletionDate?: string;
  services: ServiceLastAccessed[];
}

export interface ServiceLastAccessed {
  /** The IAM service prefix, lower case, e.g. `s3`. */
  service: string;
  /** ISO time of the last attempt; absent: none in IAM's tracking period. */
  lastAuthenticated?: string;
  region?: string;
  totalAuthenticatedEntities?: number;
  /** Present only for services IAM tracks at action level: every tracked action, used or not. */
  actions?: TrackedActionLastAccessed[];
}

export interface TrackedActionLastAccessed {
  /** `service:Action`, as IAM spells the action. */
  action: string;
  lastAccessed?: string;
  region?: string;
}

/** IAM's tracking period: "at least the last 400 days" (GenerateServiceLastAccessedDetails). */
export const TRACKING_PERIOD_DAYS = 400;
