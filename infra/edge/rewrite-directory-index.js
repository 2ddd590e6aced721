// CloudFront viewer-request function (runtime cloudfront-js-2.0), attached to the site's default behaviour.
// An S3 origin behind Origin Access Control serves no directory indexes, so:
//   /posts/<slug>/  -> the object posts/<slug>/index.html (the cache key is the rewritten URI)
//   /posts/<slug>   -> the same object: a link or a typed address without the slash still finds the page
//                      (its <link rel="canonical"> names the slashed address, and our pages link to that)
//   /feed.xml       -> unchanged: the last segment has an extension
//   www.<name>/path -> 301 to https://<name>/path (`-c redirectWww=true` adds www.<name> to the distribution;
//                      without it no www. host reaches this function, as CloudFront answers only its aliases)
// CloudFront calls `handler` by name; this file has no exports because the runtime has no modules.
// It must stay within what the runtime supports: ES5.1 plus const/let, template literals and arrow
// functions; no for...of, no require, no Node globals.

// A last path segment ending in a short extension names a file, anything else a folder. Underscores and
// up to 12 characters: the search index's files end in .pf_meta, .pf_index and .pf_fragment.
const FILE_EXTENSION = /\.[A-Za-z0-9_]{1,12}$/;

// biome-ignore lint/correctness/noUnusedVariables: CloudFront invokes the function named `handler`.
function handler(event) {
  const request = event.request;
  const uri = request.uri;
  const host = request.headers.host ? request.headers.host.value.toLowerCase() : '';
  if (host.indexOf('www.') === 0) {
    // The query string is dropped: rebuilding it would need its encoding, and the bare name serves the same page.
    return {
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: {
        location: { value: `https://${host.slice(4)}${uri}` },
        'cache-control': { value: 'max-age=86400' },
      },
    };
  }
  if (uri.charAt(uri.length - 1) === '/') {
    request.uri = `${uri}index.html`;
  } else if (!FILE_EXTENSION.test(uri.slice(uri.lastIndexOf('/') + 1))) {
    request.uri = `${uri}/index.html`;
  }
  return request;
}
