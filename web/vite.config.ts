import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { fileURLToPath, URL } from 'node:url'

// The server serves web/dist with an SPA fallback; assets live under /assets/
// and are cached as immutable, so file names carry content hashes.
// Two pages: index.html (the internal app) and portal.html (the public
// reporting portal, served by the portal listener for every non-asset path).
export default defineConfig({
  plugins: [
    vue(),
    Components({
      // Element Plus components are imported on demand; the stylesheet is
      // imported once in main.ts (no CDN, no external fonts: strict CSP).
      resolvers: [ElementPlusResolver({ importStyle: false })],
      dts: 'src/components.d.ts',
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
  },
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline polyfill script: CSP script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        portal: fileURLToPath(new URL('./portal.html', import.meta.url)),
      },
    },
  },
  // The portal's proof-of-work worker is an ES module (new Worker(..., { type: 'module' })).
  worker: { format: 'es' },
  server: {
    proxy: {
      // The portal API lives only on the portal listener; more specific key first.
      '/api/v1/portal': { target: process.env.FUNNEL_PORTAL_API ?? 'http://127.0.0.1:8081', changeOrigin: false },
      '/api': { target: process.env.FUNNEL_API ?? 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
})
