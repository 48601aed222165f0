import { strict as assert } from 'node:assert';
import { ConfigDocument } from '../../../server/src/core/document';
import { closedValues, keyOptions, lookup } from '../../../server/src/core/intelligence/schema-lookup';

const doc = (text: string) => new ConfigDocument(text);

describe('branch-aware schema lookup', () => {
  it('under smtp.mode: oauth2, username is the oauth2 one; under basic, the basic one', () => {
    const oauth2 = lookup(doc('smtp:\n  mode: oauth2\n'), ['smtp', 'username']);
    const basic = lookup(doc('smtp:\n  mode: basic\n'), ['smtp', 'username']);
    assert.match(oauth2?.schema.description ?? '', /send email from the From mailbox/);
    assert.match(basic?.schema.description ?? '', /SMTP Server Account Username/);
    assert.deepEqual(oauth2?.chosen, [{ path: ['smtp'], key: 'mode', value: 'oauth2' }]);
  });

  it('under identityProvider.type: saml, no Imprivata Directory key; under imprivata-directory, no SAML key', () => {
    const saml = keyOptions(doc('identityProvider:\n  type: saml\n'), ['identityProvider']).map((o) => o.key);
    assert.ok(saml.includes('metadataUrl'));
    for (const key of ['directoryDomain', 'adminUsername', 'adminPassword']) assert.ok(!saml.includes(key), key);
    const directory = keyOptions(doc('identityProvider:\n  type: imprivata-directory\n'), ['identityProvider']).map((o) => o.key);
    assert.deepEqual(directory, ['type', 'directoryDomain', 'adminUsername', 'adminPassword']);
    assert.equal(lookup(doc('identityProvider:\n  type: saml\n'), ['identityProvider', 'directoryDomain']), undefined);
  });

  it('without a choice (missing, misspelt or ${env:}): the discriminator first, every key once, saying which branches use it', () => {
    for (const text of [
      'identityProvider:\n  displayName: x\n',
      'identityProvider:\n  type: entra\n',
      'identityProvider:\n  type: ${env:IDP}\n',
    ]) {
      const options = keyOptions(doc(text), ['identityProvider']);
      assert.equal(options[0].key, 'type');
      assert.ok(options[0].discriminator);
      const keys = options.map((o) => o.key);
      assert.equal(new Set(keys).size, keys.length);
      assert.deepEqual(options.find((o) => o.key === 'directoryDomain')?.onlyIn, { key: 'type', values: ['imprivata-directory'] });
      assert.deepEqual(options.find((o) => o.key === 'metadataUrl')?.onlyIn, { key: 'type', values: ['entra-id', 'saml'] });
    }
  });

  it('the values of a discriminator and of an enum come from the schema', () => {
    assert.deepEqual(closedValues(doc(''), ['identityProvider', 'type']), ['imprivata-directory', 'entra-id', 'saml']);
    assert.deepEqual(closedValues(doc(''), ['smtp', 'mode']), ['basic', 'oauth2']);
    assert.deepEqual(closedValues(doc('smtp:\n  mode: basic\n'), ['smtp', 'minTlsVersion']), ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(closedValues(doc(''), ['appliances', 3, 'cloudConnect']), ['running', 'disabled']);
  });

  it('list items through items, extension keys through patternProperties, unknown keys not at all', () => {
    assert.match(lookup(doc(''), ['firewall', 'allowlist', 12, 'port'])?.schema.description ?? '', /TCP port/);
    assert.match(lookup(doc(''), ['x-defaults'])?.schema.description ?? '', /extension key/);
    assert.equal(lookup(doc(''), ['smtpp']), undefined);
  });
});
