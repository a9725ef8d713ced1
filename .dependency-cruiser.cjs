// The boundaries STYLE.md sets between features, checked in `npm run lint`.
//
// A feature may import the features its entry below names, and only their public
// surface: the module, services, DTOs, pure rules (`*-rules.ts`, `*-status.ts`), the events vocabulary
// (`*-events.ts`), ports it defines for others to fill (`*-port.ts`), and entities
// (type-only; ESLint's rule checks that part). Anything
// else is the other feature's business. Infrastructure (common, config, database,
// localization, redis) is open to every feature and imports none, but for the data
// source's list of entities and migrations.

/** Who may import whom: one line per arrow of STYLE.md. */
const ALLOWED = {
  // applications also answers notices' question of who is in a delegation (a port).
  applications: ['delegations', 'participants', 'audit', 'notifications', 'notices'],
  // The roster reads the trip, the approved applications and the people, the partner's
  // and the organizer's names, and the organizer's contact (users).
  rosters: ['applications', 'participants', 'delegations', 'organizations', 'users', 'audit', 'notifications'],
  // No personal data on a public page: never participants, applications or rosters.
  pages: ['delegations', 'notices', 'organizations'],
  notices: ['delegations', 'audit', 'notifications'],
  // Places are counters on the delegation: delegations never imports applications.
  delegations: ['organizations', 'audit', 'notifications'],
  participants: ['audit', 'notifications'],
  // Callers hand notifications an event; it finds the recipients among the users.
  notifications: ['organizations', 'users', 'audit'],
  auth: ['users'],
  users: ['organizations'],
  organizations: [],
  audit: [],
  health: ['auth', 'retention'],
  // The data lifecycle erases through each owner's service and reads a person's whole record.
  retention: ['participants', 'applications', 'delegations', 'rosters', 'notifications', 'organizations', 'auth', 'audit'],
  'queue-board': ['auth', 'notifications'],
  // The committee's statistics count through each owner's service; it answers the public
  // year page's question through the pages' port.
  statistics: ['delegations', 'applications', 'rosters', 'notices', 'notifications', 'organizations', 'pages'],
  // The pages people work in call the features' services, as the API's controllers do.
  portal: ['auth', 'users', 'organizations', 'delegations', 'participants', 'applications', 'notices', 'notifications', 'rosters', 'audit', 'retention', 'statistics'],
  seed: ['organizations', 'users', 'delegations', 'participants', 'applications', 'rosters', 'notices', 'notifications', 'audit'],
};
const FEATURES = Object.keys(ALLOWED);
const PUBLIC = '(\\.module|\\.service|-rules|-status|-events|-port|\\.entity)\\.ts$|/dto/';
const any = (names) => `^src/(${names.join('|')})/`;

module.exports = {
  forbidden: [
    ...FEATURES.map((feature) => ({
      name: `arrows-from-${feature}`,
      comment: `${feature} may import ${ALLOWED[feature].join(', ') || 'no other feature'} (STYLE.md, Boundaries)`,
      severity: 'error',
      from: { path: `^src/${feature}/` },
      to: { path: any(FEATURES.filter((f) => f !== feature && !ALLOWED[feature].includes(f))) },
    })),
    {
      name: 'public-surface-only',
      comment: "another feature's module, services, DTOs, rules, events and entity types only",
      severity: 'error',
      from: { path: `^src/(${FEATURES.join('|')})/` },
      to: { path: any(FEATURES), pathNot: [`^src/$1/`, PUBLIC] },
    },
    {
      name: 'pages-never-reach-personal-data',
      comment: 'no path from a public page to participants, applications or rosters',
      severity: 'error',
      from: { path: '^src/pages/' },
      to: { path: '^src/(participants|applications|rosters)/', reachable: true },
    },
    {
      name: 'portal-renders-no-entity',
      comment: 'a page handler renders view models from DTOs, never an entity (STYLE.md)',
      severity: 'error',
      from: { path: '^src/portal/' },
      to: { path: '\\.entity\\.ts$' },
    },
    {
      name: 'infrastructure-imports-no-feature',
      comment: 'common, config, localization and redis are below every feature',
      severity: 'error',
      from: { path: '^src/(common|config|localization|redis)/' },
      to: { path: any(FEATURES) },
    },
    {
      name: 'database-lists-entities-and-migrations-only',
      comment: "the data source knows every feature's entities, and nothing else of them",
      severity: 'error',
      from: { path: '^src/database/' },
      to: { path: any(FEATURES), pathNot: '\\.entity\\.ts$' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
