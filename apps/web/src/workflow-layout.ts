/**
 * Where each state of a workflow goes in its diagram (pure; drawn by
 * components/WorkflowDiagram.tsx).
 *
 * A depth-first walk from the initial state tells back edges (REVISE, RETURN)
 * from forward ones; states are ranked by the longest forward path and stacked
 * in one column. A final state entered from several states (withdrawn) sits in
 * a side column.
 */
import type { WorkflowDefinition } from './api';

export const NODE_W = 214;
export const NODE_H = 40;
export const ROW = 80;
export const MAIN_X = 150;
export const SIDE_X = 570;
export const TOP = 24;

export interface Edge { from: string; to: string; events: string[] }

export function layoutWorkflow(def: WorkflowDefinition) {
  const byPair = new Map<string, Edge>();
  for (const [from, node] of Object.entries(def.states))
    for (const [event, targets] of Object.entries(node.on))
      for (const to of targets) {
        const key = `${from}>${to}`;
        const edge = byPair.get(key) ?? { from, to, events: [] };
        edge.events.push(event);
        byPair.set(key, edge);
      }
  const edges = [...byPair.values()];
  const sources = (s: string) => new Set(edges.filter((e) => e.to === s && e.from !== s).map((e) => e.from));
  const side = new Set(Object.keys(def.states).filter((s) => def.states[s].final && sources(s).size > 1));

  // Depth-first: an edge to a state still on the stack goes back.
  const back = new Set<Edge>();
  const done = new Set<string>();
  const onStack = new Set<string>();
  const visit = (s: string) => {
    onStack.add(s);
    for (const e of edges.filter((x) => x.from === s && x.to !== s && !side.has(x.to))) {
      if (onStack.has(e.to)) back.add(e);
      else if (!done.has(e.to)) visit(e.to);
    }
    onStack.delete(s);
    done.add(s);
  };
  visit(def.initial);

  const rank = new Map<string, number>([...done].map((s) => [s, 0]));
  for (let i = 0; i < done.size; i++)
    for (const e of edges)
      if (!back.has(e) && e.from !== e.to && rank.has(e.from) && rank.has(e.to)) rank.set(e.to, Math.max(rank.get(e.to)!, rank.get(e.from)! + 1));
  const rows = Math.max(0, ...rank.values()) + 1;

  const pos = new Map<string, { x: number; y: number }>();
  for (const [s, r] of rank) pos.set(s, { x: MAIN_X, y: TOP + r * ROW });
  [...side].forEach((s, i) => {
    const from = [...sources(s)].map((x) => rank.get(x) ?? 0);
    const middle = from.length ? (Math.min(...from) + Math.max(...from)) / 2 : rows / 2;
    pos.set(s, { x: SIDE_X, y: TOP + (middle + i) * ROW });
  });
  return { edges, back, side, pos, rows };
}
