import path from 'node:path';
import express, { type Router } from 'express';
import { isLoopback } from './lib/loopback';

const PUBLIC = path.join(__dirname, '../public/explore');

/**
 * The graph explorer at /explore: static HTML/JS from public/explore, cytoscape from its npm package (no
 * CDN), reading through /graphql with the analyst's JWT. `token` pre-fills the JWT (the offline demo only), and
 * only for a client on this machine (loopback): anyone else gets the config without it and pastes a JWT, as in
 * production.
 */
export function explorerRouter(token?: string): Router {
  const router = express.Router();
  const config = (withToken: boolean) => `window.LAYER_EXPLORER = ${JSON.stringify(token && withToken ? { token } : {})};\n`;
  router.use((_req, res, next) => {
    res.setHeader(
      'content-security-policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'",
    );
    next();
  });
  router.get('/', (_req, res) => res.sendFile(path.join(PUBLIC, 'index.html')));
  router.get('/config.js', (req, res) => {
    res
      .type('application/javascript')
      .setHeader('cache-control', 'no-store')
      .send(config(isLoopback(req.socket.remoteAddress)));
  });
  router.get('/vendor/cytoscape.min.js', (_req, res) => res.sendFile(require.resolve('cytoscape/dist/cytoscape.min.js')));
  router.use(express.static(PUBLIC, { index: false, maxAge: '1h' }));
  return router;
}
