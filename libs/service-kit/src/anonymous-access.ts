import type { DocumentNode } from 'graphql';
import { Kind } from 'graphql';

import { fragmentsOf, selectedFields } from './graphql-document';

/**
 * The only root fields a caller without a token may ask for, as `Type.field`: the petitioner's
 * tracking query. Everything else (`_entities`, `_service`, `__schema`, `__type` included) is
 * refused with UNAUTHENTICATED before validation, at the gateway and at every subgraph, so a
 * subgraph reached without a token says nothing about its schema or its data.
 */
export const PUBLIC_ROOT_FIELDS: ReadonlySet<string> = new Set(['Query.trackPetition']);

const ROOT_TYPE = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;

/**
 * The root fields of the document that an anonymous caller may not ask for (empty: it may run).
 * Every operation is checked, whichever one is selected; fragments are followed, each once.
 */
export function nonPublicRootFields(document: DocumentNode, publicFields: ReadonlySet<string> = PUBLIC_ROOT_FIELDS): string[] {
  const fragments = fragmentsOf(document);
  const refused = new Set<string>();
  let operations = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    operations++;
    const rootType = ROOT_TYPE[definition.operation];
    for (const field of selectedFields(definition.selectionSet, fragments, (name) => refused.add(`...${name}`))) {
      const name = `${rootType}.${field.name.value}`;
      if (!publicFields.has(name)) refused.add(name);
    }
  }
  // A document of fragments only selects nothing an anonymous caller could use either.
  if (!operations) refused.add('(no operation)');
  return [...refused];
}
