import type { App, Environment } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { ManagedDomain } from '../domain-config.ts';
import { InfraConfigError } from '../errors.ts';
import { CERTIFICATE_STACK_NAME, CertificateStack } from './certificate-stack.ts';

/** What the Logbook stack needs for a managed domain: its environment, and the certificate from us-east-1. */
export interface DomainPlacement {
  readonly env: Environment;
  /** Set when the Logbook stack is outside us-east-1: its certificate comes from the certificate stack. */
  readonly certificate?: ICertificate;
  readonly crossRegionReferences: boolean;
}

/**
 * Places a managed domain's certificate: in the Logbook stack when it deploys to us-east-1, else in a us-east-1
 * certificate stack. The region must be known at synth (the CLI passes it from AWS_REGION or the profile; no
 * call to AWS is made); the account may stay unknown.
 */
export function placeDomain(
  app: App,
  domain: ManagedDomain,
  target: { account?: string | undefined; region?: string | undefined },
): DomainPlacement {
  const { region, account } = target;
  if (region === undefined) {
    throw new InfraConfigError(
      `-c hostedZoneId=${domain.hostedZoneId} needs the region Logbook deploys to, to place the certificate: set AWS_REGION=<region> (or AWS_DEFAULT_REGION, or a region in your AWS profile)`,
    );
  }
  const env = (at: string): Environment => (account !== undefined ? { account, region: at } : { region: at });
  if (region === 'us-east-1') return { env: env(region), crossRegionReferences: false };
  const certificateStack = new CertificateStack(app, CERTIFICATE_STACK_NAME, {
    env: env('us-east-1'),
    domain,
    description: `Logbook: the certificate of ${domain.domainName} in us-east-1, for CloudFront`,
  });
  return { env: env(region), certificate: certificateStack.certificate, crossRegionReferences: true };
}
