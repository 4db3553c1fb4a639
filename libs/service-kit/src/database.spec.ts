import { appDatabaseUrl } from './database';

describe('appDatabaseUrl', () => {
  it("keeps the owner's host, port, database and parameters, with the application role's user and password", () => {
    expect(appDatabaseUrl('postgres://postgres@127.0.0.1:5432/petition', 'petition_app')).toBe(
      'postgres://petition_app@127.0.0.1:5432/petition',
    );
    expect(appDatabaseUrl('postgresql://owner:s3cret@db.internal:6432/intake?sslmode=require', 'petition_app', 'p@ss/word')).toBe(
      'postgresql://petition_app:p%40ss%2Fword@db.internal:6432/intake?sslmode=require',
    );
  });
});
