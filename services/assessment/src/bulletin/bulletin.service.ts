import { randomUUID } from 'crypto';

import type { DataSource } from 'typeorm';

import type { Caller } from '@petition/auth';
import { hasRole } from '@petition/auth';
import type { Clock } from '@petition/clock';
import { chinaTime, endOfChinaDay } from '@petition/clock';
import type { Outbox } from '@petition/events';
import { CodedError, isUuid } from '@petition/subgraph';

import type { ScoringService } from '../scoring/scoring.service';
import type { Period } from '../stats/period';
import { previousYear, yearOnYear } from '../stats/period';
import type { StatsService } from '../stats/stats.service';
import { statsScope } from '../stats/stats.service';
import type { BulletinData, BulletinLevel, Change } from './bulletin';
import { renderBulletinHtml } from './bulletin';
import { renderPdf } from './pdf';

export interface BulletinRow {
  id: string;
  regionPrefix: string;
  periodFrom: string;
  periodTo: string;
  title: string;
  data: BulletinData;
  html: string;
  publishedAt: Date;
}

const LEVELS: Array<[BulletinLevel, string]> = [
  ['NATIONAL', '赴京'],
  ['PROVINCE', '赴省'],
  ['CITY', '赴市'],
  ['COUNTY', '到县（区）'],
  ['TOWNSHIP', '到乡镇（街道）'],
];

const change = (current: number, previous: number | null): Change => ({
  current,
  previous: previous ?? 0,
  change: previous === null ? null : yearOnYear(current, previous),
});

/** The monthly bulletin (通报/简报): figures from the read model, rendered to HTML, printed to PDF on request. */
export class BulletinService {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      outbox: Outbox;
      clock: Clock;
      stats: StatsService;
      scoring: ScoringService;
      chromiumPath?: string;
    },
  ) {}

  async generate(
    caller: Caller,
    period: Period,
    regionPrefix: string | null | undefined,
    scopeName: string | null | undefined,
  ): Promise<BulletinRow> {
    if (!hasRole(caller, 'ADMIN', 'SUPERVISOR', 'LEADER')) throw new CodedError('FORBIDDEN', '通报由信访部门负责人或督查人员发布');
    const prefix = statsScope(caller, regionPrefix);
    const name = scopeName?.trim() || `行政区划 ${prefix || '全部'}`;
    const { stats, scoring } = this.deps;
    const all = await stats.petitionStats(caller, period, { regionPrefix: prefix }, ['CHANNEL']);
    const collective = await stats.petitionStats(caller, period, { regionPrefix: prefix, visitKinds: ['COLLECTIVE'] }, []);
    const byLevel = await stats.petitionStats(caller, period, { regionPrefix: prefix }, ['LEVEL']);
    const collectiveByLevel = await stats.petitionStats(caller, period, { regionPrefix: prefix, visitKinds: ['COLLECTIVE'] }, ['LEVEL']);
    const categories = await stats.petitionStats(caller, period, { regionPrefix: prefix }, ['CATEGORY']);
    const townships = await stats.petitionStats(caller, period, { regionPrefix: prefix, regionDigits: 9 }, ['REGION']);
    const ranking = await scoring.rankings(caller, 'TOWNSHIP', null, period, prefix);
    const overdue = await this.deps.dataSource.query(
      `SELECT department_code, count(*) FILTER (WHERE overdue_at BETWEEN $1 AND $2)::int AS overdue,
         count(*) FILTER (WHERE overdue_at IS NOT NULL AND closed_at IS NULL AND replied_at IS NULL)::int AS open
       FROM assessment.case_fact WHERE region_code LIKE $3 || '%' AND overdue_at IS NOT NULL AND department_code IS NOT NULL
       GROUP BY department_code HAVING count(*) FILTER (WHERE overdue_at BETWEEN $1 AND $2) > 0 ORDER BY overdue DESC, department_code`,
      [chinaTime(period.from, '00:00'), endOfChinaDay(period.to), prefix],
    );
    const channel = (c: string) => all.rows.find((r) => r.key.channel === c)?.batches ?? 0;
    const level = (rows: typeof byLevel.rows, l: string) => rows.find((r) => r.key.level === l);
    const ranked = (key: 'batches' | 'people') =>
      [...townships.rows]
        .sort((a, b) => b[key] - a[key] || (a.key.region ?? '').localeCompare(b.key.region ?? ''))
        .slice(0, 10)
        .map((r, i) => ({ rank: i + 1, unitCode: r.key.region ?? '', unitName: r.key.region ?? '', batches: r.batches, people: r.people }));
    const previous = previousYear(period);
    const data: BulletinData = {
      title: `${name}${period.label}信访工作通报`,
      issuer: `${name}信访工作联席会议办公室`,
      scope: { regionCode: prefix, name },
      period: { from: period.from, to: period.to, label: period.label },
      previousPeriod: { from: previous.from, to: previous.to, label: period.label.replace(/^(\d{4})年/, (_, y) => `${Number(y) - 1}年`) },
      generatedAt: this.deps.clock.now().toISOString(),
      headline: {
        batches: change(all.total.batches, all.total.previousBatches),
        people: change(all.total.people, all.total.previousPeople),
        collectiveBatches: change(collective.total.batches, collective.total.previousBatches),
        collectivePeople: change(collective.total.people, collective.total.previousPeople),
        letters: channel('LETTER') + channel('MAILBOX'),
        visits: channel('VISIT'),
        online: channel('ONLINE') + channel('PHONE'),
      },
      byLevel: LEVELS.map(([l, label]) => {
        const a = level(byLevel.rows, l);
        const c = level(collectiveByLevel.rows, l);
        return {
          level: l,
          label,
          batches: change(a?.batches ?? 0, a?.previousBatches ?? (byLevel.previousPeriod ? 0 : null)),
          people: change(a?.people ?? 0, a?.previousPeople ?? (byLevel.previousPeriod ? 0 : null)),
          collectiveBatches: change(c?.batches ?? 0, c?.previousBatches ?? (byLevel.previousPeriod ? 0 : null)),
          collectivePeople: change(c?.people ?? 0, c?.previousPeople ?? (byLevel.previousPeriod ? 0 : null)),
        };
      }),
      categoryShares: [...categories.rows]
        .filter((r) => r.batches > 0)
        .sort((a, b) => b.batches - a.batches)
        .slice(0, 10)
        .map((r) => ({
          code: r.key.category ?? '',
          name: r.key.category ?? '',
          batches: r.batches,
          people: r.people,
          share: r.share ?? 0,
        })),
      rankingsByBatches: ranked('batches'),
      rankingsByPeople: ranked('people'),
      overdueByDepartment: overdue.map((o: any) => ({
        departmentCode: o.department_code,
        departmentName: o.department_code,
        overdue: o.overdue,
        open: o.open,
      })),
      scores: ranking.rows.map((r) => ({
        rank: r.rank,
        unitCode: r.unitCode,
        unitName: r.unitCode,
        score: r.score,
        deductions: r.deductions,
        veto: r.veto,
      })),
    };
    const html = renderBulletinHtml(data);
    const id = randomUUID();
    const now = this.deps.clock.now();
    await this.deps.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO assessment.bulletin (id, region_prefix, period_from, period_to, title, data, html, published_at, published_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [id, prefix, period.from, period.to, data.title, JSON.stringify(data), html, now, caller.subject],
      );
      await this.deps.outbox.append(tx, {
        type: 'assessment.bulletin.published',
        aggregateId: id,
        aggregateVersion: 1,
        occurredAt: now,
        data: {
          bulletinId: id,
          regionPrefix: prefix,
          periodFrom: period.from,
          periodTo: period.to,
          title: data.title.slice(0, 200),
          publishedAt: now.toISOString(),
        },
      });
    });
    return { id, regionPrefix: prefix, periodFrom: period.from, periodTo: period.to, title: data.title, data, html, publishedAt: now };
  }

  async list(caller: Caller, regionPrefix?: string | null): Promise<BulletinRow[]> {
    const prefix = statsScope(caller, regionPrefix);
    const rows = await this.deps.dataSource.query(
      `SELECT id, region_prefix, period_from::text AS period_from, period_to::text AS period_to, title, data, html, published_at
       FROM assessment.bulletin WHERE region_prefix LIKE $1 || '%' ORDER BY published_at DESC LIMIT 100`,
      [prefix],
    );
    return rows.map(toRow);
  }

  async get(caller: Caller, id: string): Promise<BulletinRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.deps.dataSource.query(
      `SELECT id, region_prefix, period_from::text AS period_from, period_to::text AS period_to, title, data, html, published_at
       FROM assessment.bulletin WHERE id = $1 AND region_prefix LIKE $2 || '%'`,
      [id, caller.jurisdiction],
    );
    return row ? toRow(row) : null;
  }

  /** The printable PDF, rendered by Chromium the first time it is asked for and kept. */
  async pdf(id: string, html: string): Promise<Buffer> {
    const [cached] = await this.deps.dataSource.query(`SELECT pdf FROM assessment.bulletin WHERE id = $1 AND pdf IS NOT NULL`, [id]);
    if (cached) return cached.pdf;
    const pdf = await renderPdf(html, { chromiumPath: this.deps.chromiumPath });
    await this.deps.dataSource.query(`UPDATE assessment.bulletin SET pdf = $2 WHERE id = $1`, [id, pdf]);
    return pdf;
  }
}

function toRow(r: any): BulletinRow {
  return {
    id: r.id,
    regionPrefix: r.region_prefix,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    title: r.title,
    data: r.data,
    html: r.html,
    publishedAt: r.published_at,
  };
}
