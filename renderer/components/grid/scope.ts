// How much a change on one row touches: the sub-criteria below it and their points. A change that
// touches more than one sub-criterion is confirmed first, naming both figures.

export interface ScopeRow {
  code: string;
  isLeaf: boolean;
  maxMilli: number;
  applicable: boolean;
}

export interface Scope {
  leaves: number;
  pointsMilli: number;
}

/** The leaves a not-applicable change on `code` turns off (marking) or back on (clearing). */
export function notApplicableScope(rows: readonly ScopeRow[], code: string, marking: boolean): Scope {
  const prefix = `${code}.`;
  let leaves = 0;
  let pointsMilli = 0;
  for (const row of rows) {
    if (!row.isLeaf || (row.code !== code && !row.code.startsWith(prefix))) continue;
    // Marking only removes what still counts; clearing brings back everything below.
    if (marking && !row.applicable) continue;
    leaves += 1;
    pointsMilli += row.maxMilli;
  }
  return { leaves, pointsMilli };
}

/** Whether the change needs a confirmation before it is sent. */
export function needsConfirmation(scope: Scope): boolean {
  return scope.leaves > 1;
}
