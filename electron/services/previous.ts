// Year over year: a previous year's published results, matched to this year's units by code, with a
// manual mapping for renamed or merged units.

import type { PreviousResult, Ranking } from '../../shared/calc.js';
import type { ParsedInput, PreviousSummary } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import type { Repositories } from '../repos/repositories.js';
import type { PreviousRow } from '../workbook/read-previous.js';
import { now, type CampaignService } from './campaigns.js';
import { requireUnit } from './lookups.js';

export class PreviousService {
  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
  ) {}

  replace(campaignId: number, rows: PreviousRow[], year: number | null, fileName: string, actor: string): PreviousSummary {
    const c = this.campaigns.require(campaignId);
    const y = year ?? c.year - 1;
    this.r.db.transaction(() => {
      this.r.previous.replace(campaignId, rows, { year: y, fileName, importedAt: now() });
      this.r.history.append({
        campaignId, at: now(), actor, action: 'previous.import', unitCode: null, criterionCode: null,
        oldValue: null, newValue: JSON.stringify({ year: y, rows: rows.length }), source: `workbook:${fileName}`,
      });
    })();
    return this.summary(campaignId);
  }

  /** Current unit code → its previous result (explicit mapping first, else the same code). */
  private matches(campaignId: number): Map<string, PreviousResult> {
    const source = this.r.previous.source(campaignId);
    const out = new Map<string, PreviousResult>();
    if (!source) return out;
    const previous = new Map(this.r.previous.rows(campaignId).map((p) => [p.code, p]));
    const explicit = this.r.previous.mappings(campaignId);
    for (const unit of this.r.units.list(campaignId)) {
      const chosen = explicit.has(unit.code) ? explicit.get(unit.code) : unit.code;
      const p = chosen ? previous.get(chosen) : undefined;
      if (p) out.set(unit.code, { year: source.year, prevCode: p.code, prevName: p.name, indexHundredths: p.indexHundredths, rank: p.rank });
    }
    return out;
  }

  summary(campaignId: number): PreviousSummary {
    this.campaigns.require(campaignId);
    const source = this.r.previous.source(campaignId);
    const previous = this.r.previous.rows(campaignId);
    const explicit = this.r.previous.mappings(campaignId);
    const matches = this.matches(campaignId);
    const used = new Set([...matches.values()].map((m) => m.prevCode));
    return {
      year: source?.year ?? null,
      fileName: source?.fileName ?? null,
      previous,
      units: this.r.units.list(campaignId).map((u) => ({
        unitCode: u.code,
        unitName: u.name,
        prevCode: matches.get(u.code)?.prevCode ?? null,
        explicit: explicit.has(u.code),
      })),
      unmatchedPrevious: previous.filter((p) => !used.has(p.code)).map((p) => ({ code: p.code, name: p.name })),
    };
  }

  map(input: ParsedInput<'previous/map'>, actor: string): PreviousSummary {
    const { campaignId, unitCode, choice } = input;
    this.campaigns.require(campaignId);
    requireUnit(this.r, campaignId, unitCode);
    if (choice.kind === 'unit' && !this.r.previous.rows(campaignId).some((p) => p.code === choice.prevCode)) {
      throw new AppError('not_found', 'previous.unitNotFound', { prevCode: choice.prevCode });
    }
    this.r.db.transaction(() => {
      if (choice.kind === 'auto') this.r.previous.unmap(campaignId, unitCode);
      else this.r.previous.map(campaignId, unitCode, choice.kind === 'none' ? null : choice.prevCode);
      this.r.history.append({
        campaignId, at: now(), actor, action: 'previous.map', unitCode, criterionCode: null,
        oldValue: null, newValue: JSON.stringify(choice),
      });
    })();
    return this.summary(campaignId);
  }

  clear(campaignId: number, actor: string): PreviousSummary {
    this.campaigns.require(campaignId);
    const source = this.r.previous.source(campaignId);
    const rows = this.r.previous.rows(campaignId).length;
    this.r.db.transaction(() => {
      this.r.previous.clear(campaignId);
      // Logged as the import is: what was there (year, file, rows) is what the log keeps.
      if (source || rows > 0) {
        this.r.history.append({
          campaignId, at: now(), actor, action: 'previous.clear', unitCode: null, criterionCode: null,
          oldValue: JSON.stringify({ year: source?.year ?? null, file: source?.fileName ?? null, rows }), newValue: null,
        });
      }
    })();
    return this.summary(campaignId);
  }

  attach(campaignId: number, ranking: Ranking): Ranking {
    const matches = this.matches(campaignId);
    if (matches.size === 0) return ranking;
    return {
      ...ranking,
      groups: ranking.groups.map((g) => ({ ...g, rows: g.rows.map((r) => ({ ...r, previous: matches.get(r.unitCode) ?? null })) })),
    };
  }
}
