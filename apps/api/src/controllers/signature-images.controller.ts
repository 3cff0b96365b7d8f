import { Controller, Delete, Get, HttpCode, Param, Put, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../../libs/audit/src';
import { NotFound, NotPermitted, SIGNER_POSITIONS, type Actor } from '../../../../libs/domain/src';
import { SignatureImages, type ImageHolder } from '../../../../libs/pdf/src';
import { CurrentActor } from '../http/auth.decorators';
import { readSmallUpload } from '../http/multipart';

/** A seal or a signature scanned at 600 dpi is well under this. */
const PNG_MAX_BYTES = 2 * 1024 * 1024;
const SIGNERS: readonly string[] = SIGNER_POSITIONS;

const IMAGE_EXAMPLE = { sha256: '9f2c…', width: 850, height: 850, widthMm: 36, uploadedBy: 'admin', uploadedAt: '2026-12-01T03:00:00.000Z' };
const PNG_ANSWER = { status: 200, content: { 'image/png': { schema: { type: 'string', format: 'binary' } } }, description: 'X-Width-Mm: its width on paper' };
const NONE = (message: string) => ({ status: 404, schema: { example: { statusCode: 404, error: 'Not Found', message, code: 'NOT_FOUND' } } });
const UPLOAD_BODY = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary', description: 'PNG, transparent background' }, widthMm: { type: 'number', description: 'width on paper, 10–60 mm' } },
  },
};

/**
 * The images the signatures show on the issued PDF (SPEC §6, Phụ lục I ô 7c
 * and ô 8): a signer's own signature (blue, placed between the title and
 * the name when they sign) and an agency's seal (red, at its real size, over
 * the left third of the signer's signature when the clerk disseminates).
 * Without them the signature shows the signer's name and time, and the seal
 * is drawn from the agency's name. Uploads are multipart `file` (a PNG with
 * a transparent background) and, optionally, `widthMm`.
 */
@ApiTags('signing')
@ApiBearerAuth()
@Controller('api')
export class SignatureImagesController {
  constructor(
    private readonly images: SignatureImages,
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The caller's signature image (PNG); 404 when none was uploaded. */
  @Get('me/signature-image')
  @ApiResponse(PNG_ANSWER)
  @ApiResponse(NONE('Bạn chưa tải lên hình ảnh chữ ký: văn bản bạn ký hiển thị họ tên và thời gian ký'))
  async mine(@CurrentActor() actor: Actor, @Res() res: Response) {
    return this.send(res, { kind: 'user', username: actor.username }, 'Bạn chưa tải lên hình ảnh chữ ký: văn bản bạn ký hiển thị họ tên và thời gian ký');
  }

  /** For those who sign (head, deputy_head, unit_head; 403 otherwise). */
  @Put('me/signature-image')
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiResponse({ status: 200, schema: { example: { ...IMAGE_EXAMPLE, widthMm: 40 } } })
  async putMine(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (!SIGNERS.includes(actor.position)) {
      req.resume();
      throw new NotPermitted('Chỉ người có thẩm quyền ký (lãnh đạo cơ quan, lãnh đạo đơn vị) mới có hình ảnh chữ ký');
    }
    return this.receive(req, res, { kind: 'user', username: actor.username }, actor);
  }

  @Delete('me/signature-image')
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'removed: the signature shows the name and time again' })
  @ApiResponse(NONE('Bạn chưa tải lên hình ảnh chữ ký'))
  async removeMine(@CurrentActor() actor: Actor) {
    if (!(await this.images.remove({ kind: 'user', username: actor.username }))) throw new NotFound('Bạn chưa tải lên hình ảnh chữ ký');
    await this.audit.record({ actor: actor.username, action: 'signature_image.change', target: `user:${actor.username}`, detail: { removed: true } });
  }

  /** The agency's seal image (PNG), for an administrator or the agency's own people; 404 when none (it is drawn). */
  @Get('agencies/:code/seal')
  @ApiResponse(PNG_ANSWER)
  @ApiResponse(NONE('Cơ quan chưa có hình ảnh dấu tải lên: dấu được vẽ từ tên cơ quan'))
  async seal(@CurrentActor() actor: Actor, @Param('code') code: string, @Res() res: Response) {
    await this.agency(code);
    if (actor.position !== 'admin' && actor.agencyCode !== code) throw new NotPermitted('Chỉ quản trị viên và người của cơ quan xem được hình ảnh dấu của cơ quan');
    return this.send(res, { kind: 'agency', code }, 'Cơ quan chưa có hình ảnh dấu tải lên: dấu được vẽ từ tên cơ quan');
  }

  /** An administrator's: the seal every document the agency disseminates from now on shows. */
  @Put('agencies/:code/seal')
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiResponse({ status: 200, schema: { example: IMAGE_EXAMPLE } })
  async putSeal(@CurrentActor() actor: Actor, @Param('code') code: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (actor.position !== 'admin') {
      req.resume();
      throw new NotPermitted('Chỉ quản trị viên tải lên hình ảnh dấu của cơ quan');
    }
    await this.agency(code).catch((e) => {
      req.resume();
      throw e;
    });
    return this.receive(req, res, { kind: 'agency', code }, actor);
  }

  /** Back to the seal drawn from the agency's name. */
  @Delete('agencies/:code/seal')
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'removed: the seal is drawn from the agency name again' })
  @ApiResponse(NONE('Cơ quan chưa có hình ảnh dấu tải lên'))
  async removeSeal(@CurrentActor() actor: Actor, @Param('code') code: string) {
    if (actor.position !== 'admin') throw new NotPermitted('Chỉ quản trị viên gỡ hình ảnh dấu của cơ quan');
    await this.agency(code);
    if (!(await this.images.remove({ kind: 'agency', code }))) throw new NotFound('Cơ quan chưa có hình ảnh dấu tải lên');
    await this.audit.record({ actor: actor.username, action: 'seal.change', target: `agency:${code}`, detail: { removed: true } });
  }

  private async receive(req: Request, res: Response, holder: ImageHolder, actor: Actor) {
    const { bytes, fields } = await readSmallUpload(req, res, PNG_MAX_BYTES, 'Hình ảnh tối đa 2 MB');
    const stored = await this.images.put(holder, bytes, fields.widthMm, actor.username);
    await this.audit.record({
      actor: actor.username,
      action: holder.kind === 'agency' ? 'seal.change' : 'signature_image.change',
      target: holder.kind === 'agency' ? `agency:${holder.code}` : `user:${holder.username}`,
      detail: { sha256: stored.sha256, widthMm: stored.widthMm },
    });
    return stored;
  }

  private async send(res: Response, holder: ImageHolder, none: string) {
    const found = await this.images.facts(holder);
    if (!found) throw new NotFound(none);
    res.setHeader('Content-Type', 'image/png');
    res.setHeader('Content-Length', String(found.png.length));
    res.setHeader('ETag', `"${found.sha256}"`);
    res.setHeader('X-Width-Mm', String(found.widthMm));
    res.setHeader('Cache-Control', 'private, no-cache');
    res.end(found.png);
  }

  private async agency(code: string): Promise<void> {
    const [row] = await this.db.query(`SELECT 1 FROM agencies WHERE code = $1`, [code]);
    if (!row) throw new NotFound(`Không có cơ quan "${code}"`);
  }
}
