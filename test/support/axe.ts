import type { AxeResults, Result } from 'axe-core';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** What the site promises: WCAG 2.1 at levels A and AA. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeInPage {
  axe: { run(context: unknown, options: object): Promise<AxeResults> };
  document: unknown;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The WCAG 2.1 A/AA violations axe-core finds on the page as it is now.
 *
 * axe is evaluated through the DevTools protocol rather than added as a script tag: the
 * pages' Content-Security-Policy allows no script, so a tag would be blocked, and turning
 * the policy off for the test (bypassCSP) would check a page readers never get.
 */
export async function axeViolations(page: Page): Promise<Result[]> {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate((tags) => {
    // Runs in the page, which has a DOM; this file is compiled without one.
    const { axe, document } = globalThis as unknown as AxeInPage;
    return axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
  }, WCAG_21_AA);
  return results.violations;
}

/** Fails, naming each violation and the elements it was found on, unless axe finds none. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const found = (await axeViolations(page)).map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help}: ` +
      violation.nodes
        .map((node) => {
          const summary = node.failureSummary?.replace(/\s+/g, ' ');
          return `${node.target.flat().join(' ')}${summary ? ` [${summary}]` : ''}`;
        })
        .join('; '),
  );
  // The label in both sides: a failure says which page it was.
  expect([label, found]).toEqual([label, []]);
}
