// Who this machine is for. A machine whose own profile (member.is_self) is a council member does the
// member's work only: the secretariat's tools (campaigns, workbooks, members and assignments, final
// scores, decisions, annexes) answer a refusal at the core, whatever door asked. Also the registered
// members as the CLI lists them, and a member named by uid or by exact name.

import type { Method } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { fingerprint } from '../exchange/keys.js';
import type { MemberRecord } from '../repos/member-repo.js';
import { displayArea } from '../../shared/criteria-sets.js';
import type { Repositories } from '../repos/repositories.js';
import { requireCampaign } from './lookups.js';

/** Methods only the secretariat's machine serves (a member's machine gets them through the campaign package). */
export const SECRETARIAT_ONLY: ReadonlySet<Method> = new Set<Method>([
  'campaign/create', 'campaign/update', 'campaign/delete', 'campaign/setGroups', 'campaign/finalize', 'campaign/unlock',
  'criteriaSet/copy', 'criteriaSet/rename', 'criteriaSet/delete', 'criteriaSet/saveTree',
  'unit/save', 'unit/delete', 'workbook/import',
  'member/assign', 'member/recuse', 'identity/register',
  'score/set', 'score/setNotApplicable', 'consolidation/setPolicy', 'consolidation/decide',
  'annex/export', 'signature/signAnnex', 'document/decision', 'document/report',
  'survey/import', 'round/open', 'explanation/importAnswers',
  'previous/import', 'previous/map', 'previous/clear',
  'calendar/set', 'calendar/extend',
]);

export const isMemberMachine = (self: MemberRecord | null | undefined): boolean => self?.kind === 'member';

/** Methods only a unit's machine serves: the unit's own sheet and its writes, its report. */
export const UNIT_ONLY: ReadonlySet<Method> = new Set<Method>([
  'self/set', 'self/setNotApplicable', 'self/setExplanation', 'self/answer', 'self/sheet', 'self/report',
]);

/**
 * What a unit's machine never serves besides the secretariat's tools: a member's work (proposals,
 * requests), registering people, the secretariat's tracker. Its data holds its own unit only.
 */
const NOT_ON_UNIT: ReadonlySet<Method> = new Set<Method>([
  'proposal/set', 'proposal/setReason', 'proposal/setNotApplicable', 'explanation/request', 'explanation/setStatus',
  'member/saveSelf', 'identity/create', 'identity/export', 'identity/unregister', 'unitIdentity/register', 'tracker/get', 'tracker/export',
]);

/** Who this machine works for: its own profile decides (a unit profile, a member's, or the secretariat's / none yet). */
export type MachineRole = 'secretariat' | 'member' | 'unit';

export function machineRole(self: MemberRecord | null | undefined, unitSelfName: string | null): MachineRole {
  if (unitSelfName !== null) return 'unit';
  return isMemberMachine(self) ? 'member' : 'secretariat';
}

/** The refusal a machine answers for a method of another role; null when the call may run. */
export function roleRefusal(method: string, role: MachineRole, name: string): AppError | null {
  const m = method as Method;
  if (role === 'member' && SECRETARIAT_ONLY.has(m)) return new AppError('forbidden', 'roles.secretariatOnly', { name });
  if (role === 'unit' && (SECRETARIAT_ONLY.has(m) || NOT_ON_UNIT.has(m))) return new AppError('forbidden', 'roles.notOnUnit', { name });
  if (role !== 'unit' && UNIT_ONLY.has(m)) return new AppError('forbidden', 'roles.unitOnly');
  return null;
}

/** "Nguyễn Văn An" → "nguyen-van-an": ASCII, so the name survives e-mail, USB sticks and every file system. */
export function personSlug(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'thanh-vien'
  );
}

/** The identity file is named after the person, so the secretariat sees whose it is before opening it. */
export const identityFileName = (name: string): string => `${personSlug(name)}.pub`;

/** A member named by uid, or by exact name (refused when two members share it: then the uid is needed). */
export function resolveMember(r: Repositories, text: string): MemberRecord {
  const byUid = r.members.get(text);
  if (byUid) return byUid;
  const wanted = text.trim().normalize('NFC');
  const named = r.members.list().filter((m) => m.name.normalize('NFC') === wanted);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    throw new AppError('conflict', 'roles.memberNameAmbiguous', { count: named.length, wanted, uids: named.map((m) => m.uid).join(', ') });
  }
  throw new AppError('not_found', 'roles.memberNotFound', { text });
}

export interface RegisteredMember {
  uid: string;
  name: string;
  agency: string;
  fingerprint: string | null;
  /** Assigned areas in the campaign asked about; empty when none (or no campaign). */
  areas: string[];
  units: string[];
}

/** The council members this machine knows (not its own profile), with their areas in one campaign. */
export function registeredMembers(r: Repositories, campaignId: number | null): RegisteredMember[] {
  if (campaignId !== null) requireCampaign(r, campaignId);
  return r.members
    .list()
    .filter((m) => !m.isSelf && m.kind === 'member')
    .map((m) => {
      const a = campaignId === null ? { areas: [], units: [] } : r.members.assignment(campaignId, m.uid);
      const sets = { sets: campaignId === null ? [] : r.criteria.sets(campaignId) };
      return { uid: m.uid, name: m.name, agency: m.agency, fingerprint: m.publicKey ? fingerprint(m.publicKey) : null, areas: a.areas.map((x) => displayArea(sets, x)), units: a.units };
    });
}
