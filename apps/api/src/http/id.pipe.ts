import { NotFoundException, ParseUUIDPipe } from '@nestjs/common';

/** An id in the path: what is not a UUID names nothing, so it is 404 like any unknown id (SPEC §3). */
export const DocumentId = new ParseUUIDPipe({
  exceptionFactory: () => new NotFoundException('Không tìm thấy: mã không hợp lệ'),
});
