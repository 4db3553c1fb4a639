// Paths of the repository and the YAML under infra/, read once per test file.
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';

import { parseAllDocuments } from 'yaml';

export const REPO = join(__dirname, '..', '..', '..');
export const INFRA = join(REPO, 'infra');
export const K8S = join(INFRA, 'k8s');

export const read = (path: string) => readFileSync(path, 'utf8');
export const rel = (path: string) => relative(REPO, path);
export const exists = (path: string) => existsSync(path);

/** Every file under `dir` whose name ends with one of `endings`, sorted. */
export function filesUnder(dir: string, ...endings: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && endings.some((ending) => entry.name.endsWith(ending)))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export interface YamlDocument {
  file: string;
  index: number;
  // Parsed YAML: its shape is what the tests check.
  body: any;
}

/** Every document of a YAML file; a syntax error (or a duplicate key) throws, naming the file. */
export function yamlDocuments(file: string): YamlDocument[] {
  return parseAllDocuments(read(file), { merge: true, uniqueKeys: true })
    .map((doc, index) => {
      if (doc.errors.length) throw new Error(`${rel(file)} document ${index + 1}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return { file, index, body: doc.toJS() };
    })
    .filter((doc) => doc.body !== null && doc.body !== undefined);
}

/** The single document of a YAML file. */
export function yamlFile(file: string): any {
  const docs = yamlDocuments(file);
  if (docs.length !== 1) throw new Error(`${rel(file)}: expected one YAML document, found ${docs.length}`);
  return docs[0].body;
}

/** `a.b.c` of a 1.2.3 version, compared numerically. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < b.length; i++) {
    if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > b[i];
  }
  return true;
}
