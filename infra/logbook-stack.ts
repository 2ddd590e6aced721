import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { asIBucket } from './cdk-types.ts';
import { LogbookTable } from './data/logbook-table.ts';
import { SiteDeployment } from './site/site-deployment.ts';
import { type CustomDomain, StaticSite } from './site/static-site.ts';
import type { TableDefinition } from './table-definition.ts';

export interface LogbookStackProps extends StackProps {
  /** The built site folder to publish. */
  readonly siteDir: string;
  readonly tableDefinition: TableDefinition;
  readonly priceClass?: PriceClass;
  readonly customDomain?: CustomDomain;
}

/** Logbook on AWS: the static site, the tracker's HTTP API and its table, behind one CloudFront URL. */
export class LogbookStack extends Stack {
  readonly table: LogbookTable;
  readonly site: StaticSite;

  constructor(scope: Construct, id: string, props: LogbookStackProps) {
    super(scope, id, props);
    this.table = new LogbookTable(this, 'Data', { definition: props.tableDefinition });
    this.site = new StaticSite(this, 'Site', {
      ...(props.priceClass ? { priceClass: props.priceClass } : {}),
      ...(props.customDomain ? { customDomain: props.customDomain } : {}),
    });
    new SiteDeployment(this, 'Publish', {
      siteDir: props.siteDir,
      bucket: asIBucket(this.site.bucket),
      bucketConstruct: this.site.bucket,
      distribution: this.site.distribution,
    });

    new CfnOutput(this, 'SiteUrl', { value: this.site.siteUrl, description: 'The site readers open' });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName, description: 'The tracker table' });
  }
}
