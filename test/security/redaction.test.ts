import { describe, expect, it } from 'vitest';
import { addressVariants, nameVariants, redact, redactionPreview } from '../../src/platform/redaction.js';

/** Public-rationale redaction (issue 13): every name variant of every party and the exporter, and partial addresses. */
describe('public rationale redaction', () => {
  const parties = { names: ['Acme Defence Systems Ltd', 'Northwind Trading & Logistics LLC', 'Exporter A Ltd'], addresses: ['Unit 4, 12 Harbour Road, Portsmouth PO1 2AB, United Kingdom', '7 Rue de la Paix, 75002 Paris, France'] };

  it('removes short names, names without their legal form, other spellings and partial addresses', () => {
    const text =
      'Acme Defence asked for the goods; ACME-DEFENCE and Acme confirmed. Northwind Trading and Logistics ships them from Harbour Road, Portsmouth (PO1 2AB) to rue de la Paix, Paris. Exporter A is the applicant. Destination: France.';
    const res = redactionPreview(text, parties);
    for (const leaked of ['Acme', 'ACME', 'Northwind', 'Harbour Road', 'Portsmouth', 'PO1 2AB', 'Rue de la Paix', 'Paris', 'Exporter A']) expect(res.text.toLowerCase(), leaked).not.toContain(leaked.toLowerCase());
    // The destination country is public information and stays readable.
    expect(res.text).toContain('Destination: France.');
    expect(res.text).toContain('[redacted] asked for the goods');
    // The officer's preview lists what went.
    expect(res.removed).toEqual(expect.arrayContaining(['Acme Defence', 'ACME-DEFENCE', 'Acme', 'Portsmouth', 'Paris']));
  });

  it('keeps technical values and ordinary words', () => {
    const res = redactionPreview('Frequency 5.8 GHz at 2000 W; systems for defence of harbours.', parties);
    expect(res.text).toBe('Frequency 5.8 GHz at 2000 W; systems for defence of harbours.');
    expect(res.removed).toEqual([]);
  });

  it('derives name variants and address parts', () => {
    expect(nameVariants('Acme Defence Systems Ltd')).toEqual(['Acme Defence Systems Ltd', 'Acme Defence Systems', 'Acme Defence', 'Acme']);
    expect(nameVariants('Global Systems GmbH')).toEqual(['Global Systems GmbH', 'Global Systems']);
    expect(addressVariants('7 Rue de la Paix, 75002 Paris, France')).toEqual(['7 Rue de la Paix, 75002 Paris, France', '7 Rue de la Paix', 'Rue de la Paix', '75002 Paris', 'Paris']);
  });

  it('keeps the old contract: names, addresses, phones, emails and links become [redacted]', () => {
    const out = redact('Harbour Systems Pty (1 Dock Road) — call +44 20 7946 0958 or mail a.b@harbour.example, see https://x.example/a', ['Harbour Systems Pty', '1 Dock Road']);
    expect(out).toBe('[redacted] ([redacted]) — call [redacted] or mail [redacted], see [redacted]');
  });
});
