/** The fake Shopify store the browser tests connect (playwright.config.ts starts it; FakeShopify in functions/testkit). */
export const SHOP = 'e2e-store.myshopify.com';
export const SHOP_TOKEN = 'shpat_e2e_token';
