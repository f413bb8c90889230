import { expect, test } from '@playwright/test';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The stack's sample photos (serve writes them to OUT/_samples when it starts). */
const samples = join(process.env.E2E_OUT ?? 'test-results/stack', '_samples');
// a tenant of its own: the seller suite counts its tenant's sessions and catalog rows
const tenant = `${process.env.E2E_TENANT ?? `e2e-${Date.now().toString(36)}`}-drop`;

/**
 * A folder dropped on the page, as a seller drags one from the file manager: Chromium's own drag and drop (through
 * the DevTools protocol, which takes file-system paths as a real drag would), so the page gets a folder entry and
 * must walk it. dataTransfer.files would hold only the folder itself.
 */
test('a dropped folder adds every photo in it and its sub-folders, and skips what is not a photo', async ({ page }) => {
  const photos = readdirSync(samples).filter((f) => /\.(jpe?g|png)$/i.test(f)).slice(0, 2);
  expect(photos).toHaveLength(2);
  mkdirSync('test-results', { recursive: true });
  const root = resolve(mkdtempSync(join('test-results', 'drop-')), 'shelf');
  mkdirSync(join(root, 'back', 'more'), { recursive: true });
  copyFileSync(join(samples, photos[0]), join(root, 'front.jpg'));
  copyFileSync(join(samples, photos[1]), join(root, 'back', 'more', 'side.jpg'));
  writeFileSync(join(root, 'back', 'notes.txt'), 'not a photo');

  await page.goto('/');
  await page.evaluate((t) => localStorage.setItem('refinery.tenant', t), tenant);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Your photos' })).toBeVisible();

  const zone = (await page.locator('.drop').boundingBox())!;
  const at = { x: zone.x + zone.width / 2, y: zone.y + zone.height / 2 };
  const data = { items: [], files: [root], dragOperationsMask: 1 };
  const cdp = await page.context().newCDPSession(page);
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
    await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  }

  await expect(page.getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('cell', { name: 'front.jpg', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'side.jpg', exact: true })).toBeVisible();
  await expect(page.getByText('1 file(s) skipped: only .jpg, .jpeg, .png and .webp photos can be refined.')).toBeVisible();

  // the files read from the folder's entries carry their bytes: both upload in full and start their sessions
  await page.getByRole('button', { name: 'Refine 2 photos' }).click();
  await expect(page.getByRole('link', { name: 'Refining: open' })).toHaveCount(2, { timeout: 90_000 });
  await expect(page.getByLabel('Upload of front.jpg')).toHaveJSProperty('value', 1);
  await expect(page.getByLabel('Upload of side.jpg')).toHaveJSProperty('value', 1);
});
