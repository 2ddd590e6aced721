/** AWS list prices the cost bound (infra/cost-bound.ts) uses, with where each is published. */

/** AWS list prices, us-east-1, in US dollars, with where they are published. */
export const PRICES = {
  apiGatewayHttpPerMillion: 1.0,
  lambdaRequestsPerMillion: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  dynamoReadUnitsPerMillion: 0.125,
  logsIngestPerGb: 0.5,
  cloudFrontHttpsPer10k: 0.01,
  cloudFrontDataOutPerGb: 0.085,
  wafWebAclPerMonth: 5,
  wafRulePerMonth: 1,
  wafRequestsPerMillion: 0.6,
  cloudFrontProPlanPerMonth: 15,
} as const;

/** Where each price of PRICES is published. */
export const PRICE_SOURCES: Readonly<Record<keyof typeof PRICES, string>> = {
  apiGatewayHttpPerMillion:
    'https://aws.amazon.com/api-gateway/pricing/ (HTTP APIs, first 300 million a month)',
  lambdaRequestsPerMillion: 'https://aws.amazon.com/lambda/pricing/ (requests)',
  lambdaArmPerGbSecond:
    'https://aws.amazon.com/lambda/pricing/ (Arm duration, first 7.5 billion GB-s a month)',
  dynamoReadUnitsPerMillion: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (read request units)',
  logsIngestPerGb: 'https://aws.amazon.com/cloudwatch/pricing/ (logs ingestion, standard class)',
  cloudFrontHttpsPer10k:
    'https://aws.amazon.com/cloudfront/pricing/ (HTTPS requests, United States and Europe)',
  cloudFrontDataOutPerGb:
    'https://aws.amazon.com/cloudfront/pricing/ (data out to the internet, first 10 TB, United States and Europe)',
  wafWebAclPerMonth: 'https://aws.amazon.com/waf/pricing/ (web ACL)',
  wafRulePerMonth: 'https://aws.amazon.com/waf/pricing/ (rule)',
  wafRequestsPerMillion: 'https://aws.amazon.com/waf/pricing/ (requests inspected)',
  cloudFrontProPlanPerMonth:
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/flat-rate-pricing-plan.html (Pro plan)',
};
