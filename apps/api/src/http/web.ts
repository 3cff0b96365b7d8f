import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The built web app's directory: `configured` (AppConfig.webDir, from WEB_DIR) when it holds an index.html,
 * else where `npm run build` puts it (apps/web → dist/web); null when none has been built.
 */
export function webDir(configured: string | null = null): string | null {
  const candidates = [configured, resolve(__dirname, '../../../../web'), resolve(process.cwd(), 'dist/web')];
  return candidates.find((dir) => dir && existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the built web app at `/`: hashed assets for a year, and index.html for
 * any other page a person opens (the app routes in the browser). /api, /admin and
 * /metrics stay the API's.
 */
export function mountWebApp(app: INestApplication, configured: string | null): string | null {
  const dir = webDir(configured);
  if (!dir) return null;
  const index = join(dir, 'index.html');
  app.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/(api|admin|metrics)(\/|$)/.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return dir;
}
