import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  // Old hashed assets are kept: a browser (or a test) holding the previous index.html still loads its scripts
  // while another process rebuilds the UI (the shared checkout rebuilds often); web/dist is git-ignored.
  build: { outDir: 'dist', emptyOutDir: false, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:3000', '/docs': 'http://localhost:3000' } },
});
