// The lookups every service repeats before it acts: find the unit, criterion or member a call names,
// or refuse with the one catalogue message for it (not a copy per service).

import type { CriteriaTree, TreeNode } from '../../shared/calc.js';
import type { Campaign, Unit } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { MemberRecord } from '../repos/member-repo.js';
import type { Repositories } from '../repos/repositories.js';

export function requireCampaign(r: Repositories, campaignId: number): Campaign {
  const c = r.campaigns.get(campaignId);
  if (!c) throw new AppError('not_found', 'campaign.notFound', { campaignId });
  return c;
}

export function requireUnit(r: Repositories, campaignId: number, unitCode: string): Unit {
  const unit = r.units.get(campaignId, unitCode);
  if (!unit) throw new AppError('not_found', 'unit.notFound', { unitCode });
  return unit;
}

export function requireCriterion(tree: CriteriaTree, criterionCode: string): TreeNode {
  const node = tree.byCode.get(criterionCode);
  if (!node) throw new AppError('not_found', 'criterion.notFound', { criterionCode });
  return node;
}

export function requireMember(r: Repositories, uid: string): MemberRecord {
  const member = r.members.get(uid);
  if (!member) throw new AppError('not_found', 'member.notFound', { member: uid });
  return member;
}
