import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { LogbookAlarms } from './alarms.ts';
import { type ApiRoute, type ApiThrottle, TrackerApi } from './api/tracker-api.ts';
import { asIBucket } from './cdk-types.ts';
import { LogbookTable } from './data/logbook-table.ts';
import { SiteDeployment } from './site/site-deployment.ts';
import { type CustomDomain, StaticSite } from './site/static-site.ts';
import type { TableDefinition } from './table-definition.ts';

/** The tracker API's code and contract, as the stack receives them (bin/app.ts passes the real ones). */
export interface TrackerApiSource {
  readonly readEntry: string;
  readonly writeEntry: string;
  readonly routes: ReadonlyArray<ApiRoute>;
  /** `LOGBOOK_CONFIG` for the functions. */
  readonly trackerConfig: string;
  readonly throttle?: ApiThrottle;
}

export interface LogbookStackProps extends StackProps {
  /** The built site folder to publish. */
  readonly siteDir: string;
  readonly tableDefinition: TableDefinition;
  readonly api: TrackerApiSource;
  /** @default PriceClass_100 */
  readonly priceClass?: PriceClass;
  readonly customDomain?: CustomDomain;
  readonly alarmEmail?: string;
}

/** Output names; the author CLI reads them from `cdk-outputs.json` under the stack's name. */
export const OUTPUTS = {
  siteUrl: 'SiteUrl',
  apiUrl: 'ApiUrl',
  tableName: 'TableName',
  region: 'Region',
} as const;

/** Logbook on AWS: the static site, the tracker's HTTP API and its table, behind one CloudFront URL. */
export class LogbookStack extends Stack {
  readonly table: LogbookTable;
  readonly api: TrackerApi;
  readonly site: StaticSite;
  readonly alarms: LogbookAlarms;

  constructor(scope: Construct, id: string, props: LogbookStackProps) {
    super(scope, id, props);
    this.table = new LogbookTable(this, 'Data', { definition: props.tableDefinition });
    this.api = new TrackerApi(this, 'Api', {
      table: this.table.table,
      readEntry: props.api.readEntry,
      writeEntry: props.api.writeEntry,
      routes: props.api.routes,
      trackerConfig: props.api.trackerConfig,
      ...(props.api.throttle ? { throttle: props.api.throttle } : {}),
    });
    this.site = new StaticSite(this, 'Site', {
      apiDomainName: this.api.domainName,
      ...(props.priceClass ? { priceClass: props.priceClass } : {}),
      ...(props.customDomain ? { customDomain: props.customDomain } : {}),
    });
    new SiteDeployment(this, 'Publish', {
      siteDir: props.siteDir,
      bucket: asIBucket(this.site.bucket),
      bucketConstruct: this.site.bucket,
      distribution: this.site.distribution,
    });
    this.alarms = new LogbookAlarms(this, 'Alarms', {
      api: this.api.httpApi,
      functions: { Read: this.api.readFunction.function, Write: this.api.writeFunction.function },
      table: this.table.table,
      ...(props.alarmEmail ? { email: props.alarmEmail } : {}),
    });

    new CfnOutput(this, OUTPUTS.siteUrl, { value: this.site.siteUrl, description: 'The site readers open' });
    new CfnOutput(this, OUTPUTS.apiUrl, {
      value: this.api.httpApi.apiEndpoint,
      description:
        'The API for signed writes (SigV4, service execute-api); reads also work at <SiteUrl>/api/',
    });
    new CfnOutput(this, OUTPUTS.tableName, {
      value: this.table.table.tableName,
      description: 'The tracker table',
    });
    new CfnOutput(this, OUTPUTS.region, {
      value: this.region,
      description: 'The region writes are signed for',
    });
  }
}
