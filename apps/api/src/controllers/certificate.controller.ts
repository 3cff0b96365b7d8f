import { Controller, Get, Put, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../../../../libs/audit/src';
import { NotFound, NotPermitted, SIGNER_POSITIONS, type Actor } from '../../../../libs/domain/src';
import { CertificatesService } from '../../../../libs/pki/src';
import { CurrentActor } from '../http/auth.decorators';
import { readSmallUpload } from '../http/multipart';

/** A PKCS#12 is a few kilobytes: anything past this is not one. */
const P12_MAX_BYTES = 256 * 1024;

const CERTIFICATE_EXAMPLE = {
  subject: 'C=VN, O=Bộ Giáo dục và Đào tạo, title=Thứ trưởng, CN=Phạm Ngọc Thưởng',
  issuer: 'C=VN, O=Ban Cơ yếu Chính phủ, CN=CA phục vụ các cơ quan Đảng, Nhà nước',
  source: 'imported',
  notAfter: '2029-12-31T16:59:59.000Z',
};

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/me/certificate')
export class CertificateController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly audit: AuditService,
  ) {}

  /** The caller's signing certificate (issued by the deployment's CA at the first signature, or brought). 404 before any. */
  @Get()
  @ApiResponse({ status: 200, schema: { example: CERTIFICATE_EXAMPLE } })
  async get(@CurrentActor() actor: Actor) {
    const found = await this.certificates.describe(actor.username);
    if (!found) throw new NotFound('Bạn chưa có chứng thư số: hệ thống cấp khi bạn ký văn bản đầu tiên, hoặc hãy tải lên tệp PKCS#12');
    return found;
  }

  /**
   * multipart/form-data: `passphrase`, then `file` (a PKCS#12, .p12/.pfx, from a real CA): its key signs the
   * caller's documents from now on. For those who sign (head, deputy_head, unit_head; 403 otherwise). 400 when
   * the file or the passphrase does not open it, or it has expired.
   */
  @Put()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { passphrase: { type: 'string' }, file: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 200, schema: { example: CERTIFICATE_EXAMPLE } })
  async put(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (!SIGNER_POSITIONS.includes(actor.position)) {
      req.resume();
      throw new NotPermitted('Chỉ người có thẩm quyền ký (lãnh đạo cơ quan, lãnh đạo đơn vị) mới đăng ký chứng thư số để ký');
    }
    const { bytes, fields } = await readSmallUpload(req, res, P12_MAX_BYTES, 'Tệp PKCS#12 không lớn đến vậy (tối đa 256 KB)');
    const imported = await this.certificates.importPkcs12(actor.username, bytes, fields.passphrase ?? '');
    await this.audit.record({ actor: actor.username, action: 'certificate.import', target: `user:${actor.username}`, detail: { subject: imported.subject, issuer: imported.issuer } });
    return { ...imported, source: 'imported' };
  }
}
