// `npm run check:deps` (in `npm test`): the import rules of docs/architecture.md, checked on every import of
// bin/, infra/, site/ and lambdas/ (tests/ may import anything, so they are not scanned). Type-only imports
// count: a type pulled from a layer above still couples the layers. Each rule's comment says why it holds and
// what to do when it fires. tests/architecture/dependency-rules.test.ts shows that each rule can fire.

const { builtinModules } = require('node:module');

/** The layers, top to bottom; each may import only the ones after it. */
const NO_UPWARD = [
  ['lambdas', ['site', 'infra', 'bin']],
  ['site', ['infra', 'bin']],
  ['infra', ['bin']],
];

/** A Node built-in as dependency-cruiser names it once resolved (`fs`, `fs/promises`; `node:test` keeps its prefix). */
const NODE_BUILTIN = `^node:|^(${builtinModules.map((name) => name.replaceAll('/', '\\/')).join('|')})$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...NO_UPWARD.map(([layer, above]) => ({
      name: `no-upward-import-from-${layer}`,
      comment:
        `${layer}/ imports ${above.join('/, ')}/: imports run only downwards, bin/ → infra/ → site/ → lambdas/, ` +
        'so each layer can be read, tested and bundled without the ones above it. Move what both need down ' +
        'into the lower layer (or pass it in as a parameter from above).',
      severity: 'error',
      from: { path: `^${layer}/` },
      to: { path: `^(${above.join('|')})/` },
    })),
    {
      name: 'domain-imports-no-aws-sdk',
      comment:
        'lambdas/tracker/ is the pure domain: it knows no AWS SDK, Smithy or Lambda event types, so it runs ' +
        'and is tested without them. Put the AWS call in lambdas/store/ (or the event handling in ' +
        'lambdas/api/) behind a port of lambdas/tracker/ports.ts.',
      severity: 'error',
      from: { path: '^lambdas/tracker/' },
      to: { path: 'node_modules/(@aws-sdk|@smithy|@aws-crypto|aws-lambda|@types/aws-lambda)/' },
    },
    {
      name: 'domain-imports-no-store',
      comment:
        'lambdas/tracker/ is the pure domain: it reaches the table only through its ports, which ' +
        'lambdas/store/ implements. Declare what the domain needs in lambdas/tracker/ports.ts and implement ' +
        'it in lambdas/store/.',
      severity: 'error',
      from: { path: '^lambdas/tracker/' },
      to: { path: '^lambdas/store/' },
    },
    {
      name: 'only-store-imports-table-definition',
      comment:
        "The table's keys, index and TTL attribute are known only to lambdas/store/ (and to infra/, which " +
        'creates the table, locally too). Ask the store for what you need through lambdas/store/index.ts ' +
        'instead of reading the table definition.',
      severity: 'error',
      from: { path: '^(lambdas|site|bin)/', pathNot: '^lambdas/store/' },
      to: { path: '^lambdas/store/table-definition\\.ts$' },
    },
    {
      name: 'handlers-import-store-only-through-index',
      comment:
        "lambdas/store/index.ts is the store's public face: handlers import only it, so the store's files " +
        'can be split and renamed without touching them. Export what the handler needs from ' +
        'lambdas/store/index.ts and import it from there.',
      severity: 'error',
      from: { path: '^lambdas/(api|reminder)/' },
      to: { path: '^lambdas/store/', pathNot: '^lambdas/store/index\\.ts$' },
    },
    {
      name: 'lambdas-import-only-bundled-packages',
      comment:
        'Each Lambda bundle has a budget of 120 KB gzipped, and esbuild bundles every package lambdas/ ' +
        'imports (the AWS SDK included). A new package goes here only after its bundled size is checked; ' +
        'build-time packages (aws-cdk-lib, esbuild, dynalite, ...) belong in infra/ or bin/.',
      severity: 'error',
      from: { path: '^lambdas/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: 'node_modules/(@aws-sdk/client-dynamodb|@aws-sdk/client-sns|valibot|@types/aws-lambda)/',
      },
    },
    {
      name: 'sns-client-only-in-reminder',
      comment:
        'Only the reminder function publishes to SNS; its bundle alone carries the SNS client, so the API ' +
        "functions' bundles stay within their budget. Send what another function has to say through the store.",
      severity: 'error',
      from: { path: '^lambdas/', pathNot: '^lambdas/reminder/' },
      to: { path: 'node_modules/@aws-sdk/client-sns/' },
    },
    {
      name: 'page-script-imports-no-node-builtins',
      comment:
        'site/generator/client/ is the page script: it is bundled for and runs in the browser, where no ' +
        'Node built-in exists, so neither it nor any file it imports (directly or through others) may import ' +
        'one. Keep the shared code it imports (site/generator/progress/, lambdas/tracker/) free of Node ' +
        'built-ins, or split the Node part of such a file into a file of its own.',
      severity: 'error',
      from: { path: '^site/generator/client/' },
      to: { path: NODE_BUILTIN, reachable: true },
    },
    {
      name: 'no-circular',
      comment:
        'Two modules that import each other (directly or through others) can only be read, tested and ' +
        'loaded together, and ESM may hand one of them the other half-initialised. Move what both need ' +
        'into a third module that both import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|cdk\\.out|\\.data|\\.cache)/' },
    // Type-only imports count too (see the top of this file).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
