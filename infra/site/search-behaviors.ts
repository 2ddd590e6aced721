/**
 * The CloudFront behaviours of the search page and its index (`SEARCH_PATH_PATTERNS`): the same bucket,
 * cache policy and directory-index function as the rest of the site, with the response headers policy whose
 * CSP lets Pagefind compile its WebAssembly. Nothing else of the site gets that allowance.
 */
import {
  AllowedMethods,
  type BehaviorOptions,
  CachedMethods,
  CachePolicy,
  type FunctionAssociation,
  type IOrigin,
  type IResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { SEARCH_PATH_PATTERNS } from '../security-headers.ts';

/** One behaviour per search path pattern, served like the default behaviour but with `searchHeaders`. */
export function searchBehaviors(
  origin: IOrigin,
  searchHeaders: IResponseHeadersPolicy,
  functionAssociations: FunctionAssociation[],
): Record<string, BehaviorOptions> {
  const behavior: BehaviorOptions = {
    origin,
    viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
    cachedMethods: CachedMethods.CACHE_GET_HEAD,
    // Honours each object's Cache-Control: a year for the hashed index files, a minute for the entry files.
    cachePolicy: CachePolicy.CACHING_OPTIMIZED,
    responseHeadersPolicy: searchHeaders,
    functionAssociations,
    compress: true,
  };
  return Object.fromEntries(SEARCH_PATH_PATTERNS.map((pattern) => [pattern, behavior]));
}
