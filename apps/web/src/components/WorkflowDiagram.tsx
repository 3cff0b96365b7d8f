/**
 * The document's workflow drawn from its XState definition, as GET /api/workflows
 * serialises it (states and the events each accepts), laid out by
 * workflow-layout.ts. Side states are joined by dashed lines, back edges curve
 * on the left, events that keep their state are written beside it.
 */
import type { ReactElement } from 'react';
import type { WorkflowDefinition } from '../api';
import { EVENT_LABEL, STATE_LABEL } from '../format';
import { NODE_H, NODE_W, SIDE_X, TOP, ROW, layoutWorkflow } from '../workflow-layout';

export function WorkflowDiagram({ def, current, visited }: { def: WorkflowDefinition; current: string; visited: Set<string> }) {
  const { edges, back, side, pos, rows } = layoutWorkflow(def);
  const height = TOP * 2 + rows * ROW;
  const width = SIDE_X + NODE_W + 10;
  const label = (events: string[]) => events.map((e) => EVENT_LABEL[e] ?? e).join(' / ');
  const drawn: ReactElement[] = [];
  let backIndex = 0;
  for (const [i, e] of edges.entries()) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b || e.from === e.to) continue;
    if (side.has(e.to)) {
      drawn.push(
        <g key={i} className="edge side">
          <path d={`M ${a.x + NODE_W} ${a.y + NODE_H - 8} L ${b.x} ${b.y + NODE_H / 2}`} markerEnd="url(#arrow)" />
        </g>,
      );
    } else if (back.has(e)) {
      const bend = 40 + backIndex++ * 38;
      const y1 = a.y + NODE_H / 2;
      const y2 = b.y + NODE_H / 2;
      drawn.push(
        <g key={i} className="edge back">
          <path d={`M ${a.x} ${y1} C ${a.x - bend} ${y1}, ${b.x - bend} ${y2}, ${b.x} ${y2}`} markerEnd="url(#arrow)" />
          <text x={a.x - bend * 0.75 - 6} y={(y1 + y2) / 2 + 4} textAnchor="end">
            {label(e.events)}
          </text>
        </g>,
      );
    } else {
      const x = a.x + NODE_W / 2;
      const skip = b.y - a.y > ROW; // GM, CV: from draft straight to signature
      const path = skip
        ? `M ${a.x + NODE_W - 30} ${a.y + NODE_H} C ${a.x + NODE_W + 50} ${a.y + NODE_H + 40}, ${a.x + NODE_W + 50} ${b.y - 40}, ${a.x + NODE_W - 30} ${b.y}`
        : `M ${x} ${a.y + NODE_H} L ${x} ${b.y}`;
      drawn.push(
        <g key={i} className="edge">
          <path d={path} markerEnd="url(#arrow)" />
          <text x={skip ? a.x + NODE_W + 44 : x + 8} y={skip ? (a.y + b.y) / 2 + NODE_H : (a.y + NODE_H + b.y) / 2 + 4}>
            {label(e.events)}
          </text>
        </g>,
      );
    }
  }
  const loops = (s: string) => edges.find((e) => e.from === s && e.to === s)?.events;
  return (
    <figure className="diagram">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Sơ đồ quy trình ${def.name} (phiên bản ${def.version}); trạng thái hiện tại: ${STATE_LABEL[current as keyof typeof STATE_LABEL] ?? current}`}
      >
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" />
          </marker>
        </defs>
        {drawn}
        {[...pos.entries()].map(([name, p]) => {
          const cls = ['node', name === current ? 'current' : visited.has(name) ? 'visited' : '', def.states[name].final ? 'final' : ''].join(' ');
          const self = loops(name);
          const into = side.has(name) ? [...new Set(edges.filter((e) => e.to === name).flatMap((e) => e.events))] : null;
          return (
            <g key={name} className={cls} data-state={name}>
              <rect x={p.x} y={p.y} width={NODE_W} height={NODE_H} rx={def.states[name].final ? 20 : 6} />
              <text x={p.x + NODE_W / 2} y={p.y + NODE_H / 2 + 5} textAnchor="middle">
                {STATE_LABEL[name as keyof typeof STATE_LABEL] ?? name}
              </text>
              {self && (
                <text className="loop" x={p.x + NODE_W + 8} y={p.y + 13}>
                  ↻ {label(self)}
                </text>
              )}
              {into && (
                <text className="loop" x={p.x + NODE_W / 2} y={p.y - 8} textAnchor="middle">
                  {label(into)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        Quy trình «{def.name}», phiên bản {def.version} ({def.id}). Ô tô đậm: trạng thái hiện tại; ô tô nhạt: đã đi qua.
      </figcaption>
    </figure>
  );
}
