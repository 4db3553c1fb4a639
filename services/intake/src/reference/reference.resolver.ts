import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';

import type { IntakeContext } from '../context';
import { CategoryInput, DepartmentInput } from '../petition/petition.input';
import { Category, Department } from './category.model';
import { type ReferenceService } from './reference.service';

@Resolver()
export class ReferenceResolver {
  constructor(private readonly reference: ReferenceService) {}

  @Authorized()
  @Query(() => [Category], { description: '问题类别树' })
  categories() {
    return this.reference.categories();
  }

  @Authorized()
  @Query(() => [Department], { description: '本辖区的单位' })
  departments(@Ctx() ctx: IntakeContext) {
    return this.reference.departments(ctx.caller.jurisdiction);
  }

  @Authorized('ADMIN')
  @Mutation(() => Department, { description: '新增或修改单位（管理员）' })
  upsertDepartment(@Arg('input', () => DepartmentInput) input: DepartmentInput) {
    return this.reference.upsertDepartment(input);
  }

  @Authorized('ADMIN')
  @Mutation(() => Category, { description: '新增或修改问题类别（管理员）' })
  defineCategory(@Arg('input', () => CategoryInput) input: CategoryInput) {
    return this.reference.defineCategory(input);
  }
}
