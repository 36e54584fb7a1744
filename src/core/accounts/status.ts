/** How collection went in one member account: what an operator checks first when its insights stop. */
import { z } from 'zod';
import { EpochMs } from '../model';

export const AccountStatusSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  /** The configured alias, else the account's name in AWS Organizations. */
  alias: z.string().optional(),
  /** Organisational unit the account was listed from, when it came from one. */
  organizationalUnitId: z.string().optional(),
  regions: z.array(z.string()),
  /** OK: every region collected last cycle; DEGRADED: some regions failed; FAILED: none collected. */
  state: z.enum(['OK', 'DEGRADED', 'FAILED']),
  /** Covered resources found in the account (all regions). */
  resources: z.number().int().nonnegative(),
  lastSuccessAt: EpochMs.optional(),
  /** Since when the account (or one of its regions) has been failing, while it is. */
  failingSince: EpochMs.optional(),
  /** The latest failure in one line, e.g. `eu-west-1: AccessDenied assuming role OpsightMemberRead`. */
  lastError: z.string().optional(),
});
export type AccountStatus = z.infer<typeof AccountStatusSchema>;

/** Name of the ConfigStore document holding the latest AccountStatus[] (written by collection each cycle, read by `/health`). */
export const ACCOUNT_STATUS_DOCUMENT = 'account-status';

/** The stored statuses, or none when the document is absent or unreadable (single-account installs have none). */
export function parseAccountStatuses(value: unknown): AccountStatus[] {
  const parsed = z.array(AccountStatusSchema).safeParse(value);
  return parsed.success ? parsed.data : [];
}
