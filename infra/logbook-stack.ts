import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import type { RouteDefinition } from '../lambdas/contract/routes.ts';
import type { TableDefinition } from '../lambdas/store/table-definition.ts';
import { LogbookAlarms } from './alarms.ts';
import type { ApiThrottle } from './api/api-stage.ts';
import { OriginSecret } from './api/origin-secret.ts';
import { apiCacheKeys } from './api/route-checks.ts';
import { TrackerApi } from './api/tracker-api.ts';
import { asIBucket } from './cdk-types.ts';
import { boundCustomResourceTimeouts } from './custom-resource-timeouts.ts';
import { LogbookTable } from './data/logbook-table.ts';
import { OUTPUTS } from './deploy-outputs.ts';
import { DomainRecords } from './domain/domain-records.ts';
import { managedSiteDomain } from './domain/managed-domain.ts';
import type { ManagedDomain } from './domain-config.ts';
import { InfraConfigError } from './errors.ts';
import { DailyReminder } from './reminder.ts';
import type { ReminderOptions } from './reminder-options.ts';
import { refuseChinaRegion } from './site/regional-names.ts';
import { SiteDeployment } from './site/site-deployment.ts';
import { type CustomDomain, StaticSite } from './site/static-site.ts';

/** The tracker API's code and contract, as the stack receives them (bin/app.ts passes the real ones). */
export interface TrackerApiSource {
  readonly readEntry: string;
  readonly writeEntry: string;
  readonly routes: ReadonlyArray<RouteDefinition>;
  /** `LOGBOOK_CONFIG` for the functions. */
  readonly trackerConfig: string;
  readonly throttle?: ApiThrottle;
}

export interface LogbookStackProps extends StackProps {
  /** The built site folder to publish. */
  readonly siteDir: string;
  readonly tableDefinition: TableDefinition;
  /** `-c tableName=…`: use this existing (retained) table instead of creating one. */
  readonly existingTableName?: string;
  readonly api: TrackerApiSource;
  /** @default PriceClass_100 */
  readonly priceClass?: PriceClass;
  readonly customDomain?: CustomDomain;
  /** `-c hostedZoneId …`: the stack makes the A/AAAA records, and the certificate when in us-east-1. */
  readonly managedDomain?: ManagedDomain;
  /** The managed domain's certificate from the us-east-1 certificate stack (a stack in another region). */
  readonly domainCertificate?: ICertificate;
  readonly alarmEmail?: string;
  /** With `alarmEmail`: the monthly AWS Budget in US dollars (`-c budgetUsd`, default 5 in the app). */
  readonly budgetUsd?: number;
  /** `-c hstsPreload=true`: HSTS with `includeSubDomains; preload`. @default false */
  readonly hstsPreload?: boolean;
  /**
   * The secret CloudFront adds to its requests to the API, so the read function can refuse every public read
   * that did not come through CloudFront. The app makes a new one on every synth (infra/logbook-app.ts).
   */
  readonly originSecret: string;
  /** `-c reminderEmail=… -c reminderAt=HH:MM`: the daily nudge, and its function's entry. Absent: none. */
  readonly reminder?: ReminderOptions & { readonly entry: string };
}

/** Logbook on AWS: the static site, the tracker's HTTP API and its table, behind one CloudFront URL. */
export class LogbookStack extends Stack {
  readonly table: LogbookTable;
  readonly api: TrackerApi;
  readonly site: StaticSite;
  readonly alarms: LogbookAlarms;
  readonly originSecret: OriginSecret;
  readonly reminder?: DailyReminder;

  constructor(scope: Construct, id: string, props: LogbookStackProps) {
    super(scope, id, props);
    refuseChinaRegion(this.region, 'The stack’s region');
    boundCustomResourceTimeouts(this);
    this.table = new LogbookTable(this, 'Data', {
      definition: props.tableDefinition,
      ...(props.existingTableName !== undefined ? { existingTableName: props.existingTableName } : {}),
    });
    this.originSecret = new OriginSecret(this, 'OriginSecret', { secret: props.originSecret });
    this.api = new TrackerApi(this, 'Api', {
      table: this.table.table,
      readEntry: props.api.readEntry,
      writeEntry: props.api.writeEntry,
      routes: props.api.routes,
      trackerConfig: props.api.trackerConfig,
      originHashes: this.originSecret.acceptedHashes,
      ...(props.api.throttle ? { throttle: props.api.throttle } : {}),
    });
    const customDomain = props.managedDomain
      ? managedSiteDomain(this, props.managedDomain, props.domainCertificate)
      : props.customDomain;
    this.site = new StaticSite(this, 'Site', {
      api: {
        domainName: this.api.domainName,
        originHeaders: { [this.originSecret.headerName]: this.originSecret.headerValue },
        cacheKeys: apiCacheKeys(props.api.routes),
      },
      ...(props.priceClass ? { priceClass: props.priceClass } : {}),
      ...(customDomain ? { customDomain } : {}),
      ...(props.hstsPreload ? { hstsPreload: props.hstsPreload } : {}),
    });
    if (props.managedDomain) {
      new DomainRecords(this, 'Domain', {
        domain: props.managedDomain,
        distribution: this.site.distribution,
      });
    }
    // The read function accepts the new secret (and the previous one) before CloudFront starts sending it.
    this.site.distribution.node.addDependency(this.api.readFunction.function);
    new SiteDeployment(this, 'Publish', {
      siteDir: props.siteDir,
      bucket: asIBucket(this.site.bucket),
      bucketConstruct: this.site.bucket,
      distribution: this.site.distribution,
    });
    if (props.reminder) {
      this.reminder = new DailyReminder(this, 'Reminder', {
        ...props.reminder,
        timeZone: trackerTimeZone(props.api.trackerConfig),
        table: this.table.table,
        trackerConfig: props.api.trackerConfig,
      });
    }
    this.alarms = new LogbookAlarms(this, 'Alarms', {
      api: this.api.httpApi,
      functions: {
        Read: this.api.readFunction.function,
        Write: this.api.writeFunction.function,
        ...(this.reminder ? { Reminder: this.reminder.function.function } : {}),
      },
      table: this.table.table,
      ...(props.alarmEmail ? { email: props.alarmEmail } : {}),
      ...(props.budgetUsd !== undefined ? { budgetUsd: props.budgetUsd } : {}),
    });

    new CfnOutput(this, OUTPUTS.siteUrl, { value: this.site.siteUrl, description: 'The site readers open' });
    new CfnOutput(this, OUTPUTS.apiUrl, {
      value: this.api.httpApi.apiEndpoint,
      description:
        'The API for signed requests (SigV4, service execute-api); public reads are served only at <SiteUrl>/api/',
    });
    new CfnOutput(this, OUTPUTS.tableName, {
      value: this.table.table.tableName,
      description: 'The tracker table',
    });
    new CfnOutput(this, OUTPUTS.region, {
      value: this.region,
      description: 'The region writes are signed for',
    });
    new CfnOutput(this, OUTPUTS.loggingPolicyArn, {
      value: this.api.loggingPolicy.managedPolicyArn,
      description:
        'A managed policy allowing only the signed API routes: attach it to the user or role you log with',
    });
  }
}

/** The author's zone from the functions' configuration, so the schedule and the function agree on the day. */
function trackerTimeZone(trackerConfig: string): string {
  const zone = (JSON.parse(trackerConfig) as { timeZone?: unknown }).timeZone;
  if (typeof zone !== 'string') throw new InfraConfigError('LOGBOOK_CONFIG has no timeZone for the reminder');
  return zone;
}
