/**
 * Organisation-wide coverage: the member accounts a central Opsight analyses through a
 * read-only role in each, and the cross-account calls that let correlation join them.
 */
import { z } from 'zod';
import { CoverageSchema, MAX_COVERAGE_ENTRIES } from '../coverage';

/** A 12-digit AWS account id. */
export const AccountIdSchema = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

/** An AWS region name such as eu-west-1 or us-gov-west-1. */
export const RegionSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1');

/** A list of regions: at least one, each at most once. */
const RegionsSchema = z
  .array(RegionSchema)
  .min(1)
  .max(40)
  .refine((r) => new Set(r).size === r.length, 'names a region twice');

/** One member account named explicitly. */
export const MemberAccountSchema = z
  .object({
    id: AccountIdSchema,
    /** Shown beside the id everywhere (else the name Organizations lists, else the id alone). */
    alias: z.string().min(1).max(64).optional(),
    /** Which of the account's resources are analysed (default: all). */
    coverage: CoverageSchema.default({ mode: 'account' }),
    /** Regions analysed in this account (default: the organisation's regions). */
    regions: RegionsSchema.optional(),
  })
  .strict();
export type MemberAccount = z.infer<typeof MemberAccountSchema>;

/** Every active account of an organisational unit (listed through AWS Organizations each cycle plan). */
export const OrganizationalUnitSchema = z
  .object({
    id: z.string().regex(/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/, 'must be an organisational unit id (ou-…) or a root id (r-…)'),
    coverage: CoverageSchema.default({ mode: 'account' }),
    regions: RegionsSchema.optional(),
  })
  .strict();
export type OrganizationalUnit = z.infer<typeof OrganizationalUnitSchema>;

/** One side of a cross-account call: an account, optionally narrowed to one stack. */
const DependencyEndSchema = z.object({ account: AccountIdSchema, stack: z.string().min(1).optional() }).strict();

/**
 * `from` calls `to`. Correlation never joins anomalies of two accounts into one insight unless
 * a dependency names them (in either direction).
 */
export const AccountDependencySchema = z.object({ from: DependencyEndSchema, to: DependencyEndSchema }).strict();
export type AccountDependency = z.infer<typeof AccountDependencySchema>;

export const OrganizationSchema = z
  .object({
    /** Name of the read-only role the member stack creates in every member account. */
    roleName: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name')
      .default('OpsightMemberRead'),
    /** External id the member role requires (any string you choose, shared by the central and member stacks). */
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1,224 characters of letters, digits and +=,.@:/-'),
    /** Regions analysed where an account or unit names none (default: the central stack's region). */
    regions: RegionsSchema.optional(),
    /** Analyse the central account's own coverage (top-level `coverage`) too. */
    includeCentralAccount: z.boolean().default(true),
    accounts: z.array(MemberAccountSchema).max(MAX_COVERAGE_ENTRIES).default([]),
    organizationalUnits: z.array(OrganizationalUnitSchema).max(100).default([]),
    dependencies: z.array(AccountDependencySchema).max(MAX_COVERAGE_ENTRIES).default([]),
  })
  .strict()
  .refine((o) => o.accounts.length + o.organizationalUnits.length > 0, 'names no account and no organisational unit')
  .refine((o) => new Set(o.accounts.map((a) => a.id)).size === o.accounts.length, 'names an account twice');
export type Organization = z.infer<typeof OrganizationSchema>;
