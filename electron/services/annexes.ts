// The decision annexes (Phụ lục I, II, III): one place builds them from the campaign, writes them as
// xlsx or PDF and names the file, for every caller (annex export, signing an annex, the CLI through
// the contract), so the three can never drift apart.

import type { Services } from '../core/app.js';
import { buildAnnexes, type DecisionInfo } from '../annex/build.js';
import { type AnnexNumber, type AnnexSet } from '../annex/model.js';
import { readSnapshot } from '../db/database.js';
import { writeAnnexPdfFile } from '../annex/pdf.js';
import { writeAnnexXlsxFile } from '../annex/xlsx.js';

export type AnnexChoice = AnnexNumber | 'all';
export type AnnexFormat = 'xlsx' | 'pdf';

/** The decision details an export may give instead of the campaign's own (absent: the campaign's). */
export interface DecisionOverride {
  decisionNo?: string | undefined;
  decisionDate?: string | undefined;
  issuer?: string | undefined;
}

/** "Phu-luc-I-xep-hang-CCHC-2025.xlsx": ASCII names survive e-mail and USB sticks. */
export function annexFileName(annex: AnnexChoice, year: number, format: AnnexFormat): string {
  const part = { I: 'Phu-luc-I-xep-hang', II: 'Phu-luc-II-chi-so-thanh-phan', III: 'Phu-luc-III-diem-tung-don-vi', all: 'Phu-luc-I-II-III' }[annex];
  return `${part}-CCHC-${year}.${format}`;
}

/** Progress (done of total rows or pages) and cancel for a streamed annex. */
export interface AnnexFileOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export class AnnexService {
  /** The services the annex model reads (campaign, ranking, unit sheets); a getter, as they are built together. */
  constructor(private readonly services: () => Services) {}

  /** The annexes, Phụ lục III's unit sheets read only as a writer reaches them (see AnnexUnits). */
  build(campaignId: number, which: AnnexChoice, decision: DecisionOverride = {}): AnnexSet {
    const numbers: AnnexNumber[] = which === 'all' ? ['I', 'II', 'III'] : [which];
    const override: Partial<DecisionInfo> = {};
    if (decision.decisionNo !== undefined) override.decisionNo = decision.decisionNo;
    if (decision.decisionDate !== undefined) override.decisionDate = decision.decisionDate;
    if (decision.issuer !== undefined) override.issuer = decision.issuer;
    return buildAnnexes(this.services(), campaignId, numbers, override);
  }

  /**
   * build + write straight to `outPath` (streamed, bounded memory, `<outPath>.part` renamed at the end; a
   * cancel leaves nothing behind), as the job worker runs `annex/export` on its own connection. Units are
   * read one at a time while the file is written, all inside one read snapshot: the ranking, the page count
   * and every unit's pages come from the same data whatever the app saves meanwhile.
   */
  async writeFile(
    campaignId: number,
    which: AnnexChoice,
    format: AnnexFormat,
    decision: DecisionOverride,
    outPath: string,
    options: AnnexFileOptions = {},
  ): Promise<{ draft: AnnexSet['draft']; bytes: number; pages: number | null }> {
    const db = this.services().repos.db;
    // Inside a transaction already (a job that writes): its reads are one state anyway.
    const own = !db.inTransaction;
    if (own) readSnapshot.begin(db);
    try {
      const set = this.build(campaignId, which, decision);
      if (format === 'pdf') return { draft: set.draft, ...(await writeAnnexPdfFile(set, outPath, options)) };
      return { draft: set.draft, ...(await writeAnnexXlsxFile(set, outPath, options)), pages: null };
    } finally {
      if (own && db.inTransaction) readSnapshot.end(db);
    }
  }
}
