import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { compression } from 'vite-plugin-compression2';
import { fileURLToPath, URL } from 'node:url';

export default defineConfig({
  plugins: [
    vue(),
    // Brotli and gzip twins of every script, style and SVG, built once here: the backend serves the
    // one the browser accepts (Content-Encoding), so no CPU is spent compressing on each request.
    compression({ include: /^assets\/.*\.(js|css|svg|json)$/, threshold: 1024, algorithms: ['brotliCompress', 'gzip'], logLevel: 'silent' }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    // The backend's Content-Security-Policy forbids inline scripts: keep every module in a file.
    modulePreload: { polyfill: false },
    // the server reads it to preload each public page's own chunk with the page (web/AppManifest)
    manifest: true,
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts'],
  },
});
