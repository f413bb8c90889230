import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { join } from 'node:path';

/** Screenshots of the main screens for the docs, taken by this run. */
const shots = join('..', '..', 'docs', 'web');
const tenant = `${process.env.E2E_TENANT ?? `e2e-${Date.now().toString(36)}`}-brand`;

test('a seller sets a brand kit, sees the colour a JPEG keeps, saves a second version, and the upload panel offers brand-site', async ({ page }) => {
  await page.goto('/');
  await page.evaluate((t) => localStorage.setItem('refinery.tenant', t), tenant);
  await page.reload();
  // the upload panel has no brand-site before the tenant has a kit
  await expect(page.getByRole('checkbox', { name: /Amazon main image/ })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /Brand site/ })).toHaveCount(0);

  await page.getByRole('link', { name: 'Brand kit' }).click();
  await expect(page.getByRole('heading', { name: 'Brand kit' })).toBeVisible();
  await expect(page.getByText('You have no brand kit yet.')).toBeVisible();

  await page.getByRole('textbox', { name: 'Background' }).fill('#f4efe6');
  await page.getByLabel(/^Margin on each side/).fill('0.1');
  await page.getByLabel('Canvas side (px)').fill('1600');
  await page.getByLabel('Export each finished session to my exports folder').check();
  await page.getByRole('button', { name: 'Save the brand kit' }).click();
  // the API keeps the nearest colour a JPEG keeps exactly, and the page says so
  await expect(page.getByRole('status')).toHaveText(/^Saved as version 1\. The background is #f3efe6: the nearest colour a JPEG keeps exactly/);
  await expect(page.getByRole('textbox', { name: 'Background' })).toHaveValue('#f3efe6');
  const rows = page.locator('table.kit-versions tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('1600 px');
  await expect(rows.first()).toContainText('automatic');
  await expect(page.getByText(/Your brand kit v1: #f3efe6 background, 10% margin on each side, 1600 x 1600 JPEG\./)).toBeVisible();

  // a second version: what was not changed is kept
  await page.getByLabel(/^Margin on each side/).fill('0.15');
  await page.getByLabel('A soft shadow under the product').check();
  await page.getByLabel(/^True scale/).fill('12');
  await page.getByLabel(/^File names/).fill('acme_{sku}_{preset}');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved as version 2.');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('0.15');
  await expect(rows.first()).toContainText('#f3efe6');
  await expect(rows.first()).toContainText('12 px/cm');
  await expect(page.getByLabel(/^File names/)).toHaveValue('acme_{sku}_{preset}');
  await expect(rows.nth(1)).toContainText('margin');
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`), 'axe on the brand kit').toEqual([]);
  await page.screenshot({ path: join(shots, 'brand-kit.png'), fullPage: true });

  // a bad value: the API's words
  await page.getByLabel('Canvas side (px)').fill('9000');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByRole('alert')).toContainText('canvas');
  await expect(rows).toHaveCount(2);

  // the upload panel now offers the tenant's brand-site
  await page.getByRole('link', { name: '← All photos' }).click();
  await expect(page.getByRole('checkbox', { name: /Brand site \(brand kit v2\)/ })).toBeVisible();
});
