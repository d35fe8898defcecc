import path from 'node:path';
import express, { type Router } from 'express';

const PUBLIC = path.join(__dirname, '../public/explore');

/**
 * The graph explorer at /explore: static HTML/JS from public/explore, cytoscape from its npm package (no
 * CDN), reading through /graphql with the analyst's JWT. `token` pre-fills the JWT (the offline demo only).
 */
export function explorerRouter(token?: string): Router {
  const router = express.Router();
  const config = `window.LAYER_EXPLORER = ${JSON.stringify(token ? { token } : {})};\n`;
  router.use((_req, res, next) => {
    res.setHeader(
      'content-security-policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'",
    );
    next();
  });
  router.get('/', (_req, res) => res.sendFile(path.join(PUBLIC, 'index.html')));
  router.get('/config.js', (_req, res) => {
    res.type('application/javascript').setHeader('cache-control', 'no-store').send(config);
  });
  router.get('/vendor/cytoscape.min.js', (_req, res) => res.sendFile(require.resolve('cytoscape/dist/cytoscape.min.js')));
  router.use(express.static(PUBLIC, { index: false, maxAge: '1h' }));
  return router;
}
