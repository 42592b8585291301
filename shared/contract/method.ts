// One contract entry: the zod schema every door checks the input against, and the output type beside it.
// The output exists only for the type checker; at run time an entry is just `{ input }`.

import type { z } from 'zod';

export interface MethodSpec<S extends z.ZodType, O> {
  readonly input: S;
  /** Never set: carries the output type. */
  readonly output?: O;
}

/** `method<UnitSheet>()(z.object({ … }))`: the input schema, returning a UnitSheet. */
export const method =
  <O>() =>
  <S extends z.ZodType>(input: S): MethodSpec<S, O> => ({ input });
