import { type ContextReader, text } from '../context-values.ts';
import { InfraConfigError } from '../errors.ts';

/** The issuer of GitHub Actions' OIDC tokens (an IAM OIDC provider is named by it). */
export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';
/** The qualifier `cdk bootstrap` uses unless `--qualifier` chose another. */
export const DEFAULT_BOOTSTRAP_QUALIFIER = 'hnb659fds';

/** `-c githubRepo=owner/name [-c githubBranch] [-c githubOidcProviderArn]`: who may deploy from GitHub. */
export interface GithubDeploy {
  /** owner/name, as GitHub spells it in the token's `sub`. */
  readonly repo: string;
  /** @default main */
  readonly branch: string;
  /** An existing IAM OIDC provider for GitHub (an account has at most one per issuer). */
  readonly oidcProviderArn?: string;
  /** The CDK bootstrap qualifier (`@aws-cdk/core:bootstrapQualifier`), whose roles the deploy role may assume. */
  readonly bootstrapQualifier: string;
}

// GitHub: an owner of letters, digits and inner hyphens (at most 39), a repository of letters, digits, '.', '_'
// and '-' (at most 100, and not "." or "..").
const REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
// A branch name without the characters git refuses or IAM would read as a wildcard (* ?), no "..", no
// leading '-' or '/', no trailing '/' or '.lock'.
const BRANCH = /^(?![-/])(?!.*\.\.)(?!.*\/$)(?!.*\.lock$)[A-Za-z0-9._/-]{1,200}$/;
const OIDC_PROVIDER_ARN =
  /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
// `cdk bootstrap --qualifier`: letters and digits, at most 10 (the CLI's own rule).
const QUALIFIER = /^[A-Za-z0-9_-]{1,10}$/;

/** Reads the GitHub options; undefined without `githubRepo`, and the other two refuse to stand alone. */
export function readGithubOptions(context: ContextReader): GithubDeploy | undefined {
  const repo = text(context, 'githubRepo');
  const branch = text(context, 'githubBranch');
  const oidcProviderArn = text(context, 'githubOidcProviderArn');
  if (repo === undefined) {
    if (branch !== undefined || oidcProviderArn !== undefined) {
      throw new InfraConfigError(
        `-c ${branch !== undefined ? 'githubBranch' : 'githubOidcProviderArn'} needs -c githubRepo=<owner/name of the repository that deploys>`,
      );
    }
    return undefined;
  }
  if (!REPO.test(repo)) {
    throw new InfraConfigError(
      `-c githubRepo=${repo} is not a GitHub repository: write owner/name, such as octo-org/logbook`,
    );
  }
  if (branch !== undefined && !BRANCH.test(branch)) {
    throw new InfraConfigError(
      `-c githubBranch=${branch} is not a branch name: write one such as main or release/blog (letters, digits, . _ - /; no wildcards)`,
    );
  }
  if (oidcProviderArn !== undefined && !OIDC_PROVIDER_ARN.test(oidcProviderArn)) {
    throw new InfraConfigError(
      `-c githubOidcProviderArn=${oidcProviderArn} is not GitHub's IAM OIDC provider: write arn:aws:iam::<account>:oidc-provider/${GITHUB_OIDC_ISSUER} (aws iam list-open-id-connect-providers)`,
    );
  }
  const qualifier = context('@aws-cdk/core:bootstrapQualifier') ?? DEFAULT_BOOTSTRAP_QUALIFIER;
  if (typeof qualifier !== 'string' || !QUALIFIER.test(qualifier)) {
    throw new InfraConfigError(
      `-c @aws-cdk/core:bootstrapQualifier=${JSON.stringify(qualifier)} is not a bootstrap qualifier: write the one given to cdk bootstrap --qualifier (letters and digits, at most 10)`,
    );
  }
  return {
    repo,
    branch: branch ?? 'main',
    bootstrapQualifier: qualifier,
    ...(oidcProviderArn !== undefined ? { oidcProviderArn } : {}),
  };
}
