// A campaign's criteria sets as the secretariat manages them: list, copy a whole tree under a new code,
// rename, delete. Group → set assignment stays with the groups (CampaignService.setGroups), which already
// refuses moving a group whose units have scores.

import type { CriteriaSetItem, ParsedInput } from '../../shared/contract.js';
import { SET_CODE_PATTERN, type CriteriaSet } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { Repositories } from '../repos/repositories.js';
import { now, type CampaignService } from './campaigns.js';

export class CriteriaSetService {
  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
  ) {}

  list(campaignId: number): CriteriaSetItem[] {
    const detail = this.campaigns.detail(campaignId);
    const roots = this.r.criteria.list(campaignId).filter((c) => c.parentCode === null);
    return detail.sets.map((s) => ({
      ...s,
      roots: roots.filter((c) => c.setCode === s.code).map((c) => ({ code: c.code, name: c.name, kind: c.kind, maxMilli: c.maxMilli })),
      groups: detail.groups.filter((g) => g.setCode === s.code).map((g) => ({ code: g.code, name: g.name })),
    }));
  }

  /** The new set goes last; its criteria keep the source's codes, order, maxima, kinds and rules. */
  copy(input: ParsedInput<'criteriaSet/copy'>, actor: string): CriteriaSetItem[] {
    const { campaignId } = input;
    this.campaigns.requireOpen(campaignId);
    const sets = this.r.criteria.sets(campaignId);
    const from = this.requireSet(sets, input.from);
    const code = input.code.trim();
    if (!SET_CODE_PATTERN.test(code)) throw new AppError('invalid_input', 'criteriaSet.codeInvalid', { code });
    const taken = sets.find((s) => s.code.toUpperCase() === code.toUpperCase());
    if (taken) throw new AppError('conflict', 'criteriaSet.codeTaken', { code, name: taken.name });
    const name = this.checkName(sets, null, input.name);
    const criteria = this.r.criteria.list(campaignId).filter((c) => c.setCode === from.code).map((c) => ({ ...c, setCode: code }));
    const set: CriteriaSet = { code, name, position: Math.max(0, ...sets.map((s) => s.position)) + 1 };
    this.r.db.transaction(() => {
      this.r.criteria.insertAll(campaignId, [set], criteria);
      this.r.history.append({
        campaignId, at: now(), actor, action: 'criteriaSet.copy', unitCode: null, criterionCode: null,
        oldValue: null, newValue: JSON.stringify({ sets: code, name, criteria: criteria.length }), source: `criteriaSet:${from.code}`,
      });
    })();
    return this.list(campaignId);
  }

  rename(input: ParsedInput<'criteriaSet/rename'>, actor: string): CriteriaSetItem[] {
    const { campaignId } = input;
    this.campaigns.requireOpen(campaignId);
    const sets = this.r.criteria.sets(campaignId);
    const set = this.requireSet(sets, input.code);
    const name = this.checkName(sets, set.code, input.name);
    if (name === set.name) return this.list(campaignId);
    this.r.db.transaction(() => {
      this.r.criteria.setName(campaignId, set.code, name);
      this.r.history.append({
        campaignId, at: now(), actor, action: 'criteriaSet.rename', unitCode: null, criterionCode: null,
        oldValue: JSON.stringify({ sets: set.code, name: set.name }), newValue: JSON.stringify({ sets: set.code, name }),
      });
    })();
    return this.list(campaignId);
  }

  /**
   * A set no group is scored under holds no unit's cells (a cell resolves through its unit's group), so the
   * group check also keeps every scored cell's criteria; assignments to the set's areas go with it.
   */
  delete(input: ParsedInput<'criteriaSet/delete'>, actor: string): CriteriaSetItem[] {
    const { campaignId } = input;
    this.campaigns.requireOpen(campaignId);
    const sets = this.r.criteria.sets(campaignId);
    const set = this.requireSet(sets, input.code);
    if (sets.length === 1) throw new AppError('conflict', 'criteriaSet.last', { name: set.name });
    const users = this.r.groups.list(campaignId).filter((g) => g.setCode === set.code);
    if (users.length > 0) {
      throw new AppError('conflict', 'criteriaSet.inUse', { name: set.name, groups: users.map((g) => g.name).join('", "') });
    }
    const criteria = this.r.criteria.list(campaignId).filter((c) => c.setCode === set.code).length;
    this.r.db.transaction(() => {
      this.r.criteria.deleteSet(campaignId, set.code);
      this.r.history.append({
        campaignId, at: now(), actor, action: 'criteriaSet.delete', unitCode: null, criterionCode: null,
        oldValue: JSON.stringify({ sets: set.code, name: set.name, criteria }), newValue: null,
      });
    })();
    return this.list(campaignId);
  }

  private requireSet(sets: readonly CriteriaSet[], code: string): CriteriaSet {
    const set = sets.find((s) => s.code === code.trim());
    if (!set) throw new AppError('not_found', 'criteriaSet.notFound', { code });
    return set;
  }

  /** Sheet headers tell units' sets apart by name: two sets of one campaign never share one. */
  private checkName(sets: readonly CriteriaSet[], own: string | null, written: string): string {
    const name = written.trim().normalize('NFC');
    if (name === '') throw new AppError('invalid_input', 'criteriaSet.nameMissing');
    const same = sets.find((s) => s.code !== own && s.name.trim().normalize('NFC').toLocaleLowerCase('vi') === name.toLocaleLowerCase('vi'));
    if (same) throw new AppError('conflict', 'criteriaSet.nameTaken', { code: same.code, name });
    return name;
  }
}
