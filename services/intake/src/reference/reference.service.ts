import type { DataSource } from 'typeorm';

import { CodedError } from '@petition/subgraph';

import type { CategoryInput, DepartmentInput } from '../petition/petition.input';
import type { Category, Department } from './category.model';
import { isValidRegionCode } from './region-code';

export class ReferenceService {
  constructor(private readonly dataSource: DataSource) {}

  async categories(): Promise<Category[]> {
    const rows = await this.dataSource.query(
      `SELECT code, name, parent_code FROM intake.category WHERE active ORDER BY parent_code NULLS FIRST, code`,
    );
    return rows.map((r: { code: string; name: string; parent_code: string | null }) => ({
      code: r.code,
      name: r.name,
      parentCode: r.parent_code,
    }));
  }

  async categoriesByCode(codes: readonly string[]): Promise<Map<string, Category>> {
    const rows = await this.dataSource.query(`SELECT code, name, parent_code FROM intake.category WHERE code = ANY($1)`, [codes]);
    return new Map(
      rows.map((r: { code: string; name: string; parent_code: string | null }) => [
        r.code,
        { code: r.code, name: r.name, parentCode: r.parent_code },
      ]),
    );
  }

  async departments(regionPrefix = ''): Promise<Department[]> {
    const rows = await this.dataSource.query(
      `SELECT code, name, region_code FROM intake.department WHERE active AND region_code LIKE $1 || '%' ORDER BY code`,
      [regionPrefix],
    );
    return rows.map((r: { code: string; name: string; region_code: string }) => ({
      code: r.code,
      name: r.name,
      regionCode: r.region_code,
    }));
  }

  /** Departments by code (any region, active or not: a reference names a unit that exists). */
  async departmentsByCode(codes: readonly string[]): Promise<Map<string, Department>> {
    const rows = await this.dataSource.query(`SELECT code, name, region_code FROM intake.department WHERE code = ANY($1)`, [codes]);
    return new Map(
      rows.map((r: { code: string; name: string; region_code: string }) => [
        r.code,
        { code: r.code, name: r.name, regionCode: r.region_code },
      ]),
    );
  }

  async upsertDepartment(input: DepartmentInput): Promise<Department> {
    if (!isValidRegionCode(input.regionCode)) throw new CodedError('INVALID_REGION_CODE', undefined, { field: 'regionCode' });
    await this.dataSource.query(
      `INSERT INTO intake.department (code, name, region_code) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, region_code = EXCLUDED.region_code, active = true`,
      [input.code, input.name.trim(), input.regionCode],
    );
    return { code: input.code, name: input.name.trim(), regionCode: input.regionCode };
  }

  async defineCategory(input: CategoryInput): Promise<Category> {
    if (input.parentCode) {
      const [parent] = await this.dataSource.query(`SELECT 1 FROM intake.category WHERE code = $1`, [input.parentCode]);
      if (!parent) throw new CodedError('INVALID_CATEGORY', input.parentCode, { field: 'parentCode' });
      // The tree must stay a tree: the new parent may not be the category itself or one of its descendants.
      const [cycle] = await this.dataSource.query(
        `WITH RECURSIVE up AS (SELECT code, parent_code FROM intake.category WHERE code = $1
           UNION SELECT c.code, c.parent_code FROM intake.category c JOIN up ON c.code = up.parent_code)
         SELECT 1 FROM up WHERE code = $2`,
        [input.parentCode, input.code],
      );
      if (cycle) throw new CodedError('BAD_USER_INPUT', '类别不能成为自己或下级类别的下级', { field: 'parentCode' });
    }
    await this.dataSource.query(
      `INSERT INTO intake.category (code, name, parent_code) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, active = true`,
      [input.code, input.name.trim(), input.parentCode ?? null],
    );
    return { code: input.code, name: input.name.trim(), parentCode: input.parentCode ?? null };
  }
}
