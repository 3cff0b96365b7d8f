import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { WorkflowView } from '../../../../libs/domain/src';
import { WorkflowRegistry } from '../../../../workflows';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('api/workflows')
export class WorkflowsController {
  constructor(private readonly registry: WorkflowRegistry) {}

  /** Every workflow version the server knows, with its states and the events each accepts. */
  @Get()
  @ApiResponse({ status: 200, schema: { example: [{ id: 'ke-hoach', version: 1, documentType: 'KH', name: 'Kế hoạch', initial: 'draft', states: { awaiting_signature: { final: false, on: { SIGN: ['signed'], RETURN: ['draft'], WITHDRAW: ['withdrawn'] } } } }] } })
  list(): WorkflowView[] {
    return this.registry.all().map((d) => ({
      id: d.id,
      version: d.version,
      documentType: d.documentType,
      name: d.name,
      initial: 'draft',
      states: Object.fromEntries(
        Object.entries(d.machine.states).map(([name, node]) => [
          name,
          {
            final: node.type === 'final',
            on: Object.fromEntries(
              [...node.ownEvents]
                .filter((t) => !t.startsWith('xstate.'))
                .map((t) => [t, [...new Set((node.on[t] ?? []).flatMap((tr) => (tr.target ?? [node]).map((s) => s.key)))]]),
            ),
          },
        ]),
      ),
    }));
  }
}
