#!/usr/bin/env node
/**
 * Type-checks the files a tsconfig includes, and only those: the files they import (lib/, @types) are read for
 * their types but not checked themselves, which `npm run typecheck` does. Faster than `tsc -p` for a handful of
 * files over a large program. Prints the diagnostics and exits 1 when there are any.
 * Usage: node test/helpers/type-check.mjs <tsconfig.json>
 */
import ts from 'typescript';

const configPath = process.argv[2];
if (!configPath) {
  console.error('usage: node test/helpers/type-check.mjs <tsconfig.json>');
  process.exit(2);
}

const host = {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  },
};
const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
const diagnostics = [...config.errors, ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
for (const fileName of config.fileNames) {
  const file = program.getSourceFile(fileName);
  diagnostics.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
}
if (config.fileNames.length === 0) diagnostics.push({ category: ts.DiagnosticCategory.Error, code: 0, file: undefined, start: undefined, length: undefined, messageText: `${configPath} includes no file` });

const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
process.stdout.write(ts.formatDiagnostics(diagnostics, formatHost));
process.exitCode = diagnostics.length > 0 ? 1 : 0;
