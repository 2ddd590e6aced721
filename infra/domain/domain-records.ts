import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { AaaaRecord, ARecord, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { CloudFrontTarget } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import type { ManagedDomain } from '../domain-config.ts';
import { domainNames } from './site-certificate.ts';

/** A and AAAA alias records for each of the site's names (the domain, and www with `redirectWww`). */
export class DomainRecords extends Construct {
  constructor(scope: Construct, id: string, props: { domain: ManagedDomain; distribution: IDistribution }) {
    super(scope, id);
    const zone = HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: props.domain.hostedZoneId,
      zoneName: props.domain.hostedZoneName,
    });
    const target = RecordTarget.fromAlias(new CloudFrontTarget(props.distribution));
    for (const [index, name] of domainNames(props.domain).entries()) {
      // Stable construct ids: the bare name is 'Site', www is 'Www', so turning redirectWww on adds records.
      const id = index === 0 ? 'Site' : 'Www';
      new ARecord(this, `${id}A`, { zone, recordName: `${name}.`, target });
      new AaaaRecord(this, `${id}Aaaa`, { zone, recordName: `${name}.`, target });
    }
  }
}
