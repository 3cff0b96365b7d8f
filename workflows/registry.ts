import type { DocumentType } from '../libs/domain/src/types';
import type { WorkflowDefinition } from './shared/workflow-definition';
import { BUILT_IN_WORKFLOWS } from './catalogue';

export { BUILT_IN_WORKFLOWS };

/**
 * Every workflow version the code knows. New documents start on the newest
 * version of their type that is rolled out (`rollout`: 0 for the newest
 * there is; else the highest version not above it, or the type's first when
 * it has none that old); a document in flight is always stepped with the
 * version it recorded, so every version stays registered.
 */
export class WorkflowRegistry {
  private readonly byKey = new Map<string, WorkflowDefinition>();
  private readonly latestByType = new Map<DocumentType, WorkflowDefinition>();

  constructor(
    definitions: readonly WorkflowDefinition[] = BUILT_IN_WORKFLOWS,
    private readonly rollout = 0,
  ) {
    for (const d of definitions) this.register(d);
  }

  private startsNewDocuments(candidate: WorkflowDefinition, current: WorkflowDefinition | undefined): boolean {
    if (!current) return true;
    const allowed = (v: number) => this.rollout === 0 || v <= this.rollout;
    if (allowed(candidate.version) !== allowed(current.version)) return allowed(candidate.version);
    return allowed(candidate.version) ? candidate.version > current.version : candidate.version < current.version;
  }

  register(def: WorkflowDefinition): void {
    const key = `${def.id}@${def.version}`;
    if (this.byKey.has(key)) throw new Error(`workflow ${key} is already registered`);
    this.byKey.set(key, def);
    const latest = this.latestByType.get(def.documentType);
    if (latest && latest.id !== def.id) {
      throw new Error(`type ${def.documentType} already follows workflow ${latest.id}, not ${def.id}`);
    }
    if (this.startsNewDocuments(def, latest)) this.latestByType.set(def.documentType, def);
  }

  latestFor(type: DocumentType): WorkflowDefinition {
    const def = this.latestByType.get(type);
    if (!def) throw new Error(`no workflow for document type ${type}`);
    return def;
  }

  get(id: string, version: number): WorkflowDefinition {
    const def = this.byKey.get(`${id}@${version}`);
    if (!def) throw new Error(`workflow ${id}@${version} is not registered`);
    return def;
  }

  all(): WorkflowDefinition[] {
    return [...this.byKey.values()].sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
  }
}
