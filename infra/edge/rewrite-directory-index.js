// CloudFront viewer-request function (runtime cloudfront-js-2.0), attached to the site's default behaviour.
// An S3 origin behind Origin Access Control serves no directory indexes, so:
//   /posts/<slug>/  -> the object posts/<slug>/index.html (the cache key is the rewritten URI)
//   /posts/<slug>   -> 301 to /posts/<slug>/, so relative links in the page resolve as they do locally
//   /feed.xml       -> unchanged: the last segment has an extension
// CloudFront calls `handler` by name; this file has no exports because the runtime has no modules.
// It must stay within what the runtime supports: ES5.1 plus const/let, template literals and arrow
// functions; no for...of, no require, no Node globals.

// A last path segment ending in a short alphanumeric extension names a file, anything else a folder.
const FILE_EXTENSION = /\.[A-Za-z0-9]{1,8}$/;

function queryString(querystring) {
  const parts = [];
  const names = Object.keys(querystring || {});
  for (let i = 0; i < names.length; i++) {
    const field = querystring[names[i]];
    const values = field.multiValue ? field.multiValue : [field];
    for (let j = 0; j < values.length; j++) {
      const value = values[j].value;
      parts.push(value === '' || value === undefined ? names[i] : `${names[i]}=${value}`);
    }
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

// biome-ignore lint/correctness/noUnusedVariables: CloudFront invokes the function named `handler`.
function handler(event) {
  const request = event.request;
  const uri = request.uri;
  if (uri.charAt(uri.length - 1) === '/') {
    request.uri = `${uri}index.html`;
    return request;
  }
  const lastSegment = uri.slice(uri.lastIndexOf('/') + 1);
  if (FILE_EXTENSION.test(lastSegment)) {
    return request;
  }
  return {
    statusCode: 301,
    statusDescription: 'Moved Permanently',
    headers: {
      location: { value: `${uri}/${queryString(request.querystring)}` },
      'cache-control': { value: 'public, max-age=3600' },
    },
  };
}
