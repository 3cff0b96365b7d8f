import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { InvalidInput } from '../../domain/src';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      // class-validator starts its messages with the bare property name: give the full path.
      out.push(message.startsWith(e.property) ? `${path}${message.slice(e.property.length)}` : `${path}: ${message}`);
    }
    if (e.children?.length) out.push(...flatten(e.children, path));
  }
  return out;
}

/**
 * Validates a plain object against a DTO class the way the global
 * ValidationPipe does (unknown fields are errors) and returns the instance,
 * or throws InvalidInput naming every bad field.
 */
export function validateDto<T extends object>(cls: new () => T, plain: unknown): T {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new InvalidInput(['body must be a JSON object']);
  }
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  // Two constraints may say the same thing of one field (IsInt and Min of a string): say it once.
  if (errors.length) throw new InvalidInput([...new Set(flatten(errors))]);
  return instance;
}
