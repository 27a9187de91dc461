/**
 * A mutation resolver that hands its single `input` argument to an entity module's function:
 * the whole job of a resolver in both subgraphs (see docs/architecture.md).
 */
export const withInput =
  <TContext, TResult>(run: (ctx: TContext, input: unknown) => TResult) =>
  (_parent: unknown, args: { input: unknown }, ctx: TContext): TResult =>
    run(ctx, args.input);
