// The audit log: every change, who made it, when and why.

import { z } from 'zod';
import { method } from './method.js';
import { campaignId, code, text, type FilePayload } from './common.js';

/** ISO instants (the renderer turns local days into them); `to` is exclusive. */
export const auditFilter = {
  campaignId,
  unitCode: code.optional(),
  criterionCode: code.optional(),
  actor: text(200).optional(),
  action: text(60).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
};

export interface AuditItem {
  id: number;
  /** ISO instant. */
  at: string;
  actor: string;
  action: string;
  unitCode: string | null;
  unitName: string | null;
  criterionCode: string | null;
  /** Values as a person reads them: points with a decimal comma, "Không áp dụng", … */
  oldText: string;
  newText: string;
  reason: string;
  source: string;
  /** The SHA-256 of the package or file the change came from, '' when typed in. */
  sourceSha256: string;
}

export interface AuditPage {
  total: number;
  offset: number;
  limit: number;
  items: AuditItem[];
  /** What the filters can offer for this campaign. */
  actors: string[];
  actions: string[];
}

export const auditMethods = {
  'audit/list': method<AuditPage>()(z.object({ ...auditFilter, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) })),
  'audit/export': method<FilePayload>()(
    z.object({
      ...auditFilter,
      format: z.enum(['xlsx', 'csv']).default('xlsx'),
      /** CSV only: ";" is what Excel splits on where the decimal mark is a comma (Vietnamese region), the UI's default. */
      separator: z.enum([';', ',']).default(';'),
    }),
  ),
} as const;
