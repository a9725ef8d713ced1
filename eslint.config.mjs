// @ts-check
import path from 'node:path';
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Folders under src/ that are infrastructure, not features. */
const INFRASTRUCTURE = new Set(['common', 'config', 'database', 'localization', 'redis']);
const srcRoot = path.resolve(import.meta.dirname, 'src');

function featureOf(file) {
  const relative = path.relative(srcRoot, file);
  if (relative.startsWith('..')) return undefined;
  const [first] = relative.split(path.sep);
  return first.endsWith('.ts') ? undefined : first;
}

/**
 * The boundaries STYLE.md sets: a feature owns its tables (no importing another
 * feature's entity), and common/ never imports a feature.
 */
const boundaries = {
  rules: {
    'feature-boundaries': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const from = featureOf(context.filename);
        if (!from) return {};
        return {
          ImportDeclaration(node) {
            const source = String(node.source.value);
            if (!source.startsWith('.')) return;
            const target = path.resolve(path.dirname(context.filename), source);
            const to = featureOf(target);
            if (!to || to === from) return;
            if (from === 'common' && !INFRASTRUCTURE.has(to)) {
              context.report({ node, message: `common/ must not import the feature '${to}'.` });
            }
            const typeOnly = node.importKind === 'type';
            if (!typeOnly && /\.entity$/.test(target) && !INFRASTRUCTURE.has(from)) {
              const onlyConstants = node.specifiers.every(
                (s) => s.type === 'ImportSpecifier' && /^[A-Z0-9_]+$/.test(String(s.imported.name ?? '')),
              );
              if (!onlyConstants) {
                context.report({
                  node,
                  message: `'${from}' imports an entity of '${to}': call its exported service instead.`,
                });
              }
            }
          },
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'eslint.config.mjs', 'jest.config.js', 'test/swagger-plugin.js', 'bench/*.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { boundaries },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'boundaries/feature-boundaries': 'error',
    },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
