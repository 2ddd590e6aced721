import { type ContextReader, flag, HOST_NAME, text } from './context-values.ts';
import { InfraConfigError } from './errors.ts';
import type { CustomDomain } from './site/static-site.ts';

/**
 * `-c domainName -c hostedZoneId -c hostedZoneName`: the stack makes the certificate (DNS-validated, in
 * us-east-1) and the records in the author's Route 53 zone. Nothing is looked up: the zone is named, not found.
 */
export interface ManagedDomain {
  readonly domainName: string;
  readonly hostedZoneId: string;
  /** The zone's apex, such as example.com; `domainName` is it or a name under it. */
  readonly hostedZoneName: string;
  /** `-c redirectWww=true`: `www.<domainName>` answers with a 301 to `https://<domainName>`. */
  readonly redirectWww: boolean;
}

/** The custom domain options: a certificate the author made (`certificateArn`) or one the stack makes. */
export interface DomainOptions {
  readonly customDomain?: CustomDomain;
  readonly managedDomain?: ManagedDomain;
}

// CloudFront reads viewer certificates from us-east-1 only, whatever region the stack is in.
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;
// Route 53 zone ids are upper-case letters and digits starting with Z (Z0123456789ABCDEFGHIJ).
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{4,31}$/;

function hostName(context: ContextReader, key: string, example: string): string | undefined {
  const name = text(context, key)?.toLowerCase().replace(/\.$/, '');
  if (name !== undefined && !HOST_NAME.test(name)) {
    throw new InfraConfigError(`-c ${key}=${name} is not a host name such as ${example}`);
  }
  return name;
}

function managed(
  domainName: string | undefined,
  hostedZoneId: string,
  hostedZoneName: string | undefined,
  redirectWww: boolean,
): ManagedDomain {
  if (domainName === undefined) {
    throw new InfraConfigError(
      '-c hostedZoneId needs -c domainName=<the site’s name in that zone, such as blog.example.com>',
    );
  }
  if (!HOSTED_ZONE_ID.test(hostedZoneId)) {
    throw new InfraConfigError(
      `-c hostedZoneId=${hostedZoneId} is not a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (Route 53 console, or aws route53 list-hosted-zones)`,
    );
  }
  if (hostedZoneName === undefined) {
    throw new InfraConfigError(
      `-c hostedZoneId=${hostedZoneId} needs -c hostedZoneName=<the zone’s name, such as example.com>: nothing is looked up at synth`,
    );
  }
  if (domainName !== hostedZoneName && !domainName.endsWith(`.${hostedZoneName}`)) {
    throw new InfraConfigError(
      `-c domainName=${domainName} is outside -c hostedZoneName=${hostedZoneName}: write a name in that zone, such as blog.${hostedZoneName}`,
    );
  }
  if (redirectWww && domainName.startsWith('www.')) {
    throw new InfraConfigError(
      `-c redirectWww=true redirects www.<domainName> to <domainName>; -c domainName=${domainName} already starts with www.: write the bare name`,
    );
  }
  return { domainName, hostedZoneId, hostedZoneName, redirectWww };
}

/** Reads `domainName`, `certificateArn`, `hostedZoneId`, `hostedZoneName` and `redirectWww`; a wrong mix fails. */
export function readDomainOptions(context: ContextReader): DomainOptions {
  const domainName = hostName(context, 'domainName', 'blog.example.com');
  const certificateArn = text(context, 'certificateArn');
  const hostedZoneId = text(context, 'hostedZoneId');
  const hostedZoneName = hostName(context, 'hostedZoneName', 'example.com');
  const redirectWww = flag(context, 'redirectWww');
  if (hostedZoneId !== undefined && certificateArn !== undefined) {
    throw new InfraConfigError(
      '-c certificateArn and -c hostedZoneId exclude each other: keep certificateArn to use your own certificate, or hostedZoneId (with hostedZoneName) to have the stack make one and the DNS records',
    );
  }
  if (hostedZoneId !== undefined) {
    return { managedDomain: managed(domainName, hostedZoneId, hostedZoneName, redirectWww) };
  }
  if (hostedZoneName !== undefined) {
    throw new InfraConfigError(
      '-c hostedZoneName needs -c hostedZoneId=<that zone’s id, such as Z0123456789ABCDEFGHIJ>',
    );
  }
  if (redirectWww) {
    throw new InfraConfigError(
      '-c redirectWww=true needs -c domainName, -c hostedZoneId and -c hostedZoneName: the stack makes the www records and a certificate covering www',
    );
  }
  if (domainName === undefined && certificateArn !== undefined) {
    throw new InfraConfigError('-c certificateArn needs -c domainName=<the name the certificate covers>');
  }
  if (domainName === undefined) return {};
  if (certificateArn === undefined) {
    throw new InfraConfigError(
      `-c domainName=${domainName} needs -c certificateArn=<an ACM certificate in us-east-1 covering it>, or -c hostedZoneId=<its Route 53 zone id> -c hostedZoneName=<the zone> to have the stack make one`,
    );
  }
  if (!CERTIFICATE_ARN.test(certificateArn)) {
    throw new InfraConfigError(
      `-c certificateArn=${certificateArn} is not an ACM certificate ARN in us-east-1 (CloudFront reads certificates only from us-east-1)`,
    );
  }
  return { customDomain: { domainName, certificateArn } };
}
