// A campaign's criteria sets as the secretariat manages them: list, copy a whole tree under a new code,
// rename, delete. Group → set assignment stays with the groups (CampaignService.setGroups), which already
// refuses moving a group whose units have scores.

import { orderCriteria, validateContent } from '../../shared/content-rules.js';
import type { CriteriaSetItem, CriteriaSetTree, CriteriaTreeSaved, EditableCriterion, ParsedInput } from '../../shared/contract.js';
import { CRITERION_CODE_PATTERN, parentCodeOf, SET_CODE_PATTERN, type CriteriaSet, type Criterion } from '../../shared/domain.js';
import { AppError, renderMessage, type ImportIssue } from '../../shared/errors.js';
import { COLUMNS, SHEETS } from '../../shared/workbook-format.js';
import type { Repositories } from '../repos/repositories.js';
import { now, type CampaignService } from './campaigns.js';
import { criteriaFingerprint } from './exchange.js';

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

  /** A set's tree as the editor shows it, and why it cannot change (if so). */
  tree(campaignId: number, code: string): CriteriaSetTree {
    this.campaigns.require(campaignId);
    const set = this.requireSet(this.r.criteria.sets(campaignId), code);
    const criteria = this.r.criteria.list(campaignId).filter((c) => c.setCode === set.code).map(editable);
    return { code: set.code, name: set.name, criteria, blocked: this.blockedReason(campaignId, set)?.message ?? null };
  }

  /**
   * Replaces a set's tree with the one the editor sends. A code is the criterion's place (1.2.3 is a child of
   * 1.2), so a move is a new code: the old one goes, with what hung on it. Checked with the workbook's rules;
   * refused while the council has worked on a unit scored under the set (its cells would change meaning),
   * and when a removed code still carries a unit's own input. One transaction, one history row.
   */
  saveTree(input: ParsedInput<'criteriaSet/saveTree'>, actor: string): CriteriaTreeSaved {
    const { campaignId } = input;
    this.campaigns.requireOpen(campaignId);
    const sets = this.r.criteria.sets(campaignId);
    const set = this.requireSet(sets, input.code);
    const all = this.r.criteria.list(campaignId);
    const before = all.filter((c) => c.setCode === set.code);
    const after = this.normalise(set.code, input.criteria);
    const others = all.filter((c) => c.setCode !== set.code);
    const issues = validateContent({ name: '', year: 0, issuer: '', decisionNo: '', decisionDate: '', sets, criteria: [...others, ...after], groups: [], units: [], scores: [] })
      .filter((i) => i.sheet === SHEETS.criteria.name);
    if (issues.length > 0) throw invalidTree(issues);

    const old = new Map(before.map((c) => [c.code, c]));
    const kept = new Set(after.map((c) => c.code));
    const added = after.filter((c) => !old.has(c.code)).map((c) => c.code);
    const removed = before.filter((c) => !kept.has(c.code)).map((c) => c.code);
    const changed = after.filter((c) => old.has(c.code) && !sameCriterion(old.get(c.code)!, c)).map((c) => c.code);
    const moved = after.filter((c) => old.has(c.code) && old.get(c.code)!.position !== c.position);
    if (added.length + removed.length + changed.length + moved.length === 0) {
      return { sets: this.list(campaignId), tree: this.tree(campaignId, set.code), changes: { added, removed, changed }, fingerprintChanged: false };
    }
    const blocked = this.blockedReason(campaignId, set);
    if (blocked) throw blocked;
    const orphan = this.r.criteria.unitWorkAt(campaignId, set.code, removed);
    if (orphan) throw new AppError('conflict', 'criteriaSet.treeCellWork', { criterionCode: orphan.criterionCode, name: set.name, unit: orphan.unitName });

    this.r.db.transaction(() => {
      replaceSetTree(this.r, campaignId, set.code, before, after);
      this.r.history.append({
        campaignId, at: now(), actor, action: 'criteriaSet.editTree', unitCode: null, criterionCode: null,
        oldValue: JSON.stringify({ sets: set.code, criteria: before.length, removed, changed }),
        newValue: JSON.stringify({ sets: set.code, criteria: after.length, added, changed }),
      });
    })();
    const fingerprintChanged = criteriaFingerprint(all) !== criteriaFingerprint(this.r.criteria.list(campaignId));
    return { sets: this.list(campaignId), tree: this.tree(campaignId, set.code), changes: { added, removed, changed }, fingerprintChanged };
  }

  /** The refusal a tree edit meets while the council has worked on a unit scored under the set, or null. */
  private blockedReason(campaignId: number, set: CriteriaSet): AppError | null {
    const work = this.r.criteria.councilWork(campaignId, set.code);
    if (!work) return null;
    const params = { name: set.name, unit: work.unitName, group: work.groupName };
    if (work.what === 'score') return new AppError('conflict', 'criteriaSet.treeScored', params);
    if (work.what === 'proposal') return new AppError('conflict', 'criteriaSet.treeProposed', params);
    return new AppError('conflict', 'criteriaSet.treeDecided', params);
  }

  /** The editor's rows as criteria: trimmed, parents from codes, a child's kind its area's, numbered in code order. */
  private normalise(setCode: string, rows: readonly EditableCriterion[]): Criterion[] {
    const issues: ImportIssue[] = [];
    rows.forEach((row, i) => {
      if (!CRITERION_CODE_PATTERN.test(row.code)) {
        issues.push({ sheet: SHEETS.criteria.name, row: i + 1, column: COLUMNS.criteria.code.header, message: renderMessage('criteriaSet.codeFormat', { criterionCode: row.code }) });
      }
    });
    if (issues.length > 0) throw invalidTree(issues);
    const rootKind = new Map(rows.filter((r) => !r.code.includes('.')).map((r) => [r.code, r.kind]));
    const criteria = rows.map((row, i): Criterion => ({
      setCode,
      code: row.code,
      parentCode: parentCodeOf(row.code),
      name: row.name.normalize('NFC'),
      maxMilli: row.maxMilli,
      kind: rootKind.get(row.code.split('.')[0]!) ?? row.kind,
      rule: row.rule.normalize('NFC'),
      position: i + 1,
      ...(row.naAllowed ? {} : { naAllowed: false }),
    }));
    return orderCriteria(criteria, [setCode]);
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

/**
 * Writes a set's new tree over its old one in place: removed codes go (a removed parent takes its removed
 * children), kept codes are updated, new ones inserted parents first. Assignments to surviving areas stay.
 * The caller holds the transaction and has checked that nothing hangs on a removed code.
 */
export function replaceSetTree(r: Repositories, campaignId: number, setCode: string, before: readonly Criterion[], after: readonly Criterion[]): void {
  const old = new Map(before.map((c) => [c.code, c]));
  const kept = new Set(after.map((c) => c.code));
  const removed = before.filter((c) => !kept.has(c.code)).map((c) => c.code);
  r.criteria.deleteCriteria(campaignId, setCode, removed.filter((code) => !removed.includes(parentCodeOf(code) ?? '')));
  for (const c of after) if (old.has(c.code)) r.criteria.update(campaignId, c);
  r.criteria.insertCriteria(campaignId, after.filter((c) => !old.has(c.code)));
}

/**
 * Applies the trees a package brought (`plannedTreeUpdates`), inside the import's transaction, each logged
 * as the package's; returns the note to show, or null when nothing changed.
 */
export function applyTreeUpdates(
  r: Repositories, campaignId: number, updates: ReadonlyArray<{ setCode: string; before: Criterion[]; after: Criterion[] }>, log: { actor: string; at: string; source: string },
): string | null {
  for (const u of updates) {
    replaceSetTree(r, campaignId, u.setCode, u.before, u.after);
    r.history.append({ campaignId, at: log.at, actor: log.actor, action: 'criteriaSet.editTree', unitCode: null, criterionCode: null, oldValue: JSON.stringify({ sets: u.setCode, criteria: u.before.length }), newValue: JSON.stringify({ sets: u.setCode, criteria: u.after.length }), source: log.source });
  }
  return updates.length === 0 ? null : `Tổ thư ký đã sửa bộ tiêu chí ${updates.map((u) => u.setCode).join(', ')}: máy này dùng bộ tiêu chí mới.`;
}

/**
 * A campaign package whose criteria differ from this machine's copy (the secretariat edited a set's tree):
 * the sets whose trees changed, to replace in the import's transaction — or the refusal, when the sets
 * themselves differ, or when this machine has its own work (`hasWork`) on a unit scored under a changed set.
 */
export function plannedTreeUpdates(
  r: Repositories, campaignId: number, campaignName: string, incoming: readonly Criterion[], hasWork: (setCode: string) => boolean,
): Array<{ setCode: string; before: Criterion[]; after: Criterion[] }> {
  const local = r.criteria.list(campaignId);
  const setsOf = (list: readonly Criterion[]) => [...new Set(list.map((c) => c.setCode))].sort().join(',');
  if (setsOf(local) !== setsOf(incoming)) throw new AppError('import_invalid', 'exchange.criteriaMismatch', { name: campaignName });
  const updates: Array<{ setCode: string; before: Criterion[]; after: Criterion[] }> = [];
  for (const setCode of new Set(incoming.map((c) => c.setCode))) {
    const before = local.filter((c) => c.setCode === setCode);
    const after = incoming.filter((c) => c.setCode === setCode);
    if (criteriaFingerprint(before) === criteriaFingerprint(after)) continue;
    if (hasWork(setCode)) throw new AppError('import_invalid', 'exchange.criteriaChangedWithWork', { name: campaignName, setCode });
    updates.push({ setCode, before, after });
  }
  return updates;
}

function editable(c: Criterion): EditableCriterion {
  return { code: c.code, name: c.name, maxMilli: c.maxMilli, kind: c.kind, rule: c.rule, naAllowed: c.naAllowed !== false };
}

function sameCriterion(a: Criterion, b: Criterion): boolean {
  return a.name === b.name && a.maxMilli === b.maxMilli && a.kind === b.kind && a.rule === b.rule && (a.naAllowed !== false) === (b.naAllowed !== false);
}

function invalidTree(issues: ImportIssue[]): AppError {
  return new AppError('invalid_input', 'criteriaSet.treeInvalid', { problems: issues.map((i) => i.message).join(' ') }, issues);
}
