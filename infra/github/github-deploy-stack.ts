import { Aws, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  Effect,
  type IOidcProvider,
  OidcProviderNative,
  PolicyStatement,
  Role,
  WebIdentityPrincipal,
} from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { GITHUB_OIDC_ISSUER, type GithubDeploy } from './github-config.ts';

/** The stack's name in the app (`-c githubRepo=…`); `cdk deploy LogbookGithub` makes it. */
export const GITHUB_STACK_NAME = 'LogbookGithub';
/** The output the README tells the author to copy into the repository variable LOGBOOK_DEPLOY_ROLE_ARN. */
export const DEPLOY_ROLE_OUTPUT = 'DeployRoleArn';

export interface GithubDeployStackProps extends StackProps {
  readonly github: GithubDeploy;
  /**
   * Regions besides this stack's own whose bootstrap roles the deploy may assume: us-east-1 when the app
   * makes its certificate there (`-c hostedZoneId` in another region). @default none
   */
  readonly extraRegions?: ReadonlyArray<string>;
}

/**
 * The role GitHub Actions deploys with, and GitHub's OIDC provider (made here, or the account's existing one).
 * Only a workflow run of `repo` on `branch` can assume it (exact `sub`, audience sts.amazonaws.com), and all it
 * can do is assume the CDK bootstrap roles of this account: `cdk deploy` does the rest through them.
 */
export class GithubDeployStack extends Stack {
  readonly provider: IOidcProvider;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: GithubDeployStackProps) {
    super(scope, id, props);
    const { github } = props;
    this.provider = github.oidcProviderArn
      ? OidcProviderNative.fromOidcProviderArn(this, 'GithubOidc', github.oidcProviderArn)
      : new OidcProviderNative(this, 'GithubOidc', {
          url: `https://${GITHUB_OIDC_ISSUER}`,
          clientIds: ['sts.amazonaws.com'],
        });

    // StringEquals, not StringLike: a fork, another branch, a tag or a pull request has another `sub`.
    this.role = new Role(this, 'DeployRole', {
      description: `GitHub Actions deploys Logbook from ${github.repo}@${github.branch} (assumes only the CDK bootstrap roles)`,
      assumedBy: new WebIdentityPrincipal(this.provider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_OIDC_ISSUER}:sub`]: `repo:${github.repo}:ref:refs/heads/${github.branch}`,
          [`${GITHUB_OIDC_ISSUER}:aud`]: 'sts.amazonaws.com',
        },
      }),
      maxSessionDuration: Duration.hours(1),
    });
    const regions = [Aws.REGION, ...(props.extraRegions ?? [])];
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'AssumeCdkBootstrapRoles',
        effect: Effect.ALLOW,
        // TagSession: the CDK CLI may tag the sessions it opens on the bootstrap roles.
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: regions.map(
          (region) =>
            `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-${github.bootstrapQualifier}-*-${Aws.ACCOUNT_ID}-${region}`,
        ),
      }),
    );
    // Each wildcard is acknowledged by its exact resource, so a wider one fails synth.
    Validations.of(this.role).acknowledge(
      ...regions.map((region) => ({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-${github.bootstrapQualifier}-*-<AWS::AccountId>-${region === Aws.REGION ? '<AWS::Region>' : region}]`,
        reason:
          'The wildcard spans only the CDK bootstrap roles of this account and region (deploy, file-publishing, image-publishing, lookup), whose names `cdk bootstrap` chooses; the deploy needs them.',
      })),
    );

    new CfnOutput(this, DEPLOY_ROLE_OUTPUT, {
      value: this.role.roleArn,
      description: 'Set it as the repository variable LOGBOOK_DEPLOY_ROLE_ARN (README: Publish from GitHub)',
    });
  }
}
