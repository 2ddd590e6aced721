import type { Page } from 'playwright-core';

/** Console errors, uncaught exceptions, CSP violations and dialogs seen on the pages a test opened. */
export interface PageProblems {
  errors: string[];
  dialogs: string[];
}

/**
 * Records what a page must never do. CSP violations reach the console as errors, and an init script (run
 * by the browser, outside the page's policy) also reports each `securitypolicyviolation` event.
 */
export async function watchPage(page: Page, problems: PageProblems): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`),
    );
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (err) => problems.errors.push(`${page.url()}: ${err.message}`));
  page.on('dialog', (d) => {
    problems.dialogs.push(`${page.url()}: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
}
