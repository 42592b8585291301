// A campaign's criteria sets as the services use them: each set's tree built once, and the set each
// group is scored under. Every cell (unit, criterion code) resolves through the unit's group: the same
// code may mean different criteria in two sets.

import { buildTree, compileTree, criteriaBySet, type CompiledTree, type CriteriaTree } from './calc.js';
import type { CriteriaSet, Criterion, UnitGroup } from './domain.js';

export interface SetModel {
  set: CriteriaSet;
  criteria: Criterion[];
  tree: CriteriaTree;
  compiled: CompiledTree;
}

export interface CriteriaModel {
  /** In set order. */
  sets: SetModel[];
  bySet: ReadonlyMap<string, SetModel>;
  /** Group code → set code. */
  setOfGroup: ReadonlyMap<string, string>;
}

export function criteriaModel(sets: readonly CriteriaSet[], criteria: readonly Criterion[], groups: readonly Pick<UnitGroup, 'code' | 'setCode'>[]): CriteriaModel {
  const lists = criteriaBySet(criteria);
  const models = [...sets].sort((a, b) => a.position - b.position).map((set): SetModel => {
    const list = lists.get(set.code) ?? [];
    const tree = buildTree(list);
    return { set, criteria: list, tree, compiled: compileTree(tree) };
  });
  return { sets: models, bySet: new Map(models.map((m) => [m.set.code, m])), setOfGroup: new Map(groups.map((g) => [g.code, g.setCode])) };
}

/** The set a group is scored under; undefined for an unknown group or set. */
export function setOfGroup(model: CriteriaModel, groupCode: string): SetModel | undefined {
  const code = model.setOfGroup.get(groupCode);
  return code === undefined ? undefined : model.bySet.get(code);
}

/**
 * An area as assignments name it. With one set the area code alone ("3"), as always; with several, the
 * set's code and the area's ("XA:3"), since area 3 of one set is not area 3 of the other.
 */
export function areaKey(model: { sets: readonly unknown[] }, setCode: string, areaCode: string): string {
  return model.sets.length > 1 ? `${setCode}:${areaCode}` : areaCode;
}

/**
 * Resolves an area as a person writes it: "XA:3" is area 3 of set XA; a bare "3" is area 3 of every set
 * that has one. Empty when nothing matches.
 */
export function resolveArea(model: Pick<CriteriaModel, 'sets'>, written: string): Array<{ setCode: string; areaCode: string }> {
  const at = written.indexOf(':');
  const setCode = at < 0 ? null : written.slice(0, at).trim();
  const areaCode = (at < 0 ? written : written.slice(at + 1)).trim();
  return model.sets
    .filter((m) => (setCode === null || m.set.code === setCode) && m.tree.roots.some((r) => r.criterion.code === areaCode))
    .map((m) => ({ setCode: m.set.code, areaCode }));
}

/** "SET:area", as assignments are stored and scopes compare them. */
export function qualifiedArea(setCode: string, areaCode: string): string {
  return `${setCode}:${areaCode}`;
}

/** A stored "SET:area" as a person sees it (see `areaKey`). */
export function displayArea(model: { sets: readonly unknown[] }, qualified: string): string {
  const at = qualified.indexOf(':');
  return areaKey(model, qualified.slice(0, at), qualified.slice(at + 1));
}

/** Areas as written (bare or "SET:area") to stored "SET:area" keys; `unknown` is the first that matches nothing. */
export function qualifyAreas(model: Pick<CriteriaModel, 'sets'>, written: readonly string[]): { areas: string[]; unknown: string | null } {
  const areas = new Set<string>();
  for (const w of written) {
    const found = resolveArea(model, w);
    if (found.length === 0) return { areas: [], unknown: w };
    for (const f of found) areas.add(qualifiedArea(f.setCode, f.areaCode));
  }
  return { areas: [...areas], unknown: null };
}
