import { commonEnvironment } from './common-environment';
import { EnvironmentError, int, parseEnvironment } from './environment';

describe('environment parsing', () => {
  const spec = {
    ...commonEnvironment,
    PORT: { description: 'port', default: '4001', parse: int(0, 65535) },
    PII_KEYS: { description: 'keys', secret: true, requiredInProduction: true, default: 'dev', parse: (raw: string) => raw },
  };

  it('applies defaults in development', () => {
    const env = parseEnvironment(spec, {});
    expect(env).toMatchObject({ PORT: 4001, NODE_ENV: 'development', NATS_SUBJECT_PREFIX: '', PII_KEYS: 'dev' });
  });

  it('lists every problem at once, without echoing secrets', () => {
    try {
      parseEnvironment(spec, { NODE_ENV: 'production', PORT: 'eighty', LOG_LEVEL: 'loud', NATS_SUBJECT_PREFIX: 'no dot' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      const problems = (error as EnvironmentError).problems.join('\n');
      for (const name of ['PORT', 'LOG_LEVEL', 'NATS_SUBJECT_PREFIX', 'DATABASE_URL', 'NATS_URL', 'PII_KEYS'])
        expect(problems).toContain(name);
    }
    const secret = () =>
      parseEnvironment(
        {
          SECRET: {
            description: 's',
            secret: true,
            parse: () => {
              throw new Error('bad');
            },
          },
        },
        { SECRET: 'hunter2' },
      );
    expect(secret).toThrow(/SECRET=\(hidden\) is invalid/);
    expect(secret).not.toThrow(/hunter2/);
  });
});
