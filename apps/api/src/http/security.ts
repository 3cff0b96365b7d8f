import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** Pages that bring their own inline scripts and styles (Swagger UI, Bull Board): a looser CSP, still same-origin. */
const THIRD_PARTY_PAGES = /^\/(api\/docs|admin\/queues)(\/|$)/;

const STRICT = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  // blob:: the signature and seal images, fetched with the token, shown from a blob: URL (only this origin's scripts make one).
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  // The document page previews a PDF it fetched (with the token) as a blob: URL in a frame.
  frameSrc: ["'self'", 'blob:'],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The headers every answer carries (helmet): a strict Content-Security-Policy
 * the web app passes (no inline script or style, nothing from elsewhere, never
 * framed), nosniff, no referrer, no `X-Powered-By`; and `Cache-Control:
 * no-store` on /api, whose answers (a login's token, a document) must not be
 * kept by a browser or a proxy.
 */
export function mountSecurityHeaders(app: INestApplication): void {
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  const strict = helmet({ contentSecurityPolicy: { useDefaults: false, directives: STRICT }, referrerPolicy: { policy: 'no-referrer' } });
  const loose = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...STRICT, scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"] },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const thirdParty = THIRD_PARTY_PAGES.test(req.path);
    if (!thirdParty && /^\/api(\/|$)/.test(req.path)) res.setHeader('Cache-Control', 'no-store');
    return (thirdParty ? loose : strict)(req, res, next);
  });
}
