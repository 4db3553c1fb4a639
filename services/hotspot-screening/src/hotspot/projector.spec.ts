import { randomBytes, randomUUID } from 'crypto';

import { Client } from 'pg';
import type { DataSource } from 'typeorm';

import type { AnyEnvelope } from '@petition/events';
import { createEnvelope, tableDigest } from '@petition/events';
import { createDataSource } from '@petition/service-kit';
import { extractMatter, loadCorpus, matterKeys } from '@petition/text';

import { HOTSPOT_MIGRATIONS } from '../app';
import { PROJECTION_TABLES, projectionSchemaUp } from '../migrations/projection-tables';
import { HotspotProjector } from './projector';
import { DEFAULT_HOTSPOT_CONFIG } from './rules';

// The projector on the real PostgreSQL: the migrations (up, down, up again), the text rule on the
// matter keys intake sends, and the rebuild's promise: the same events folded into a schema made
// by `projectionSchemaUp` give the same rows as the migrated one.

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const KEY = 'projector-spec-signature-key';
const START = Date.parse('2026-03-02T02:00:00Z');

let dataSource: DataSource;
let admin: Client;
const database = `hotspot_projector_${randomBytes(4).toString('hex')}`;

interface Draft {
  text: string;
  regionCode: string;
  categoryCode?: string;
  organization?: string | null;
  nature?: 'GRIEVANCE' | 'ACCUSATION';
  /** Leave the keys out, as an event written before they were added. */
  withoutKeys?: boolean;
}

function registered(p: Draft, n: number): AnyEnvelope {
  const petitionId = randomUUID();
  const nature = p.nature ?? 'GRIEVANCE';
  return createEnvelope('intake', {
    type: 'intake.petition.registered',
    aggregateId: petitionId,
    aggregateVersion: 1,
    occurredAt: new Date(START + n * 3_600_000),
    data: {
      petitionId,
      trackingNumber: `T${String(n).padStart(8, '0')}`,
      channel: 'LETTER',
      visitKind: 'INDIVIDUAL',
      headcount: 1,
      nature,
      categoryCode: p.categoryCode ?? 'OTHER',
      level: 'COUNTY',
      skipLevel: false,
      regionCode: p.regionCode,
      involvedOrganization: p.organization ?? null,
      registeredAt: new Date(START + n * 3_600_000).toISOString(),
      repeatOfPetitionId: null,
      contentSignature: null,
      // Intake sends none for accusations; one sent anyway must not be used.
      ...(p.withoutKeys ? {} : { matterKeys: matterKeys(extractMatter(p.text), KEY) }),
    },
  }) as AnyEnvelope;
}

async function project(schema: string, events: AnyEnvelope[]) {
  const projector = new HotspotProjector(schema, DEFAULT_HOTSPOT_CONFIG, null);
  for (const e of events) await dataSource.transaction((tx) => projector.apply(e, tx));
}

const member = async (schema: string, petitionId: string) =>
  (await dataSource.query(`SELECT hotspot_id, joined_by, similarity FROM ${schema}.member WHERE petition_id = $1`, [petitionId]))[0];

beforeAll(async () => {
  admin = new Client({ connectionString: `${PG_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  dataSource = createDataSource({
    url: `${PG_URL}/${database}`,
    schema: 'hotspot',
    entities: [],
    migrations: HOTSPOT_MIGRATIONS,
    poolSize: 2,
  });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA hotspot`);
  await dataSource.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
  await dataSource.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
  await dataSource.runMigrations({ transaction: 'each' });
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await admin?.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin?.end();
});

const tables = async (schema: string) =>
  (await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema])).map(
    (r: { table_name: string }) => r.table_name,
  );
const columns = async (schema: string) =>
  dataSource.query(
    `SELECT table_name, column_name, data_type, ordinal_position FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = ANY($2) ORDER BY table_name, ordinal_position`,
    [schema, [...PROJECTION_TABLES]],
  );

describe('the matter-terms migration', () => {
  it('goes down to the bigram tables and up again, and leaves what projectionSchemaUp makes', async () => {
    expect(await tables('hotspot')).toContain('term_df');
    await dataSource.undoLastMigration({ transaction: 'each' });
    const before = await tables('hotspot');
    expect(before).toEqual(expect.arrayContaining(['band', 'bigram_df']));
    expect(before).not.toContain('term_df');
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables('hotspot')).not.toContain('band');
    await dataSource.query(`CREATE SCHEMA scratch`);
    for (const sql of projectionSchemaUp('scratch')) await dataSource.query(sql);
    const strip = (rows: Array<Record<string, unknown>>) => rows.map(({ ordinal_position: _p, ...r }) => r);
    expect(strip(await columns('scratch'))).toEqual(strip(await columns('hotspot')));
    await dataSource.query(`DROP SCHEMA scratch CASCADE`);
  });
});

describe('the text rule on matter keys', () => {
  const burst = [
    '宏达建筑工程有限公司承建的城北安置房项目拖欠我们农民工工资九个月，共计约八十万元，多次讨要无果。要求公司尽快结清拖欠的农民工工资。',
    '我们在城北安置房工地给宏达建筑干活，工钱拖了九个月没发，老板一直推脱。请政府督促宏达建筑支付工资。',
    '城北安置房项目农民工工资被拖欠九个月，宏达公司至今未支付。请求依法追讨欠薪。',
  ];
  const paraphrase = '城北安置房项目的农民工工资拖欠了九个月一直没有结清，工人多次讨要无果。请求尽快结清拖欠的农民工工资。';
  const events: AnyEnvelope[] = [];
  const id = (e: AnyEnvelope) => (e.data as { petitionId: string }).petitionId;

  it('joins a paraphrase without the organisation by text, and keeps unrelated petitions and accusations out', async () => {
    const drafts: Draft[] = [
      ...burst.map((text) => ({
        text,
        regionCode: '330102001',
        categoryCode: 'LABOUR_SOCIAL_SECURITY',
        organization: '宏达建筑工程有限公司',
      })),
      { text: paraphrase, regionCode: '330102' },
      {
        text: '学校强制学生购买指定教辅资料，每学期收费三百元。请求教育局制止乱收费。',
        regionCode: '330102',
        organization: '城关第二小学',
      },
      { text: paraphrase, regionCode: '330102', nature: 'ACCUSATION' },
      { text: paraphrase, regionCode: '330106', withoutKeys: true },
      { text: paraphrase, regionCode: '330201' }, // another city
    ];
    drafts.forEach((d, n) => events.push(registered(d, n)));
    await project('hotspot', events);
    const org = await member('hotspot', id(events[0]));
    expect((await member('hotspot', id(events[1]))).joined_by).toBe('ORGANIZATION');
    const similar = await member('hotspot', id(events[3]));
    expect(similar).toMatchObject({ hotspot_id: org.hotspot_id, joined_by: 'SIMILAR_TEXT' });
    expect(similar.similarity).toBeGreaterThanOrEqual(DEFAULT_HOTSPOT_CONFIG.textThreshold);
    for (const e of events.slice(4)) expect(await member('hotspot', id(e))).toMatchObject({ joined_by: 'FOUNDER' });
    const [accusation] = await dataSource.query(`SELECT matter_keys FROM hotspot.member WHERE petition_id = $1`, [id(events[5])]);
    expect(accusation.matter_keys).toBeNull();
    const [{ documents }] = await dataSource.query(`SELECT n AS documents FROM hotspot.term_df WHERE key = -1`);
    expect(documents).toBe(6); // neither the accusation nor the event without keys
  });

  it('a rebuild into a fresh schema gives the same rows, with paraphrases from the corpus among them', async () => {
    // Forty texts of the hand-written corpus, each in a township of its own: only the text joins them.
    const corpus = loadCorpus().slice(0, 40);
    const first = events.length;
    corpus.forEach((t, n) =>
      events.push(
        registered(
          { text: `${t.summary} ${t.demands}`, regionCode: `3301030${String(n + 10).padStart(2, '0')}`, categoryCode: t.category },
          20 + n,
        ),
      ),
    );
    await project('hotspot', events.slice(first));
    const joined = await dataSource.query(`SELECT count(*)::int AS n FROM hotspot.member WHERE joined_by = 'SIMILAR_TEXT'`);
    expect(joined[0].n).toBeGreaterThan(1);
    await dataSource.query(`CREATE SCHEMA hotspot_rebuild`);
    for (const sql of projectionSchemaUp('hotspot_rebuild')) await dataSource.query(sql);
    await project('hotspot_rebuild', events);
    for (const table of PROJECTION_TABLES) {
      const [live, rebuilt] = [await tableDigest(dataSource, 'hotspot', table), await tableDigest(dataSource, 'hotspot_rebuild', table)];
      expect({ table, ...rebuilt }).toEqual({ table, ...live });
    }
  });
});
