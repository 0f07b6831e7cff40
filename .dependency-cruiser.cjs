// The layering of ../shared/DESIGN.md as import rules; `npm test` runs them (npm run lint:layers),
// so a violation fails CI. The process.env rule is syntax, not an import: it is in eslint.config.js.
//
// What "a feature" is: one concept of the coach that registers a Feature (src/coach/feature.ts)
// with the Coach. It is either a folder under src/coach that holds a `*-feature.ts`
// (discussions/, promises/, stats/) or a `*-feature.ts` file directly in src/coach
// (principles-feature.ts, managers-feature.ts…). Everything else directly in src/coach (roles.ts,
// messages.ts, zones.ts…) is shared code below the features. Two modules sit above them: coach.ts
// (the one module that lists them all) and src/coach/dashboard/ (it reads what the features
// recorded, for the web dashboard, without changing anything).
const FEATURE_FOLDERS = 'discussions|promises|stats';
const FEATURE_FOLDER = `^src/coach/(${FEATURE_FOLDERS})/`;
const FEATURE_FILE = '^src/coach/[^/]+-feature[.]ts$';
const PLATFORM_SDKS = '^(@slack/|botbuilder|botframework-|@microsoft/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-adapter',
      comment: 'src/ is platform-neutral: adapters import src/, never the other way. main.ts, the one composition root, is the exception: it builds the adapters.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main[.]ts$' },
      to: { path: '^adapters/' },
    },
    {
      name: 'core-imports-platform-sdk',
      comment: 'No Slack or Teams SDK in src/: the core speaks ports.ts, each adapter translates.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], path: `node_modules/${PLATFORM_SDKS.slice(1)}` },
    },
    {
      name: 'store-imports-coach',
      comment: 'The store is below the coach: repositories take plain values, never coaching logic.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/coach/' },
    },
    {
      name: 'feature-folder-imports-other-feature-folder',
      comment: 'Features never import other features; what two share moves down into src/coach/*.ts.',
      severity: 'error',
      from: { path: FEATURE_FOLDER },
      to: { path: FEATURE_FOLDER, pathNot: '^src/coach/$1/' },
    },
    {
      name: 'feature-folder-imports-feature-file',
      comment: 'Features never import other features; what two share moves down into src/coach/*.ts.',
      severity: 'error',
      from: { path: FEATURE_FOLDER },
      to: { path: FEATURE_FILE },
    },
    {
      name: 'feature-file-imports-other-feature',
      comment: 'Features never import other features; what two share moves down into src/coach/*.ts.',
      severity: 'error',
      from: { path: '^src/coach/([^/]+-feature)[.]ts$' },
      to: { path: [FEATURE_FOLDER, FEATURE_FILE], pathNot: '^src/coach/$1[.]ts$' },
    },
    {
      name: 'shared-coach-module-imports-feature',
      comment: 'Shared coach modules sit below the features: a feature may use them, not the other way.',
      severity: 'error',
      from: { path: '^src/coach/', pathNot: [FEATURE_FOLDER, FEATURE_FILE, '^src/coach/coach[.]ts$', '^src/coach/dashboard/'] },
      to: { path: [FEATURE_FOLDER, FEATURE_FILE] },
    },
    {
      name: 'no-circular',
      comment: 'A cycle means two modules are one concept, or one is in the wrong layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
