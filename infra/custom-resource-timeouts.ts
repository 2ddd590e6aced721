import {
  AspectPriority,
  Aspects,
  CfnResource,
  CustomResource,
  type CustomResourceProps,
  Duration,
  type IAspect,
  type IPropertyInjector,
  PropertyInjectors,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { InfraConfigError } from './errors.ts';

/**
 * How long CloudFormation waits for a custom resource's answer. Without `ServiceTimeout` it waits an hour, so a
 * handler that dies without answering (out of memory, killed by its own timeout) holds the stack, and then its
 * rollback, for an hour each. Fifteen minutes is Lambda's longest run, so no handler is cut short.
 */
export const CUSTOM_RESOURCE_SERVICE_TIMEOUT = Duration.minutes(15);

/** True for a resource CloudFormation hands to a handler: `AWS::CloudFormation::CustomResource` or `Custom::*`. */
export function isCustomResourceType(type: string): boolean {
  return type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::');
}

/**
 * Sets `ServiceTimeout` on every custom resource in the scope, those the CDK makes for itself (bucket
 * deployments, providers, log retention, cross-region references) included, since most of them do not
 * expose the setting.
 */
export class CustomResourceTimeouts implements IAspect {
  private readonly seconds: number;

  constructor(timeout: Duration = CUSTOM_RESOURCE_SERVICE_TIMEOUT) {
    this.seconds = timeout.toSeconds();
    if (!(this.seconds >= 1 && this.seconds <= CUSTOM_RESOURCE_SERVICE_TIMEOUT.toSeconds())) {
      throw new InfraConfigError(
        `A custom resource ServiceTimeout must be 1 to ${CUSTOM_RESOURCE_SERVICE_TIMEOUT.toSeconds()} seconds; got ${this.seconds}`,
      );
    }
  }

  visit(node: IConstruct): void {
    if (node instanceof CfnResource && isCustomResourceType(node.cfnResourceType)) {
      // An override, since the CDK's own custom resources take no such prop; the same key wins over a prop.
      node.addPropertyOverride('ServiceTimeout', this.seconds);
    }
  }
}

/**
 * Gives a `CustomResource` made after the aspects have run (the CDK makes its cross-region reference writers
 * and readers while it prepares the app, too late for any aspect) a `ServiceTimeout` as it is constructed.
 */
class CustomResourceTimeoutInjector implements IPropertyInjector {
  readonly constructUniqueId = CustomResource.PROPERTY_INJECTION_ID;

  constructor(private readonly timeout: Duration) {}

  inject(props: CustomResourceProps): CustomResourceProps {
    return { ...props, serviceTimeout: this.timeout };
  }
}

/** Bounds every custom resource under `scope` (an app or a stack), whenever the CDK makes it. */
export function boundCustomResourceTimeouts(
  scope: IConstruct,
  timeout: Duration = CUSTOM_RESOURCE_SERVICE_TIMEOUT,
): void {
  Aspects.of(scope).add(new CustomResourceTimeouts(timeout), { priority: AspectPriority.MUTATING });
  PropertyInjectors.of(scope).add(new CustomResourceTimeoutInjector(timeout));
}
