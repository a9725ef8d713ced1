import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/**
 * The project's own boundary rules run on a small tree written for the purpose, the way
 * `npm run lint` runs them on src/: each broken boundary must be reported, and imports
 * the rules allow must not be.
 */
async function violationsIn(files: Record<string, string>): Promise<Violation[]> {
  const dir = mkdtempSync(join(tmpdir(), 'yb-boundaries-'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true } }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const run = promisify(execFile);
  const { stdout } = await run(
    process.execPath,
    [CLI, 'src', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'],
    { cwd: dir },
  ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  const result = JSON.parse(stdout) as { summary: { violations: Violation[] } };
  return result.summary.violations;
}

const uses = (...paths: string[]) =>
  paths.map((p) => `import '${p}';`).join('\n') + '\nexport const x = 1;\n';

describe('boundaries between features (dependency-cruiser, as in npm run lint)', () => {
  jest.setTimeout(60_000);

  it('reports each kind of broken boundary, and lets the allowed arrows through', async () => {
    const violations = await violationsIn({
      // A public page reaching personal data, directly and through an allowed feature.
      'src/pages/direct.ts': uses('../participants/participants.service'),
      'src/pages/indirect.ts': uses('../notices/notices.service'),
      'src/notices/notices.service.ts': uses('../applications/applications.service'),
      // Another feature's internals.
      'src/rosters/rosters.service.ts': uses('../participants/passport-cipher'),
      // Infrastructure importing a feature.
      'src/common/helper.ts': uses('../users/users.service'),
      // A cycle inside one feature.
      'src/users/a.ts': uses('./b'),
      'src/users/b.ts': uses('./a'),
      // Allowed: an arrow of STYLE.md, to the other feature's service and rules.
      'src/applications/applications.service.ts': uses(
        '../participants/participants.service',
        '../participants/age-rules',
      ),
      'src/participants/participants.service.ts': 'export const y = 1;\n',
      'src/participants/passport-cipher.ts': 'export const z = 1;\n',
      'src/participants/age-rules.ts': 'export const a = 1;\n',
      'src/users/users.service.ts': 'export const u = 1;\n',
    });
    const found = violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual(
      expect.arrayContaining([
        'arrows-from-pages: src/pages/direct.ts → src/participants/participants.service.ts',
        'pages-never-reach-personal-data: src/pages/direct.ts → src/participants/participants.service.ts',
        'arrows-from-notices: src/notices/notices.service.ts → src/applications/applications.service.ts',
        'public-surface-only: src/rosters/rosters.service.ts → src/participants/passport-cipher.ts',
        'infrastructure-imports-no-feature: src/common/helper.ts → src/users/users.service.ts',
      ]),
    );
    expect(
      found.some((v) => v.startsWith('pages-never-reach-personal-data: src/pages/indirect.ts')),
    ).toBe(true);
    expect(found.some((v) => v.startsWith('no-cycles: src/users/'))).toBe(true);
    expect(found.filter((v) => v.includes('src/applications/applications.service.ts →'))).toEqual(
      [],
    );
  });

  it('finds nothing wrong in the project itself', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      [CLI, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
      // The whole module graph as JSON: past execFile's default 1 MB buffer by now.
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    expect(
      (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations,
    ).toEqual([]);
  });
});
