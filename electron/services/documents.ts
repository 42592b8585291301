// The documents around the annexes, as .docx the secretariat edits: the draft decision and the
// appraisal council's report. Both read the ranking the annexes print (with the previous year attached).

import type { FilePayload } from '../../shared/contract.js';
import type { DecisionInfo } from '../annex/build.js';
import { missingLines } from '../annex/build.js';
import { decisionDocument, writeDecision } from '../documents/decision.js';
import { reportFigures } from '../documents/figures.js';
import { writeReport } from '../documents/report.js';
import type { CampaignService } from './campaigns.js';
import type { PreviousService } from './previous.js';
import type { ScoringService } from './scoring.js';

export type DocumentKind = 'decision' | 'report';

/** ASCII names, as the annexes': "Du-thao-Quyet-dinh-CCHC-2025.docx", "Bao-cao-tham-dinh-CCHC-2025.docx". */
export function documentFileName(kind: DocumentKind, year: number): string {
  return `${kind === 'decision' ? 'Du-thao-Quyet-dinh' : 'Bao-cao-tham-dinh'}-CCHC-${year}.docx`;
}

export class DocumentService {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly scoring: ScoringService,
    private readonly previous: PreviousService,
  ) {}

  /** The draft decision; number, date and issuer default to the campaign's (as `annex/export`). */
  async decision(campaignId: number, opts: Partial<DecisionInfo> = {}): Promise<Buffer> {
    const c = this.campaigns.require(campaignId);
    const info: DecisionInfo = {
      decisionNo: opts.decisionNo ?? c.decisionNo,
      decisionDate: opts.decisionDate ?? c.decisionDate,
      issuer: opts.issuer ?? c.issuer,
    };
    const setNames = new Map(this.scoring.modelOf(campaignId).sets.map((x) => [x.set.code, x.set.name]));
    return writeDecision(decisionDocument(c, this.scoring.ranking(campaignId), info, setNames));
  }

  async report(campaignId: number, opts: Pick<Partial<DecisionInfo>, 'issuer'> = {}): Promise<Buffer> {
    const c = this.campaigns.require(campaignId);
    const ranking = this.previous.attach(campaignId, this.scoring.ranking(campaignId));
    return writeReport({ year: c.year, issuer: opts.issuer ?? c.issuer, figures: reportFigures(ranking), missing: missingLines(ranking) });
  }

  /** Either document as the contract returns files. */
  async file(kind: DocumentKind, campaignId: number, opts: Partial<DecisionInfo> = {}): Promise<FilePayload> {
    const year = this.campaigns.require(campaignId).year;
    const buffer = kind === 'decision' ? await this.decision(campaignId, opts) : await this.report(campaignId, opts);
    return { fileName: documentFileName(kind, year), contentBase64: buffer.toString('base64') };
  }
}
