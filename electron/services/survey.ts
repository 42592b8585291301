// Survey (ĐTXHH), bonus and penalty points: the values per unit, the template workbook, and the
// import that validates the whole file and then writes every changed cell in one transaction.
// An imported value is recorded as the secretariat's decision on the cell (like a direct edit on the
// score grid), so consolidation never overwrites it and a later member proposal becomes a conflict.

import { createHash } from 'node:crypto';
import type { SurveyColumn, SurveyImportSummary, SurveyTable } from '../../shared/contract.js';
import type { Repositories } from '../repos/repositories.js';
import { readSurveyWorkbook } from '../workbook/isolated.js';
import { writeSurveyTemplate } from '../workbook/write-survey.js';
import { now, type CampaignService } from './campaigns.js';
import type { ScoringService } from './scoring.js';
import { areaKey } from '../../shared/criteria-sets.js';

export const SURVEY_IMPORT_ACTION = 'survey.import';
export const SURVEY_IMPORT_REASON = 'Nhập kết quả ĐTXHH';

const key = (unitCode: string, criterionCode: string) => `${unitCode}\u0000${criterionCode}`;

export class SurveyService {
  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
    private readonly scoring: ScoringService,
  ) {}

  /** Leaves scored outside the appraisal, in the criteria tree's order. */
  columns(campaignId: number): SurveyColumn[] {
    // Set by set; with several sets a column names its set ("XA:6.1"), since 6.1 may differ between them.
    const model = this.scoring.modelOf(campaignId);
    return model.sets.flatMap((m) =>
      m.tree.leaves
        .filter((n) => n.criterion.kind !== 'appraised')
        .map(({ criterion: c }) => ({ code: areaKey(model, c.setCode, c.code), criterionCode: c.code, setCode: c.setCode, name: c.name, kind: c.kind, maxMilli: c.maxMilli })),
    );
  }

  table(campaignId: number): SurveyTable {
    const c = this.campaigns.require(campaignId);
    const columns = this.columns(campaignId);
    const groups = new Map(this.r.groups.list(campaignId).map((g) => [g.code, g.name]));
    const finals = new Map<string, number | null>();
    for (const s of this.r.scores.listByCampaign(campaignId)) finals.set(key(s.unitCode, s.criterionCode), s.pointsMilli);
    const setOf = this.scoring.setsByUnit(campaignId);
    return {
      campaignId,
      status: c.status,
      columns,
      rows: this.r.units.list(campaignId).map((u) => ({
        unitCode: u.code,
        unitName: u.name,
        groupCode: u.groupCode,
        groupName: groups.get(u.groupCode) ?? u.groupCode,
        values: columns.map((col) => (setOf(u.code)?.set.code === col.setCode ? (finals.get(key(u.code, col.criterionCode)) ?? null) : null)),
      })),
    };
  }

  template(campaignId: number): { fileName: string; bytes: Buffer } {
    const c = this.campaigns.require(campaignId);
    return { fileName: `Diem-DTXHH-thuong-tru-${c.year}.xlsx`, bytes: writeSurveyTemplate(this.table(campaignId), c.name) };
  }

  /** Validates the whole file against the campaign, then writes all of it in one transaction, or nothing. */
  async importWorkbook(campaignId: number, fileName: string, buffer: Uint8Array, actor: string): Promise<SurveyImportSummary> {
    this.campaigns.requireOpen(campaignId);
    const model = this.scoring.modelOf(campaignId);
    const setOf = this.scoring.setsByUnit(campaignId);
    const columns = this.columns(campaignId).map((col) => ({ ...col, rule: model.bySet.get(col.setCode)?.tree.byCode.get(col.criterionCode)?.criterion.rule ?? '' }));
    const units = this.r.units.list(campaignId);
    // Read in the workbook worker; the transaction below starts after it answers.
    const parsed = await readSurveyWorkbook(buffer, {
      unitCodes: new Set(units.map((u) => u.code)),
      columns,
      allCodes: new Set(model.sets.flatMap((m) => m.criteria.map((c) => c.code))),
      unitSets: new Map(units.map((u) => [u.code, setOf(u.code)?.set.code ?? ''])),
    });
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    const source = `survey:${fileName}#${sha256}`;
    let changed = 0;
    let cleared = 0;
    let unchanged = 0;
    const unitsChanged = new Set<string>();
    this.r.db.transaction(() => {
      // Checked again inside the transaction: nothing can finalise the campaign between the check and the write.
      this.campaigns.requireOpen(campaignId);
      const at = now();
      for (const cell of parsed.cells) {
        const before = this.r.scores.get(campaignId, cell.unitCode, cell.criterionCode);
        const old = before?.pointsMilli ?? null;
        if (old === cell.pointsMilli) {
          unchanged++;
          continue;
        }
        this.r.scores.setPoints(campaignId, cell.unitCode, cell.criterionCode, cell.pointsMilli, at);
        this.r.exchange.decide(campaignId, {
          unitCode: cell.unitCode, criterionCode: cell.criterionCode, pointsMilli: cell.pointsMilli, notApplicable: before?.notApplicable ?? false,
          reason: SURVEY_IMPORT_REASON, decidedBy: actor, decidedAt: at,
        });
        this.r.history.append({
          campaignId, at, actor, action: SURVEY_IMPORT_ACTION, unitCode: cell.unitCode, criterionCode: cell.criterionCode,
          oldValue: old === null ? null : String(old), newValue: cell.pointsMilli === null ? null : String(cell.pointsMilli),
          reason: SURVEY_IMPORT_REASON, source,
        });
        changed++;
        if (cell.pointsMilli === null) cleared++;
        unitsChanged.add(cell.unitCode);
      }
    })();
    return { fileName, sha256, changed, cleared, unchanged, units: parsed.units, unitsChanged: unitsChanged.size, table: this.table(campaignId) };
  }
}
