import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import { DEFAULT_BUDGET_USD } from './alarms.ts';
import { type ApiThrottle, DEFAULT_THROTTLE } from './api/api-stage.ts';
import { flag, text } from './context-values.ts';
import { type ManagedDomain, readDomainOptions } from './domain-config.ts';
import { InfraConfigError } from './errors.ts';
import { type GithubDeploy, readGithubOptions } from './github/github-config.ts';
import { type ReminderOptions, readReminderOptions } from './reminder-options.ts';
import type { CustomDomain } from './site/static-site.ts';

/** What the author can choose with `-c key=value` on `cdk deploy` (or in cdk.json's context). */
export interface AppConfig {
  readonly alarmEmail?: string;
  /** The monthly AWS Budget, in US dollars, whose 80% and 100% mail `alarmEmail` (`-c budgetUsd`). */
  readonly budgetUsd?: number;
  /** `-c hstsPreload=true`: Strict-Transport-Security with `includeSubDomains; preload`. */
  readonly hstsPreload?: boolean;
  /**
   * `-c apiRateLimit=…` and `-c apiBurstLimit=…`: the throttle of each API route. The worst an anonymous
   * client can cost grows in proportion to it (infra/cost-bound.ts).
   */
  readonly throttle?: ApiThrottle;
  /** `-c domainName -c certificateArn`: a certificate the author made. */
  readonly customDomain?: CustomDomain;
  /** `-c domainName -c hostedZoneId -c hostedZoneName [-c redirectWww]`: the stack makes certificate and records. */
  readonly managedDomain?: ManagedDomain;
  /** `-c githubRepo=owner/name`: the opt-in stack of the role GitHub Actions deploys with. */
  readonly github?: GithubDeploy;
  readonly priceClass: PriceClass;
  /** `-c tableName=…`: an existing table (one a destroyed stack retained) to use instead of a new one. */
  readonly tableName?: string;
  /** The site's public URL when there is no custom domain and it is already known (`-c siteUrl=…`). */
  readonly siteUrl?: string;
  /** `-c reminderEmail=… -c reminderAt=HH:MM`: the daily nudge (infra/reminder-options.ts). */
  readonly reminder?: ReminderOptions;
}

const DYNAMODB_TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PRICE_CLASSES: Record<string, PriceClass> = {
  PriceClass_100: PriceClass.PRICE_CLASS_100,
  PriceClass_200: PriceClass.PRICE_CLASS_200,
  PriceClass_All: PriceClass.PRICE_CLASS_ALL,
};

function budget(context: (key: string) => unknown, alarmEmail: string | undefined): number | undefined {
  const value = context('budgetUsd');
  const given = value !== undefined && value !== null && value !== '';
  if (given && alarmEmail === undefined) {
    throw new InfraConfigError(
      '-c budgetUsd needs -c alarmEmail=<address>: the budget mails its alerts there, and without one it is not made',
    );
  }
  if (alarmEmail === undefined) return undefined;
  if (!given) return DEFAULT_BUDGET_USD;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const amount = /^\d{1,6}(\.\d{1,2})?$/.test(text) ? Number(text) : Number.NaN;
  if (!(amount > 0)) {
    throw new InfraConfigError(
      `-c budgetUsd=${typeof value === 'string' ? value : JSON.stringify(value)} is not a monthly amount in US dollars such as 5 or 12.50 (more than 0)`,
    );
  }
  return amount;
}

function positive(
  context: (key: string) => unknown,
  key: string,
  options: { max: number; integer: boolean },
): number | undefined {
  const value = context(key);
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!(n > 0 && n <= options.max) || (options.integer && !Number.isInteger(n))) {
    throw new InfraConfigError(
      `-c ${key}=${typeof value === 'string' ? value : JSON.stringify(value)} must be ${options.integer ? 'a whole number' : 'a number'} above 0 and at most ${options.max}`,
    );
  }
  return n;
}

function throttle(context: (key: string) => unknown): ApiThrottle | undefined {
  const rateLimit = positive(context, 'apiRateLimit', { max: 10_000, integer: false });
  const burstLimit = positive(context, 'apiBurstLimit', { max: 5_000, integer: true });
  if (rateLimit === undefined && burstLimit === undefined) return undefined;
  return {
    rateLimit: rateLimit ?? DEFAULT_THROTTLE.rateLimit,
    burstLimit: burstLimit ?? DEFAULT_THROTTLE.burstLimit,
  };
}

/** Reads and checks the deploy options from CDK context; a bad value fails synth with the key and the fix. */
export function readAppConfig(context: (key: string) => unknown): AppConfig {
  const alarmEmail = text(context, 'alarmEmail');
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
    throw new InfraConfigError(`-c alarmEmail=${alarmEmail} is not an e-mail address`);
  }
  const domain = readDomainOptions(context);
  const github = readGithubOptions(context);
  const priceClassName = text(context, 'priceClass') ?? 'PriceClass_100';
  const priceClass = PRICE_CLASSES[priceClassName];
  if (priceClass === undefined) {
    throw new InfraConfigError(
      `-c priceClass=${priceClassName} is not one of ${Object.keys(PRICE_CLASSES).join(', ')}`,
    );
  }
  const siteUrl = text(context, 'siteUrl')?.replace(/\/+$/, '');
  if (siteUrl !== undefined && !/^https:\/\/[^/\s]+$/.test(siteUrl)) {
    throw new InfraConfigError(
      `-c siteUrl=${siteUrl} must be an https:// origin such as https://d111111abcdef8.cloudfront.net`,
    );
  }
  const tableName = text(context, 'tableName');
  if (tableName !== undefined && !DYNAMODB_TABLE_NAME.test(tableName)) {
    throw new InfraConfigError(
      `-c tableName=${JSON.stringify(tableName)} is not a DynamoDB table name: 3 to 255 letters, digits, ` +
        "'_', '-' or '.'. Write the name of the retained table, as `aws dynamodb list-tables` shows it.",
    );
  }
  const budgetUsd = budget(context, alarmEmail);
  const apiThrottle = throttle(context);
  const reminder = readReminderOptions(context);
  return {
    priceClass,
    ...(flag(context, 'hstsPreload') ? { hstsPreload: true } : {}),
    ...(siteUrl !== undefined ? { siteUrl } : {}),
    ...(tableName !== undefined ? { tableName } : {}),
    ...(alarmEmail !== undefined ? { alarmEmail } : {}),
    ...(budgetUsd !== undefined ? { budgetUsd } : {}),
    ...(apiThrottle ? { throttle: apiThrottle } : {}),
    ...domain,
    ...(github ? { github } : {}),
    ...(reminder ? { reminder } : {}),
  };
}
