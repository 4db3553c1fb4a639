import type { DocumentNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';

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
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const refused = new Set<string>();
  let operations = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    operations++;
    collect(definition.selectionSet, ROOT_TYPE[definition.operation], fragments, new Set(), publicFields, refused);
  }
  // A document of fragments only selects nothing an anonymous caller could use either.
  if (!operations) refused.add('(no operation)');
  return [...refused];
}

function collect(
  selectionSet: SelectionSetNode,
  rootType: string,
  fragments: Map<string, FragmentDefinitionNode>,
  visited: Set<string>,
  publicFields: ReadonlySet<string>,
  refused: Set<string>,
) {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name !== '__typename' && !publicFields.has(`${rootType}.${name}`)) refused.add(`${rootType}.${name}`);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, rootType, fragments, visited, publicFields, refused);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment) {
        refused.add(`...${name}`);
        continue;
      }
      // Once per operation is enough (the fields only add up): no cycle, no exponential spread.
      if (visited.has(name)) continue;
      visited.add(name);
      collect(fragment.selectionSet, rootType, fragments, visited, publicFields, refused);
    }
  }
}
