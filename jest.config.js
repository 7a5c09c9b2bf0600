/** Jest in native ESM mode (Nest 12 is ESM-only); TypeScript is transformed by SWC, type-checked by `tsc`. */
export default {
  // The node environment, plus the host process for the guard that fails tests leaking rejections or listeners.
  testEnvironment: '<rootDir>/test/helpers/guarded-environment.mjs',
  setupFilesAfterEnv: ['<rootDir>/test/helpers/process-guard.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The README's examples (docs/examples/) import the package by name, as an app would; run them against lib/.
    '^nestjs-smtp$': '<rootDir>/lib/index.ts',
    '^nestjs-smtp/(engine|testing)$': '<rootDir>/lib/$1.ts',
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
        module: { type: 'es6' },
      },
    ],
  },
  testTimeout: 20000,
};
