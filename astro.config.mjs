// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// Stepwise is a static site: every lesson is prerendered, and the numbers in its prose are
// computed by src/nn at build time. Widgets hydrate as custom elements in the browser.
// Maths in lessons is typeset by KaTeX at build time through the <Tex> component (the same
// KaTeX the widgets use in the page).
export default defineConfig({
  site: 'http://127.0.0.1:4321',
  integrations: [mdx()],
  devToolbar: { enabled: false },
  vite: {
    // Never inline a script into the page: the Content-Security-Policy allows scripts from 'self' only
    // (Astro inlines scripts smaller than this limit, which the policy would then block).
    build: { assetsInlineLimit: 0 },
    // The benchmark's TF.js packages are devDependencies for Node only; keep them out of the client.
    optimizeDeps: { exclude: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'] },
  },
});
