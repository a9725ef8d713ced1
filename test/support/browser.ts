import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';
import { expectNoAxeViolations } from './axe';
import type { TestApp } from './test-app';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', 'artifacts');

/** Debian's Chromium, headless, without the background traffic this machine refuses. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The app listening on a free port of 127.0.0.1: its base address. */
export async function listening(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
}

/**
 * The console errors of a page (CSP refusals among them), with where they came from; a
 * form shown again with its errors is a 422 document, which Chromium logs too.
 */
export function consoleProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/responded with a status of 422/.test(m.text())) return;
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) {
      problems.push(`${m.text()} ${m.location().url}`);
    }
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  return problems;
}

/** A check of a page as it is (axe-core's by default), `label` naming it in failures. */
export type PageCheck = (page: Page, label: string) => Promise<void>;

/**
 * Each page visited: a numbered full-page screenshot, `test/artifacts/<prefix>-NN-<name>.png`,
 * then axe-core's WCAG 2.1 A/AA check, or the `check` given for that visit.
 */
export function visitor(prefix: string) {
  let shot = 0;
  return async (
    page: Page,
    name: string,
    check: PageCheck = expectNoAxeViolations,
  ): Promise<void> => {
    shot += 1;
    await page.screenshot({
      path: join(ARTIFACTS, `${prefix}-${String(shot).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
    await check(page, `${prefix} ${name}`);
  };
}

/**
 * The visitor of one test's page: `visited(name)` photographs and checks it, or `target`
 * (another context's page, a phone's) in the same numbered series.
 */
export function pageVisits(prefix: string, page: Page) {
  const visit = visitor(prefix);
  return (name: string, target: Page = page) => visit(target, name);
}
