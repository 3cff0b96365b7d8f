import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** A document id in the path: a UUID, else 400 naming the parameter. */
export const DocumentId = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException(['id must be a UUID']),
});
