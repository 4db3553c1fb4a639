/** `['A', 'B']` → `{ A: 'A', B: 'B' }`, the object type-graphql's registerEnumType needs. */
export function enumFromValues<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}
