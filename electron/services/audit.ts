// The audit log: the history table of a campaign, filtered and paged for the screen, and exported as
// .xlsx or CSV. Stored values are turned into what a person reads (points with a decimal comma, "Không
// áp dụng", "Đã chốt") here, once, for every door.

import type { AuditItem, AuditPage } from '../../shared/contract.js';
import { formatPoints } from '../../shared/numbers.js';
import { AuditRepo, type AuditQuery, type AuditRow } from '../repos/audit-repo.js';
import type { Repositories } from '../repos/repositories.js';
import { writeAuditCsv, writeAuditXlsx, type CsvSeparator } from '../workbook/write-audit.js';
import { now, type CampaignService } from './campaigns.js';

export interface AuditFilter {
  unitCode?: string | undefined;
  criterionCode?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const POINT_ACTIONS = new Set(['score.points', 'proposal.points', 'survey.import', 'proposal.import']);
const FLAG_ACTIONS = new Set(['score.notApplicable', 'proposal.notApplicable']);
const STATUS_WORDS: Record<string, string> = { open: 'Đang mở', final: 'Đã chốt' };
const REQUEST_WORDS: Record<string, string> = { open: 'Đang chờ', answered: 'Đã trả lời', closed: 'Đã đóng' };
const MAX_TEXT = 500;

const points = (milli: unknown): string => (typeof milli === 'number' && Number.isFinite(milli) ? formatPoints(milli) : '');

/** One stored value as a person reads it; unknown shapes are shown as stored, shortened. */
export function valueText(action: string, raw: string | null): string {
  if (raw === null || raw === '') return '';
  if (POINT_ACTIONS.has(action)) return /^\d+$/.test(raw) ? formatPoints(Number(raw)) : raw;
  if (FLAG_ACTIONS.has(action)) return raw === 'true' ? 'Không áp dụng' : raw === 'false' ? 'Có áp dụng' : raw;
  if (action === 'campaign.finalize' || action === 'campaign.unlock') return STATUS_WORDS[raw] ?? raw;
  if (action === 'explanation.status' || action === 'explanation.import') return REQUEST_WORDS[raw] ?? (raw === 'withdrawn' ? 'Đã rút' : raw);
  if (action === 'final.decision' || action === 'final.consolidate' || action === 'decide') {
    try {
      const v = JSON.parse(raw) as { points?: unknown; na?: unknown; pointsMilli?: unknown; notApplicable?: unknown };
      if (v.na === true || v.notApplicable === true) return 'Không áp dụng';
      const p = points(v.points ?? v.pointsMilli);
      return p === '' ? '(chưa có điểm)' : p;
    } catch {
      return raw;
    }
  }
  return shorten(readableJson(raw));
}

const shorten = (text: string) => (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + '…' : text);

const KEY_WORDS: Record<string, string> = {
  sets: 'bộ tiêu chí', criteria: 'tiêu chí', units: 'đơn vị', scores: 'dòng điểm', year: 'năm', rows: 'dòng', kind: 'loại', sequence: 'số thứ tự gói',
  member: 'thành viên', applied: 'ô áp dụng', skipped: 'ô bỏ qua', conflicts: 'xung đột', name: 'tên', groupCode: 'mã nhóm',
  policy: 'cách tổng hợp', areas: 'lĩnh vực', reason: 'lý do', fileName: 'tệp', text: 'nội dung',
  files: 'tệp', newFiles: 'tệp mới', round: 'vòng', round1Cells: 'ô giữ kết quả vòng 1', divergenceMilli: 'ngưỡng chênh lệch',
  selfGapMilli: 'ngưỡng chênh lệch với điểm tự đánh giá', memberUid: 'thành viên', uid: 'mã', fingerprint: 'dấu vân tay',
  points: 'điểm', na: 'không áp dụng', size: 'kích thước (byte)', sha256: 'SHA-256', evidenceId: 'mã tài liệu', id: 'mã',
  capIndex: 'giới hạn chỉ số 100%', tieRanking: 'xếp hạng khi bằng nhau',
  added: 'thêm', removed: 'bỏ', changed: 'sửa',
};

/** Stored codes as people say them (the policy, the kind of package or profile). */
const POLICY_WORDS: Record<string, string> = {
  assigned: 'theo thành viên được phân công', mean: 'trung bình các thành viên', median: 'trung vị các thành viên', manual: 'Tổ thư ký quyết định từng ô',
};
const VALUE_WORDS: Record<string, Record<string, string>> = {
  policy: POLICY_WORDS,
  kind: { member: 'gói của thành viên', campaign: 'gói đợt đánh giá', secretariat: 'Tổ thư ký' },
  tieRanking: { competition: '1-2-2-4', dense: '1-1-2' },
};

function valueWords(key: string, v: unknown): string {
  if (typeof v === 'string' && VALUE_WORDS[key]?.[v] !== undefined) return VALUE_WORDS[key][v];
  if (typeof v === 'boolean') return v ? 'có' : 'không';
  if ((key === 'divergenceMilli' || key === 'selfGapMilli' || key === 'points') && typeof v === 'number') return formatPoints(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.length === 0 ? '—' : v.join(', ');
  return typeof v === 'string' || typeof v === 'number' || v === null ? String(v) : JSON.stringify(v);
}

/** A reason the consolidation wrote in code ("chính sách: assigned (vòng 2)") as a sentence. */
export function reasonText(reason: string): string {
  const m = /^chính sách: (assigned|mean|median|manual)( \(vòng 2\))?$/.exec(reason);
  return m ? `Cách tổng hợp: ${POLICY_WORDS[m[1]!]!}${m[2] ?? ''}` : reason;
}

/** {"criteria":115,"units":20} → "tiêu chí: 115; đơn vị: 20"; anything else as stored. */
function readableJson(raw: string): string {
  if (!raw.startsWith('{')) return raw;
  try {
    const value = JSON.parse(raw) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return raw;
    return Object.entries(value)
      .map(([k, v]) => `${Object.prototype.hasOwnProperty.call(KEY_WORDS, k) ? KEY_WORDS[k] : k}: ${valueWords(k, v)}`)
      .join('; ');
  } catch {
    return raw;
  }
}

const SHA = /([0-9a-f]{64})$/;

function toItem(row: AuditRow): AuditItem {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    unitCode: row.unitCode,
    unitName: row.unitName,
    criterionCode: row.criterionCode,
    oldText: valueText(row.action, row.oldValue),
    newText: valueText(row.action, row.newValue),
    reason: reasonText(row.reason),
    source: row.source,
    sourceSha256: row.source.startsWith('package:') || row.source.startsWith('survey:') ? (SHA.exec(row.source)?.[1] ?? '') : '',
  };
}

const iso = (text: string | undefined): string | null => {
  if (text === undefined || text === '') return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

export class AuditService {
  private readonly repo: AuditRepo;
  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
  ) {
    this.repo = new AuditRepo(r.db);
  }

  private query(campaignId: number, f: AuditFilter): AuditQuery {
    return {
      campaignId,
      unitCode: f.unitCode || null,
      criterionCode: f.criterionCode || null,
      actor: f.actor || null,
      action: f.action || null,
      from: iso(f.from),
      to: iso(f.to),
    };
  }

  /** Newest first, one page. */
  list(campaignId: number, filter: AuditFilter, offset: number, limit: number): AuditPage {
    this.campaigns.require(campaignId);
    const { total, rows } = this.repo.paged(this.query(campaignId, filter), offset, limit);
    return { total, offset, limit, items: rows.map(toItem), actors: this.repo.actorsOf(campaignId), actions: this.repo.actionsOf(campaignId) };
  }

  /** Every matching change, oldest first. */
  all(campaignId: number, filter: AuditFilter): AuditItem[] {
    this.campaigns.require(campaignId);
    return this.repo.everything(this.query(campaignId, filter)).map(toItem);
  }

  /** `separator` for CSV; ',' unless asked (the CLI's files stay as they were). */
  exportFile(campaignId: number, filter: AuditFilter, format: 'xlsx' | 'csv', separator: CsvSeparator = ','): { fileName: string; bytes: Buffer } {
    const c = this.campaigns.require(campaignId);
    const items = this.all(campaignId, filter);
    const described = [
      filter.unitCode ? `đơn vị ${filter.unitCode}` : '',
      filter.criterionCode ? `tiêu chí ${filter.criterionCode}` : '',
      filter.actor ? `người thực hiện ${filter.actor}` : '',
      filter.action ? `hành động ${filter.action}` : '',
      filter.from ? `từ ${filter.from}` : '',
      filter.to ? `đến trước ${filter.to}` : '',
    ].filter(Boolean).join(', ');
    const bytes = format === 'csv' ? writeAuditCsv(items, separator) : writeAuditXlsx(items, { campaignName: c.name, filters: described, exportedAt: now() });
    return { fileName: `Nhat-ky-thay-doi-${c.year}${filter.unitCode ? `-${filter.unitCode.replace(/[^\w-]+/g, '-')}` : ''}.${format}`, bytes };
  }
}
