import type { DocumentType } from '../libs/domain/src/types';
import type { WorkflowDefinition } from './shared/workflow-definition';
import { BaoCaoV1 } from './bao-cao/bao-cao.machine';
import { ChiThiV1 } from './chi-thi/chi-thi.machine';
import { CongVanV1 } from './cong-van/cong-van.machine';
import { GiayMoiV1 } from './giay-moi/giay-moi.machine';
import { HuongDanV1 } from './huong-dan/huong-dan.machine';
import { KeHoachV1 } from './ke-hoach/ke-hoach.machine';
import { QuyetDinhV1 } from './quyet-dinh/quyet-dinh.machine';
import { ThongBaoV1 } from './thong-bao/thong-bao.machine';
import { ToTrinhV1 } from './to-trinh/to-trinh.machine';

export const BUILT_IN_WORKFLOWS: readonly WorkflowDefinition[] = [
  KeHoachV1,
  QuyetDinhV1,
  ThongBaoV1,
  BaoCaoV1,
  HuongDanV1,
  ChiThiV1,
  ToTrinhV1,
  GiayMoiV1,
  CongVanV1,
];

/**
 * Every workflow version the code knows. New documents start on the newest
 * version of their type; a document in flight is always stepped with the
 * version it recorded, so older versions stay registered.
 */
export class WorkflowRegistry {
  private readonly byKey = new Map<string, WorkflowDefinition>();
  private readonly latestByType = new Map<DocumentType, WorkflowDefinition>();

  constructor(definitions: readonly WorkflowDefinition[] = BUILT_IN_WORKFLOWS) {
    for (const d of definitions) this.register(d);
  }

  register(def: WorkflowDefinition): void {
    const key = `${def.id}@${def.version}`;
    if (this.byKey.has(key)) throw new Error(`workflow ${key} is already registered`);
    this.byKey.set(key, def);
    const latest = this.latestByType.get(def.documentType);
    if (latest && latest.id !== def.id) {
      throw new Error(`type ${def.documentType} already follows workflow ${latest.id}, not ${def.id}`);
    }
    if (!latest || def.version > latest.version) this.latestByType.set(def.documentType, def);
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
