import { parse } from 'graphql';

import { nonPublicRootFields, PUBLIC_ROOT_FIELDS } from './anonymous-access';

describe('what a caller without a token may ask for', () => {
  const refused = (query: string) => nonPublicRootFields(parse(query));

  it('the public list is the tracking query only', () => {
    expect([...PUBLIC_ROOT_FIELDS]).toEqual(['Query.trackPetition']);
  });

  it('trackPetition and __typename pass', () => {
    expect(refused('query($t: String!, $c: String!) { trackPetition(trackingNumber: $t, accessCode: $c) { status } }')).toEqual([]);
    expect(refused('{ __typename }')).toEqual([]);
    expect(refused('{ t: trackPetition(trackingNumber: "x", accessCode: "y") { status } __typename }')).toEqual([]);
  });

  it('everything else is named: _entities, _service, introspection, any other field, any mutation', () => {
    expect(refused('query($r: [_Any!]!) { _entities(representations: $r) { __typename } }')).toEqual(['Query._entities']);
    expect(refused('{ _service { sdl } }')).toEqual(['Query._service']);
    expect(refused('{ __schema { types { name } } __type(name: "Case") { name } }')).toEqual(['Query.__schema', 'Query.__type']);
    expect(refused('{ petitions { totalCount } }')).toEqual(['Query.petitions']);
    expect(refused('mutation { trackPetition: registerPetition { id } }')).toEqual(['Mutation.registerPetition']);
    // A mutation named like the public query is not the public query.
    expect(refused('mutation { trackPetition }')).toEqual(['Mutation.trackPetition']);
  });

  it('fields hidden in root fragments, inline or named, or in a second operation are found', () => {
    expect(refused('{ trackPetition(trackingNumber: "x", accessCode: "y") { status } ... on Query { cases { totalCount } } }')).toEqual([
      'Query.cases',
    ]);
    expect(refused('query A { ...F } fragment F on Query { petition(id: "1") { id } }')).toEqual(['Query.petition']);
    expect(refused('query A { __typename } query B { petitions { totalCount } }')).toEqual(['Query.petitions']);
    expect(refused('query A { ...Missing }')).toEqual(['...Missing']);
    expect(refused('fragment F on Query { __typename }')).toEqual(['(no operation)']);
  });

  it('a fragment cycle or a fragment spread many times is walked once', () => {
    expect(refused('{ ...A } fragment A on Query { ...B categories { code } } fragment B on Query { ...A }')).toEqual(['Query.categories']);
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Query { __typename }` : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    );
    const started = Date.now();
    expect(refused(`{ ...F0 } ${fragments.join(' ')}`)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
