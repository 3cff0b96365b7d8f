import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { TaskService } from '../../../../libs/documents/src';
import { IncomingService } from '../../../../libs/incoming/src';
import { CurrentActor } from '../http/auth.decorators';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class TasksController {
  constructor(
    private readonly tasks: TaskService,
    private readonly incoming: IncomingService,
  ) {}

  /**
   * What the caller owes now — opinions, signatures (own and delegated), disseminations, reports, and on
   * incoming items what to register, assign or work on — soonest deadline first.
   */
  @Get()
  @ApiResponse({ status: 200, schema: { example: [{ kind: 'signature', documentId: '0b7c3f0e-1f7a-4c55-9a76-0d3c2a9e5b10', type: 'QĐ', title: 'Quyết định thành lập Ban chỉ đạo thi', number: null, urgency: 'flash', state: 'awaiting_signature', deadline: '2027-06-10T16:59:59.999Z', overdue: false, onBehalfOf: 'son.nk' }] } })
  async list(@CurrentActor() actor: Actor) {
    const [documents, incoming] = await Promise.all([this.tasks.forActor(actor), this.incoming.tasksFor(actor)]);
    // Soonest deadline first, those without one last (the documents' list is already in that order).
    const at = (t: { deadline: string | null }) => (t.deadline ? Date.parse(t.deadline) : Infinity);
    return [...documents, ...incoming].sort((a, b) => at(a) - at(b));
  }
}
