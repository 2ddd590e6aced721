import { Certificate, CertificateValidation, type ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { ManagedDomain } from '../domain-config.ts';

/** The names a managed domain answers: the domain, and `www.` in front of it with `redirectWww`. */
export function domainNames(domain: ManagedDomain): string[] {
  return domain.redirectWww ? [domain.domainName, `www.${domain.domainName}`] : [domain.domainName];
}

/**
 * A DNS-validated ACM certificate for the site's names, validated through the author's Route 53 zone. It must be
 * made in us-east-1, the only region CloudFront reads certificates from (infra/domain/certificate-stack.ts).
 */
export class SiteCertificate extends Construct {
  readonly certificate: ICertificate;

  constructor(scope: Construct, id: string, props: { domain: ManagedDomain }) {
    super(scope, id);
    const { domain } = props;
    // Named, not looked up: synth stays offline and needs no account.
    const zone = HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: domain.hostedZoneId,
      zoneName: domain.hostedZoneName,
    });
    const [name, ...alternates] = domainNames(domain);
    this.certificate = new Certificate(this, 'Certificate', {
      domainName: name ?? domain.domainName,
      ...(alternates.length > 0 ? { subjectAlternativeNames: alternates } : {}),
      validation: CertificateValidation.fromDns(zone),
    });
  }
}
