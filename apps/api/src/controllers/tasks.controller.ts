import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
  list(@CurrentActor() actor: Actor) {
    return this.tasks.forActor(actor);
  }
}
