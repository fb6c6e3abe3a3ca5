import { ArloNotFoundError } from '../../../src/arlo/errors';
import { XmlWriteError } from '../../../src/arlo/xml-writer';
import { FAILURE_TYPES } from '../../../src/domain/failure-types';

// Activities type a failure by its error's class name; the named constants must be those names.
it('names failure types as the errors that cause them are named', () => {
  expect(FAILURE_TYPES.arloNotFound).toBe(new ArloNotFoundError(undefined).name);
  expect(FAILURE_TYPES.unwritableXml).toBe(new XmlWriteError('x').name);
});
