/**
 * ESLint flat config: typescript-eslint's recommended rules (syntax only, no type information, so a run stays
 * fast) and the layer boundaries of lib/. `npm run lint` runs it with `--max-warnings 0`.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * What each folder of lib/ may import besides its own files, lowest layer first. Arrows point one way:
 * core <- smtp <- transport, core <- mime <- transport, transport <- the feature folders, and the Nest layer on
 * top (it may wire the feature folders in). test/lint/import-graph.spec.ts holds the same table as ranks and checks
 * every arrow of the resolved graph (and fails on a folder missing from it); this rule is the quick check.
 */
const LAYERS = {
  core: [],
  smtp: ['core'],
  mime: ['core'],
  transport: ['core', 'smtp', 'mime'],
  templates: ['core', 'smtp', 'mime', 'transport'],
  dev: ['core', 'smtp', 'mime', 'transport'],
  queue: ['core', 'smtp', 'mime', 'transport'],
  otel: ['core', 'smtp', 'mime', 'transport'],
  nest: ['core', 'smtp', 'mime', 'transport', 'templates', 'dev', 'queue', 'otel'],
};
const FOLDERS = Object.keys(LAYERS);

/** The entry points in lib/ itself. Folders never import them: they are the public surface, not a library. */
const ENTRIES = ['index', 'engine', 'testing', 'templates', 'dev', 'otel'];

/** `nestjs-smtp/engine` loads nothing but Node built-ins: it never reaches Nest or a feature folder. */
const ENGINE_MAY_IMPORT = ['core', 'smtp', 'mime', 'transport'];

const NEST_PACKAGES = {
  group: ['@nestjs/*'],
  message: 'Only lib/nest imports @nestjs/*: the engine stays framework-free.',
};

const list = (folders) => folders.map((f) => `lib/${f}`).join(', ');

/** An import of one of `folders`, written as the relative path it takes from a file that may not use them. */
function folderPattern(folders, prefix, message) {
  return { regex: `^${prefix}(${folders.join('|')})/`, message };
}

function entryPattern(entries, prefix) {
  return {
    regex: `^${prefix}(${entries.join('|')})\\.js$`,
    message: 'Entry points are the public surface: import the file you need, not an entry.',
  };
}

/** One no-restricted-imports block per folder (flat config replaces a rule's options, so each file gets one). */
const folderBoundaries = FOLDERS.map((folder) => {
  const forbidden = FOLDERS.filter((f) => f !== folder && !LAYERS[folder].includes(f));
  const mayImport = LAYERS[folder].length > 0 ? list(LAYERS[folder]) : 'no other folder of lib/';
  const patterns = [
    folderPattern(forbidden, '(\\.\\./)+', `Layer rule: lib/${folder} may import ${mayImport}, never ${list(forbidden)}.`),
    entryPattern(ENTRIES, '(\\.\\./)+'),
  ];
  if (folder !== 'nest') patterns.push(NEST_PACKAGES);
  return {
    files: [`lib/${folder}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
});

const entryBoundaries = [
  {
    files: ['lib/engine.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            folderPattern(
              FOLDERS.filter((f) => !ENGINE_MAY_IMPORT.includes(f)),
              '\\./',
              `Layer rule: lib/engine.ts may import ${list(ENGINE_MAY_IMPORT)}; it never reaches lib/nest or a feature folder.`,
            ),
            entryPattern(ENTRIES.filter((e) => e !== 'engine'), '\\./'),
            NEST_PACKAGES,
          ],
        },
      ],
    },
  },
  {
    // The other entries may re-export the engine entry, never each other.
    files: ENTRIES.filter((e) => e !== 'engine').map((e) => `lib/${e}.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [entryPattern(ENTRIES.filter((e) => e !== 'engine'), '\\./'), NEST_PACKAGES] },
      ],
    },
  },
];

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', 'dist-sample/', 'dist-bench/', 'coverage/', 'docs/api/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // An SMTP and MIME library matches control characters on purpose: refusing CR, LF and NUL in commands,
      // headers and addresses is its security boundary, so regexes spell them out.
      'no-control-regex': 'off',
      // A leading underscore marks a parameter or binding that is required by position but unused.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      // A variable captured by a callback before it is assigned (a server handler that needs the object made
      // from that server) has to be declared first; that is not a missed const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  ...folderBoundaries,
  ...entryBoundaries,
);
