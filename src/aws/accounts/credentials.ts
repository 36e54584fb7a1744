/**
 * Credentials for member accounts: STS AssumeRole of the member role
 * (`arn:<partition>:iam::<account>:role/<roleName>`) with the organisation's external id, one
 * session per account shared by every client of that account (all regions), renewed when less
 * than `refreshBeforeMs` of it is left. The STS client carries the SDK's retry strategy
 * (`SDK_RETRY`); nothing here retries on top of it.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SDK_RETRY } from '../throttle';

export interface MemberRole {
  readonly roleName: string;
  readonly externalId: string;
  /** The partition of the central account (aws, aws-cn, aws-us-gov). @default aws */
  readonly partition?: string;
}

export interface MemberCredentialsOptions {
  /** The STS client (the central account's credentials). @default a client in `region` */
  readonly sts?: STSClient;
  readonly region?: string;
  /** Epoch ms. @default Date.now */
  readonly clock?: () => number;
  /** Session length asked for. @default 1 hour (the longest a role chain allows) */
  readonly durationSeconds?: number;
  /** Renew a session with less than this left. @default 5 minutes */
  readonly refreshBeforeMs?: number;
}

/** The AssumeRole call failed: names the role and the account, in one line. */
export class AssumeRoleError extends Error {
  constructor(
    readonly accountId: string,
    readonly roleName: string,
    readonly code: string,
    cause: unknown,
  ) {
    super(`${code} assuming role ${roleName} in ${accountId}`, { cause });
    this.name = 'AssumeRoleError';
  }
}

/** Temporary credentials as SDK clients take them. */
export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

interface Session {
  readonly credentials: SessionCredentials;
  readonly expiresAt: number;
}

export class MemberCredentials {
  private readonly sts: STSClient;
  private readonly clock: () => number;
  private readonly sessions = new Map<string, Promise<Session>>();
  /** Names the session in the member account's CloudTrail (`opsight-<cycle>`). */
  private sessionName = 'opsight';

  constructor(
    private readonly role: MemberRole,
    private readonly options: MemberCredentialsOptions = {},
  ) {
    this.sts = options.sts ?? new STSClient({ ...SDK_RETRY, ...(options.region ? { region: options.region } : {}) });
    this.clock = options.clock ?? Date.now;
  }

  roleArn(accountId: string): string {
    return `arn:${this.role.partition ?? 'aws'}:iam::${accountId}:role/${this.role.roleName}`;
  }

  /** Sessions started from now on are named `opsight-<cycleId>`. */
  setCycle(cycleId: string): void {
    this.sessionName = `opsight-${cycleId}`.slice(0, 64);
  }

  /** The account's credentials: the cached session while it has time left, else a new one. */
  async get(accountId: string): Promise<SessionCredentials> {
    const cached = this.sessions.get(accountId);
    if (cached) {
      const session = await cached.catch(() => undefined);
      if (session && session.expiresAt - this.clock() > (this.options.refreshBeforeMs ?? 300_000)) return session.credentials;
    }
    const next = this.assume(accountId);
    this.sessions.set(accountId, next);
    // A failed call is not cached: the next use asks again.
    next.catch(() => this.sessions.get(accountId) === next && this.sessions.delete(accountId));
    return (await next).credentials;
  }

  /** A provider for SDK clients of the account (resolved per request, so renewals reach every client). */
  provider(accountId: string): () => Promise<SessionCredentials> {
    return () => this.get(accountId);
  }

  private async assume(accountId: string): Promise<Session> {
    let out;
    try {
      out = await this.sts.send(
        new AssumeRoleCommand({
          RoleArn: this.roleArn(accountId),
          RoleSessionName: this.sessionName,
          ExternalId: this.role.externalId,
          DurationSeconds: this.options.durationSeconds ?? 3600,
        }),
      );
    } catch (error) {
      throw new AssumeRoleError(accountId, this.role.roleName, errorCode(error), error);
    }
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new AssumeRoleError(accountId, this.role.roleName, 'IncompleteCredentials', new Error('AssumeRole returned no complete credentials'));
    }
    const expiresAt = c.Expiration.getTime();
    return { credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration }, expiresAt };
  }
}

/** The AWS error code of an SDK error (its name), else the error's class name. */
export function errorCode(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? error.name : 'Error';
  return 'Error';
}

/** One line describing a failure: `AccessDenied assuming role …`, `ThrottlingException: Rate exceeded`. */
export function oneLine(error: unknown): string {
  if (error instanceof AssumeRoleError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0]!.trim().slice(0, 300);
  const code = errorCode(error);
  return first && code !== 'Error' && !first.startsWith(code) ? `${code}: ${first}` : first || code;
}
