import { Stack } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
import type { ManagedDomain } from '../domain-config.ts';
import { InfraConfigError } from '../errors.ts';
import type { CustomDomain } from '../site/static-site.ts';
import { SiteCertificate } from './site-certificate.ts';

/**
 * The distribution's domain for a managed domain: the certificate made in us-east-1 by CertificateStack, or,
 * when this stack is itself in us-east-1, made here (one stack, no cross-region reference).
 */
export function managedSiteDomain(
  scope: Construct,
  domain: ManagedDomain,
  certificate: ICertificate | undefined,
): CustomDomain {
  let arn = certificate?.certificateArn;
  if (arn === undefined) {
    if (Stack.of(scope).region !== 'us-east-1') {
      throw new InfraConfigError(
        `-c domainName=${domain.domainName}: a stack outside us-east-1 needs the certificate from the us-east-1 certificate stack (infra/logbook-app.ts makes it)`,
      );
    }
    arn = new SiteCertificate(scope, 'DomainCertificate', { domain }).certificate.certificateArn;
  }
  return { domainName: domain.domainName, certificateArn: arn, redirectWww: domain.redirectWww };
}
