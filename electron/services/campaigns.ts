// Campaign use cases: create (from the bundled set or a previous campaign), import and export
// campaign content, groups and bands, units. Each write is one transaction.

import { randomUUID } from 'node:crypto';
import { validateContent } from '../../shared/content-rules.js';
import { leafProgressOf, scoreTableOf } from '../../shared/calc.js';
import { criteriaModel } from '../../shared/criteria-sets.js';
import { SHEETS } from '../../shared/workbook-format.js';
import type { CampaignDetail, CampaignSummary, ParsedInput, UnitListItem } from '../../shared/contract.js';
import { DEFAULT_INDEX_RULES, DEFAULT_SET, isMeasured, type Campaign, type CampaignContent, type IndexRules, type UnitGroup } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { bundledCriteria } from '../demo/bundled-criteria.js';
import { DEMO_GROUPS } from '../demo/demo-campaign.js';
import type { Repositories } from '../repos/repositories.js';
import { requireCampaign, requireUnit } from './lookups.js';

export const now = (): string => new Date().toISOString();

export class CampaignService {
  constructor(private readonly r: Repositories) {}

  list(): CampaignSummary[] {
    // A unit's machine lists the campaigns its unit packages brought, not the demo seeded on first start
    // (its 20 units are none of the unit's business, and its sheet would refuse the unit's code).
    const unitMachine = this.r.unitIdentities.self() !== undefined;
    const campaigns = this.r.campaigns.list().filter((c) => !unitMachine || this.r.exchange.receivedBy(c.id, 'unit-campaign').size > 0);
    return campaigns.map((c) => {
      const n = this.r.campaigns.counted(c.id);
      return { ...c, unitCount: n.units, groupCount: n.groups };
    });
  }

  require(campaignId: number): Campaign {
    return requireCampaign(this.r, campaignId);
  }

  requireOpen(campaignId: number): Campaign {
    return this.checkOpen(this.require(campaignId));
  }

  /** The campaign (open, when asked) and its current round, from one read: what a grid edit starts with. */
  requireWithRound(campaignId: number, open: boolean): { campaign: Campaign; round: 1 | 2 } {
    const found = this.r.campaigns.getWithRound(campaignId);
    if (!found) throw new AppError('not_found', 'campaign.notFound', { campaignId });
    if (open) this.checkOpen(found.campaign);
    return found;
  }

  private checkOpen(c: Campaign): Campaign {
    if (c.status === 'final') {
      throw new AppError('locked', 'campaign.locked', { name: c.name });
    }
    return c;
  }

  /** The campaign a command means when none is named: the most recently created. */
  defaultCampaignId(): number {
    const all = this.r.campaigns.list().sort((a, b) => b.id - a.id);
    const first = all[0];
    if (!first) throw new AppError('not_found', 'campaign.none');
    return first.id;
  }

  detail(campaignId: number): CampaignDetail {
    const campaign = this.require(campaignId);
    const model = criteriaModel(this.r.criteria.sets(campaignId), this.r.criteria.list(campaignId), []);
    const units = this.r.units.list(campaignId);
    return {
      campaign,
      groups: this.r.groups.list(campaignId).map((g) => ({
        code: g.code,
        name: g.name,
        setCode: g.setCode,
        ranked: g.ranked,
        bands: g.bands,
        unitCount: units.filter((u) => u.groupCode === g.code).length,
      })),
      sets: model.sets.map(({ set, criteria, tree }) => ({
        code: set.code,
        name: set.name,
        areas: tree.areas.map((a) => ({ code: a.criterion.code, name: a.criterion.name, maxMilli: a.criterion.maxMilli })),
        criteriaCount: criteria.length,
        leafCount: tree.leaves.length,
        maxMilli: tree.roots.filter((r) => isMeasured(r.criterion.kind)).reduce((sum, r) => sum + r.criterion.maxMilli, 0),
      })),
    };
  }

  /** Writes validated content as a new campaign, in one transaction. */
  insertContent(content: CampaignContent, actor: string, source: string, uid: string = randomUUID()): number {
    const issues = validateContent(content);
    if (issues.length > 0) throw new AppError('import_invalid', 'campaign.contentInvalid', {}, issues);
    const at = now();
    return this.r.db.transaction(() => {
      const id = this.r.campaigns.insert({
        uid,
        name: content.name,
        year: content.year,
        issuer: content.issuer,
        decisionNo: content.decisionNo,
        decisionDate: content.decisionDate,
        createdAt: at,
      });
      if (content.indexRules && !sameRules(content.indexRules, DEFAULT_INDEX_RULES)) this.r.campaigns.setIndexRules(id, content.indexRules);
      this.r.criteria.insertAll(id, content.sets, content.criteria);
      this.r.groups.insertAll(id, content.groups);
      this.r.units.insertAll(id, content.units);
      this.r.scores.insertAll(id, content.scores, at);
      this.r.history.append({
        campaignId: id, at, actor, action: 'campaign.create', unitCode: null, criterionCode: null,
        oldValue: null, newValue: JSON.stringify({ sets: content.sets.length, criteria: content.criteria.length, units: content.units.length, scores: content.scores.length }), source,
      });
      return id;
    })();
  }

  /**
   * A workbook imported again would make a second campaign under the same name, which nobody can tell
   * apart in the selector: refused unless asked for a copy, which then gets the first free "(2)", "(3)"….
   */
  importWorkbookContent(content: CampaignContent, actor: string, source: string, asCopy: boolean): { campaignId: number; name: string } {
    const taken = new Set(this.r.campaigns.list().filter((c) => c.year === content.year).map((c) => c.name.trim().normalize('NFC')));
    const name = content.name.trim().normalize('NFC');
    if (!taken.has(name)) return { campaignId: this.insertContent(content, actor, source), name: content.name };
    if (!asCopy) {
      throw new AppError('conflict', 'campaign.alreadyImported', { name: content.name, year: content.year });
    }
    let n = 2;
    while (taken.has(`${name} (${n})`)) n++;
    const copyName = `${content.name} (${n})`;
    return { campaignId: this.insertContent({ ...content, name: copyName }, actor, source), name: copyName };
  }

  byUid(uid: string): Campaign | undefined {
    return this.r.campaigns.list().find((c) => c.uid === uid);
  }

  content(campaignId: number): CampaignContent {
    const c = this.require(campaignId);
    return {
      name: c.name,
      year: c.year,
      issuer: c.issuer,
      decisionNo: c.decisionNo,
      decisionDate: c.decisionDate,
      indexRules: c.indexRules,
      sets: this.r.criteria.sets(campaignId),
      criteria: this.r.criteria.list(campaignId),
      groups: this.r.groups.list(campaignId),
      units: this.r.units.list(campaignId),
      scores: this.r.scores.listByCampaign(campaignId),
    };
  }

  create(input: ParsedInput<'campaign/create'>, actor: string): Campaign {
    const base = { name: input.name, year: input.year, issuer: input.issuer, decisionNo: '', decisionDate: '', scores: [] };
    let content: CampaignContent;
    if (input.template.kind === 'bundled') {
      content = { ...base, sets: [{ ...DEFAULT_SET }], criteria: bundledCriteria(), groups: DEMO_GROUPS, units: [] };
    } else {
      const from = this.content(input.template.campaignId);
      content = { ...base, indexRules: from.indexRules, sets: from.sets, criteria: from.criteria, groups: from.groups, units: input.template.copyUnits ? from.units : [] };
    }
    return this.require(this.insertContent(content, actor, 'campaign/create'));
  }

  update(input: ParsedInput<'campaign/update'>, actor: string): Campaign {
    const c = this.require(input.campaignId);
    const next: Campaign = {
      ...c,
      name: input.name ?? c.name,
      year: input.year ?? c.year,
      issuer: input.issuer ?? c.issuer,
      decisionNo: input.decisionNo ?? c.decisionNo,
      decisionDate: input.decisionDate ?? c.decisionDate,
      indexRules: input.indexRules ?? c.indexRules,
    };
    const rulesChanged = !sameRules(next.indexRules, c.indexRules);
    const detailsChanged = (['name', 'year', 'issuer', 'decisionNo', 'decisionDate'] as const).some((k) => next[k] !== c[k]);
    // The rules decide every published index and rank: changing them is refused once results are final.
    if (rulesChanged) this.requireOpen(c.id);
    this.r.db.transaction(() => {
      this.r.campaigns.update(next);
      if (rulesChanged) {
        this.r.campaigns.setIndexRules(c.id, next.indexRules);
        this.r.history.append({
          campaignId: c.id, at: now(), actor, action: 'campaign.indexRules', unitCode: null, criterionCode: null,
          oldValue: JSON.stringify(c.indexRules), newValue: JSON.stringify(next.indexRules),
        });
      }
      if (detailsChanged || !rulesChanged) {
        this.r.history.append({
          campaignId: c.id, at: now(), actor, action: 'campaign.update', unitCode: null, criterionCode: null,
          oldValue: JSON.stringify(c), newValue: JSON.stringify(next),
        });
      }
    })();
    return next;
  }

  delete(campaignId: number): void {
    this.require(campaignId);
    this.r.db.transaction(() => this.r.campaigns.delete(campaignId))();
  }

  setGroups(input: ParsedInput<'campaign/setGroups'>, actor: string): CampaignDetail {
    this.requireOpen(input.campaignId);
    const before = this.content(input.campaignId);
    const setOf = new Map(before.groups.map((g) => [g.code, g.setCode]));
    const firstSet = before.sets[0]?.code ?? DEFAULT_SET.code;
    const groups: UnitGroup[] = input.groups.map((g, i) => ({ ...g, setCode: g.setCode ?? setOf.get(g.code) ?? firstSet, position: i + 1 }));
    const content = { ...before, groups };
    // Moving a group to another set would re-read its units' scores under other criteria: refused once
    // the group's units have any score (the codes would silently mean other criteria).
    // The scored units are gathered once: a campaign holds up to 300,000 score rows.
    const moved = groups.filter((g) => setOf.has(g.code) && setOf.get(g.code) !== g.setCode);
    const withScores = moved.length > 0 ? new Set(before.scores.map((s) => s.unitCode)) : new Set<string>();
    for (const g of moved) {
      const scored = before.units.find((u) => u.groupCode === g.code && withScores.has(u.code));
      if (scored) throw new AppError('conflict', 'campaign.groupSetScored', { groupCode: g.code, name: scored.name });
    }
    const kept = new Set(groups.map((g) => g.code));
    const orphan = content.units.find((u) => !kept.has(u.groupCode));
    if (orphan) {
      throw new AppError('conflict', 'campaign.groupInUse', { groupCode: orphan.groupCode, name: orphan.name });
    }
    const issues = validateContent({ ...content, scores: [] }).filter((i) => i.sheet === SHEETS.groups.name);
    if (issues.length > 0) {
      throw new AppError('invalid_input', 'campaign.groupsInvalid', { problems: issues.map((i) => i.message).join(' ') }, issues);
    }
    this.r.db.transaction(() => {
      this.r.groups.replaceAll(input.campaignId, groups);
      this.r.history.append({
        campaignId: input.campaignId, at: now(), actor, action: 'groups.set', unitCode: null, criterionCode: null,
        oldValue: null, newValue: JSON.stringify(groups),
      });
    })();
    return this.detail(input.campaignId);
  }

  saveUnit(input: ParsedInput<'unit/save'>, actor: string): void {
    this.requireOpen(input.campaignId);
    const groups = new Set(this.r.groups.list(input.campaignId).map((g) => g.code));
    if (!groups.has(input.groupCode)) throw new AppError('invalid_input', 'campaign.groupNotFound', { groupCode: input.groupCode });
    const clash = this.r.units.get(input.campaignId, input.code);
    this.r.db.transaction(() => {
      if (input.originalCode === null) {
        if (clash) throw new AppError('conflict', 'unit.codeTaken', { code: input.code, name: clash.name });
        this.r.units.insertAll(input.campaignId, [
          { code: input.code, name: input.name, groupCode: input.groupCode, position: this.r.units.nextPosition(input.campaignId) },
        ]);
      } else {
        requireUnit(this.r, input.campaignId, input.originalCode);
        if (clash && input.code !== input.originalCode) throw new AppError('conflict', 'unit.codeTaken', { code: input.code, name: clash.name });
        this.r.units.update(input.campaignId, input.originalCode, input);
      }
      this.r.history.append({
        campaignId: input.campaignId, at: now(), actor, action: 'unit.save', unitCode: input.code, criterionCode: null,
        oldValue: input.originalCode, newValue: JSON.stringify({ name: input.name, groupCode: input.groupCode }),
      });
    })();
  }

  deleteUnit(campaignId: number, code: string, actor: string): void {
    this.requireOpen(campaignId);
    const unit = requireUnit(this.r, campaignId, code);
    this.r.db.transaction(() => {
      this.r.units.delete(campaignId, code);
      this.r.history.append({
        campaignId, at: now(), actor, action: 'unit.delete', unitCode: code, criterionCode: null,
        oldValue: JSON.stringify(unit), newValue: null,
      });
    })();
  }

  unitList(campaignId: number): UnitListItem[] {
    this.require(campaignId);
    const groups = this.r.groups.list(campaignId);
    const model = criteriaModel(this.r.criteria.sets(campaignId), this.r.criteria.list(campaignId), groups);
    const groupNames = new Map(groups.map((g) => [g.code, g.name]));
    // 3,000 units × 100 leaves is 300,000 rows: SQLite counts them, per set (a code of one set is not a
    // leaf of the other); only a unit with a not-applicable mark (rare) is walked through its tree.
    const counts = new Map(model.sets.map((m) => [m.set.code, this.r.scores.progressCounts(campaignId, m.tree.leaves.map((l) => l.criterion.code))]));
    return this.r.units.list(campaignId).map((u) => {
      const setCode = model.setOfGroup.get(u.groupCode);
      const set = setCode === undefined ? undefined : model.bySet.get(setCode);
      const count = setCode === undefined ? undefined : counts.get(setCode);
      const base = { ...u, groupName: groupNames.get(u.groupCode) ?? u.groupCode };
      if (!set || !count) return { ...base, scoredLeaves: 0, totalLeaves: 0 };
      return {
        ...base,
        ...(count.withNotApplicable.has(u.code)
          ? leafProgressOf(set.compiled, scoreTableOf(set.compiled, [u], this.r.scores.listByUnit(campaignId, u.code)), 0)
          : { scoredLeaves: count.scored.get(u.code) ?? 0, totalLeaves: set.tree.leaves.length }),
      };
    });
  }
}

function sameRules(a: IndexRules, b: IndexRules): boolean {
  return a.capIndex === b.capIndex && a.tieRanking === b.tieRanking;
}

