import { expect, test, type Route } from '@playwright/test';

/**
 * The catalog's session list, a page at a time, against stubbed pages of GET /api/sessions (the rest of the API is
 * the stack's): asking for older sessions reads the next page once, each session is listed once even when pages
 * overlap, and once the older pages run out the newest page — read again every 2 s while a session is refining —
 * does not bring "Show older sessions" back. Needing review sorts first, whichever page it came on.
 */
const tenant = `${process.env.E2E_TENANT ?? `e2e-${Date.now().toString(36)}`}-paging`;

function session(id: string, sku: string, status: string, createdAt: string) {
  return { tenant, id, sku, status, presets: ['amazon-main'], engine: 'classic', round: 0, revision: 1, createdAt, updatedAt: createdAt };
}

const refining = session('00000000-0000-4000-8000-000000000004', 'MUG-RUNNING', 'RUNNING', '2026-12-01T10:04:00Z');
const ready = session('00000000-0000-4000-8000-000000000003', 'MUG-READY', 'COMPLETED', '2026-12-01T10:03:00Z');
const review = session('00000000-0000-4000-8000-000000000002', 'MUG-REVIEW', 'NEEDS_REVIEW', '2026-12-01T10:02:00Z');
const oldest = session('00000000-0000-4000-8000-000000000001', 'MUG-OLDEST', 'COMPLETED', '2026-12-01T10:01:00Z');

test('older sessions load once, each session once, and "Show older" stays gone once they run out', async ({ page }) => {
  const reads = { newest: 0, older: 0 };
  await page.route(
    (url) => url.pathname === '/api/sessions',
    async (route: Route) => {
      const cursor = new URL(route.request().url()).searchParams.get('cursor');
      if (cursor === null) {
        reads.newest++;
        await route.fulfill({ json: { sessions: [refining, ready], next: 'after-ready' } });
      } else {
        expect(cursor, 'the newest page\'s cursor').toBe('after-ready');
        reads.older++;
        // the page overlaps the newest one (a session that moved between reads): listed once all the same
        await route.fulfill({ json: { sessions: [ready, review, oldest], next: null } });
      }
    },
  );

  await page.goto('/');
  await page.evaluate((t) => localStorage.setItem('refinery.tenant', t), tenant);
  await page.reload();
  const cards = page.locator('.grid .card');
  await expect(cards).toHaveCount(2);
  await expect(cards.locator('.sku')).toHaveText(['MUG-RUNNING', 'MUG-READY']);

  await page.getByRole('button', { name: 'Show older sessions' }).click();
  await expect(cards.locator('.sku')).toHaveText(['MUG-REVIEW', 'MUG-RUNNING', 'MUG-READY', 'MUG-OLDEST']);
  await expect(cards.first().locator('.badge')).toHaveText('Needs review');
  await expect(page.getByRole('button', { name: 'Show older sessions' })).toHaveCount(0);

  // the newest page is polled (a session is refining): two more reads of it change nothing
  const after = reads.newest;
  await expect.poll(() => reads.newest, { timeout: 15_000 }).toBeGreaterThanOrEqual(after + 2);
  await expect(page.getByRole('button', { name: 'Show older sessions' })).toHaveCount(0);
  await expect(cards).toHaveCount(4);
  expect(reads.older, 'the older page read once').toBe(1);
});
