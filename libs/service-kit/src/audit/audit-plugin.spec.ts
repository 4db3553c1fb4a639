import type { OperationDefinitionNode } from 'graphql';
import { parse } from 'graphql';

import { auditOutcome, auditTarget, resultIds, rootFields } from './audit-plugin';

function fieldsOf(source: string) {
  const document = parse(source);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  return rootFields(operation.selectionSet, document);
}

describe('auditTarget: identifiers and codes only', () => {
  it('keeps id, …Id, …Ids and …Code arguments and input fields, through variables', () => {
    const fields = fieldsOf(`mutation($i: RoutePetitionInput!) { routePetition(input: $i) { id } }`);
    const target = auditTarget(fields, {
      i: {
        petitionId: 'p-1',
        mode: 'ASSIGN',
        departmentCode: 'D-HOUSING',
        cooperatingDepartmentCodes: ['D-EDU'],
        note: '请于30日内报送办理结果',
      },
    });
    expect(target).toEqual({ 'input.petitionId': 'p-1', 'input.departmentCode': 'D-HOUSING' });
  });

  it('keeps lists of ids (…Ids) and literal arguments', () => {
    const fields = fieldsOf(
      `mutation { linkAsRepeat(petitionId: "a", originalPetitionId: "b") { id } replayIntakeDeadLetter(id: "d") { id } }`,
    );
    expect(auditTarget(fields, {})).toEqual({
      'linkAsRepeat.petitionId': 'a',
      'linkAsRepeat.originalPetitionId': 'b',
      'replayIntakeDeadLetter.id': 'd',
    });
    const many = fieldsOf(`mutation($ids: [ID!]!) { merge(petitionIds: $ids) { id } }`);
    expect(auditTarget(many, { ids: ['x', 'y'] })).toEqual({ petitionIds: ['x', 'y'] });
  });

  it('never keeps a name, an ID number, a phone, an address, free text or an access code', () => {
    const person = { name: '王建国', idNumber: '11010519491231002X', phone: '13900000000', address: '城东路1号', workUnit: '某厂' };
    const fields = fieldsOf(`mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { trackingNumber } }`);
    const target = auditTarget(fields, {
      input: {
        channel: 'LETTER',
        categoryCode: 'HOUSING_EXPROPRIATION',
        regionCode: '330102',
        summary: '王建国反映拆迁补偿款至今没有发放',
        demands: '请求发放',
        involvedOrganization: '城东片区旧城改造指挥部',
        petitioners: [person, { ...person, name: '李四' }],
        accessCode: 'SECRET-CODE',
      },
    });
    expect(target).toEqual({ 'input.categoryCode': 'HOUSING_EXPROPRIATION', 'input.regionCode': '330102' });
    const whole = JSON.stringify(target);
    for (const value of [...Object.values(person), '李四', '拆迁', 'SECRET-CODE']) expect(whole).not.toContain(value);
  });

  it('keeps identifiers nested in lists of input objects, by index', () => {
    const fields = fieldsOf(`mutation($i: PlanInput!) { planDutyRoster(input: $i) { id } }`);
    expect(auditTarget(fields, { i: { hallId: 'h', shifts: [{ stationId: 's1', officer: '张三' }, { stationId: 's2' }] } })).toEqual({
      'input.hallId': 'h',
      'input.shifts.0.stationId': 's1',
      'input.shifts.1.stationId': 's2',
    });
  });

  it('truncates strings to 100 characters and bounds the number of entries', () => {
    const fields = fieldsOf(`mutation($id: ID!) { acceptCase(caseId: $id) { id } }`);
    expect((auditTarget(fields, { id: 'x'.repeat(500) }).caseId as string).length).toBe(100);
    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}Id`, String(i)]));
    expect(Object.keys(auditTarget(fieldsOf(`mutation($i: X!) { m(input: $i) { id } }`), { i: wide })).length).toBe(40);
  });

  it('replaces U+0000 (which jsonb cannot hold) so the record can still be written', () => {
    const fields = fieldsOf(`mutation($i: X!) { m(input: $i) { id } }`);
    expect(auditTarget(fields, { i: { caseId: 'a\u0000b', ['x\u0000Id']: 'c' } })).toEqual({
      'input.caseId': 'a\ufffdb',
      'input.x\ufffdId': 'c',
    });
  });

  it('follows fragments and inline fragments to the root fields, without __typename', () => {
    const fields = fieldsOf(
      `mutation { __typename ...F ... on Mutation { acceptCase(caseId: "c") { id } } } fragment F on Mutation { rateCase(input: { caseId: "d" }) { id } }`,
    );
    expect(fields.map((f) => f.name.value)).toEqual(['rateCase', 'acceptCase']);
  });

  it('does not fail on a variable that was not given', () => {
    const fields = fieldsOf(`mutation($id: ID!) { acceptCase(caseId: $id) { id } }`);
    expect(auditTarget(fields, undefined)).toEqual({});
  });
});

describe('resultIds and auditOutcome', () => {
  it('takes the ids at the top of each root field of the response', () => {
    const fields = fieldsOf(`mutation { registerPetition(input: {}) { trackingNumber petition { id petitioners { id } } } }`);
    expect(
      resultIds(fields, { registerPetition: { trackingNumber: 'T', petition: { id: 'p-1', petitioners: [{ id: 'pe-1' }] } } }),
    ).toEqual({ 'registerPetition.petition.id': 'p-1' });
  });

  it('is OK without errors, else the first error code', () => {
    expect(auditOutcome(undefined)).toBe('OK');
    expect(
      auditOutcome([
        { message: 'x', extensions: { code: 'FORBIDDEN' } },
        { message: 'y', extensions: { code: 'NOT_FOUND' } },
      ]),
    ).toBe('FORBIDDEN');
    expect(auditOutcome([{ message: 'x' }])).toBe('INTERNAL_SERVER_ERROR');
  });
});
