import type { DocumentNode, FieldNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';

/** The document's named fragments, by name. */
export function fragmentsOf(document: DocumentNode | undefined): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document?.definitions ?? []) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * The fields a selection set selects at its own level (without `__typename`), through inline and
 * named fragments. Each named fragment is expanded once: the fields it adds merge however often it
 * is spread, and a cycle or an exponential spread costs nothing. A spread of a fragment the document
 * does not define is passed to `onMissing` (validation refuses it later; a check that runs before
 * validation may want to refuse it first).
 */
export function selectedFields(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  onMissing?: (name: string) => void,
): FieldNode[] {
  const fields: FieldNode[] = [];
  const expanded = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') fields.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!expanded.has(selection.name.value)) {
        expanded.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
        else onMissing?.(selection.name.value);
      }
    }
  };
  walk(selectionSet);
  return fields;
}
