import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
import type { ManagedDomain } from '../domain-config.ts';
import { SiteCertificate } from './site-certificate.ts';

/** The certificate stack's name in the app; it exists only for a managed domain outside us-east-1. */
export const CERTIFICATE_STACK_NAME = 'LogbookCertificate';

export interface CertificateStackProps extends StackProps {
  readonly domain: ManagedDomain;
}

/**
 * The site's certificate in us-east-1, for a Logbook stack in another region. The Logbook stack reads its ARN
 * through a cross-region reference (`crossRegionReferences` on both stacks: an SSM parameter the CDK writes in
 * the Logbook stack's region), so `cdk deploy Logbook` deploys this stack first.
 */
export class CertificateStack extends Stack {
  readonly certificate: ICertificate;

  constructor(scope: Construct, id: string, props: CertificateStackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    if (props.env?.region !== 'us-east-1') {
      throw new Error('CertificateStack must be in us-east-1: CloudFront reads certificates only from there');
    }
    this.certificate = new SiteCertificate(this, 'Site', { domain: props.domain }).certificate;
  }
}
