import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { WorkflowView } from '../../../../libs/domain/src';
import type { StateNode } from 'xstate';
import { WorkflowRegistry } from '../../../../workflows';
import { allIncomingWorkflows } from '../../../../workflows/incoming/incoming.machine';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('api/workflows')
export class WorkflowsController {
  constructor(private readonly registry: WorkflowRegistry) {}

  /** Every workflow version the server knows — the documents' and the incoming items' — with its states and the events each accepts. */
  @Get()
  @ApiResponse({
    status: 200,
    schema: {
      example: [
        { id: 'ke-hoach', version: 1, subject: 'document', documentType: 'KH', name: 'Kế hoạch', initial: 'draft', states: { awaiting_signature: { final: false, on: { SIGN: ['signed'], RETURN: ['draft'], WITHDRAW: ['withdrawn'] } } } },
        { id: 'van-ban-den', version: 1, subject: 'incoming', documentType: null, name: 'Văn bản đến', initial: 'received', states: { received: { final: false, on: { REGISTER: ['registered'], RETURN_TO_SENDER: ['returned'] } } } },
      ],
    },
  })
  list(): WorkflowView[] {
    return [
      ...this.registry.all().map((d) => ({ id: d.id, version: d.version, subject: 'document' as const, documentType: d.documentType, name: d.name, initial: 'draft', states: statesOf(d.machine) })),
      ...allIncomingWorkflows().map((d) => ({
        id: d.id,
        version: d.version,
        subject: 'incoming' as const,
        documentType: null,
        name: 'Văn bản đến',
        initial: String(d.machine.config.initial),
        states: statesOf(d.machine),
      })),
    ];
  }
}

/** A machine's states: whether each is final, and for each event it takes, the states it may lead to. */
function statesOf(machine: { states: Record<string, StateNode<any, any>> }): WorkflowView['states'] {
  return Object.fromEntries(
    Object.entries(machine.states).map(([name, node]) => [
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
  );
}
