import { defineConfig } from 'vite';

// The app is plain static files in dist/, served at / by `make serve` (functions/local) and, deployed, by
// CloudFront from S3; the API is under /api on the same origin in both. `npm run dev` proxies /api and the
// local stack's upload forms (/s3) to a running `make serve`.
export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:8787', '/s3': 'http://127.0.0.1:8787' },
  },
});
