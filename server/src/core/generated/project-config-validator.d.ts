// Types of the validator that scripts/build-validator.mjs generates from the project file's schema (ajv standalone code).
import type { ErrorObject } from 'ajv';

declare const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
export default validate;
