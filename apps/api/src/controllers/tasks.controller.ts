import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { TaskService } from '../../../../libs/documents/src';
import { CurrentActor } from '../http/auth.decorators';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TaskService) {}

  /** What the caller owes now — opinions, signatures (own and delegated), disseminations, reports — soonest first. */
  @Get()
  @ApiResponse({ status: 200, schema: { example: [{ kind: 'signature', documentId: '0b7c3f0e-1f7a-4c55-9a76-0d3c2a9e5b10', type: 'QĐ', title: 'Quyết định thành lập Ban chỉ đạo thi', number: null, urgency: 'flash', state: 'awaiting_signature', deadline: '2027-06-10T16:59:59.999Z', overdue: false, onBehalfOf: 'son.nk' }] } })
  list(@CurrentActor() actor: Actor) {
    return this.tasks.forActor(actor);
  }
}
