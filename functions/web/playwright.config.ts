import { defineConfig } from '@playwright/test';
import { SHOP, SHOP_TOKEN } from './e2e/shop';

// The local stack (functions/local) serving the built app and its API on 127.0.0.1, started for the run and stopped
// after it; its data in E2E_OUT (scripts/browser-test.sh makes and removes it).
const port = Number(process.env.E2E_PORT ?? 8791);
const out = process.env.E2E_OUT ?? 'test-results/stack';
// the run's tenant (scripts/browser-test.sh names it): its own AI spending cap, which the catalog must show
const tenant = process.env.E2E_TENANT;
// a strict fake of Shopify's Admin API (functions/testkit, FakeShopify) the stack's store connector talks to
const shopifyPort = port + 1;

export default defineConfig({
  testDir: 'e2e',
  timeout: 5 * 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      // without these the machine's closed network refuses Chromium's background connections, many at a time
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: [
    {
      command:
        `java -cp "../testkit/target/classes:../local/target/lib/*" dev.refinery.testkit.FakeShopify ${shopifyPort} ${SHOP} ${SHOP_TOKEN} "E2E Store"`,
      wait: { stdout: /fake shopify http:/ },
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
    command:
      `java -Xmx1g -XX:+UseParallelGC -Djava.awt.headless=true -cp "../local/target/refinery-local.jar:../local/target/lib/*" ` +
      `dev.refinery.local.cli.LocalMain serve --port ${port} --out "${out}" --web dist --schedule off --engines classic,openai`,
    // the openai engine is offered (prompt starts, the spending cap) but has no key: no model is ever called
    env: {
      ...(process.env as Record<string, string>),
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      REFINERY_OPENAI_TENANT_CAP_USD: '25',
      REFINERY_OPENAI_TENANT_CAPS: tenant ? `${tenant}=40` : '',
      REFINERY_SHOPIFY_API: `http://127.0.0.1:${shopifyPort}`,
    },
    // the stack prints its web app's address only once the app, the API and the sample photos are all ready
    wait: { stdout: /web app\s+http:\/\/127\.0\.0\.1:\d+\// },
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stderr: 'pipe',
    },
  ],
});
