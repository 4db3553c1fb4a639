import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';

import type { CaseContext } from '../context';
import { Case, Petition } from './case.model';
import { toCase } from './case.service';

// Extends intake's Petition with its case(s). Only cases the caller may see are returned.
@Resolver(() => Petition)
export class PetitionCaseResolver {
  @FieldResolver(() => Case, { nullable: true, description: '当前案件（最近一次转送/交办所建；退回的除外）' })
  async case(@Root() petition: Petition, @Ctx() ctx: CaseContext) {
    const rows = await ctx.loaders.casesByPetition.load(petition.id);
    const current = [...rows].reverse().find((r) => r.state !== 'RETURNED') ?? rows[rows.length - 1];
    return current ? toCase(current) : null;
  }

  @FieldResolver(() => [Case], { description: '该信访件的全部案件（含被退回的）' })
  async cases(@Root() petition: Petition, @Ctx() ctx: CaseContext) {
    const rows = await ctx.loaders.casesByPetition.load(petition.id);
    return rows.map(toCase);
  }
}
