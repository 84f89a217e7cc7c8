import { describe, expect, it } from 'vitest';
import { docTokens, nameSimilarity, normaliseUnit, parameterKey, parameterScore, parseQuantity, TfIdfIndex, tokenize, valueSimilarity, combine } from './classification.similarity.js';
import { codeFormatProblem, normaliseCode } from './classification.controls.js';
import { redactManufacturer, redactText } from './classification.redact.js';

describe('tokenize', () => {
  it('lower-cases, folds accents, drops stop words and stems', () => {
    expect(tokenize('The Gas Centrifuges, désigned for Uranium métal')).toEqual(['ga', 'centrifug', 'uranium', 'metal']);
    expect(tokenize('AD9361 RF transceiver')).toEqual(['ad9361', 'rf', 'transceiv']);
  });
  it('makes parameter names comparable', () => {
    expect(parameterKey('Output Powers')).toBe(parameterKey('output power'));
  });
});

describe('quantities', () => {
  it('removes SI prefixes so 5.8 GHz equals 5800 MHz', () => {
    const a = parseQuantity('5.8', 'GHz');
    const b = parseQuantity('5800 MHz');
    expect(a.baseUnit).toBe('Hz');
    expect(b.baseUnit).toBe('Hz');
    expect(a.num).toBeCloseTo(5.8e9);
    expect(b.num).toBeCloseTo(5.8e9);
  });
  it('reads thousands separators, comparison signs and lower-case units', () => {
    expect(parseQuantity('≥ 1,000', 'mhz').num).toBeCloseTo(1e9);
    expect(normaliseUnit('dBm')).toEqual({ factor: 1, base: 'dBm' });
    expect(normaliseUnit('kg')).toEqual({ factor: 1000, base: 'g' });
    expect(parseQuantity('stainless steel').num).toBeNull();
  });
  it('scores close values high, far values low, other units zero', () => {
    const p = (value: string, unit: string) => ({ nameKey: 'x', value, ...(({ num, baseUnit }) => ({ num, baseUnit }))(parseQuantity(value, unit)) });
    expect(valueSimilarity(p('5.8', 'GHz'), p('5800', 'MHz'))).toBeCloseTo(1);
    expect(valueSimilarity(p('5', 'GHz'), p('6', 'GHz'))).toBeCloseTo(5 / 6);
    expect(valueSimilarity(p('5', 'GHz'), p('5', 'MHz'))).toBeLessThan(0.01);
    expect(valueSimilarity(p('5', 'GHz'), p('5', 'W'))).toBe(0);
  });
  it('matches parameters by name and averages over the query', () => {
    const q = [
      { nameKey: 'frequenc', value: '5.8', num: 5.8e9, baseUnit: 'Hz' },
      { nameKey: 'output power', value: '1', num: 1, baseUnit: 'W' },
    ];
    const c = [{ nameKey: 'frequenc', value: '5.8', num: 5.8e9, baseUnit: 'Hz' }];
    const s = parameterScore(q, c);
    expect(s.score).toBeCloseTo(0.5);
    expect(s.matched).toEqual(['frequenc']);
    expect(nameSimilarity('output power', 'power')).toBe(0.5);
    expect(nameSimilarity('output power', 'input voltage')).toBe(0);
  });
});

describe('TF-IDF', () => {
  const docs = [
    { name: 'Gas centrifuge rotor', description: 'Rotor tube for uranium enrichment centrifuges', manufacturer: 'Alpha' },
    { name: 'Wireless transceiver', description: '5.8 GHz radio module with encryption', manufacturer: 'Beta' },
    { name: 'Rotor blade', description: 'Helicopter rotor blade', manufacturer: 'Gamma' },
  ];
  const index = new TfIdfIndex(docs.map(docTokens));
  it('ranks the document sharing the rare words first', () => {
    const s = index.score(tokenize('centrifuge rotor'));
    expect(s[0]).toBeGreaterThan(s[2]);
    expect(s[2]).toBeGreaterThan(0);
    expect(s[1]).toBe(0);
    expect(index.score(tokenize('radio encryption'))[1]).toBeGreaterThan(0.3);
  });
  it('returns 0 for nothing and combines text and parameters', () => {
    expect(index.score([])).toEqual([0, 0, 0]);
    expect(combine(1, 0)).toBeCloseTo(0.6);
    expect(combine(null, 0.4)).toBeCloseTo(0.4);
  });
});

describe('control codes', () => {
  it('normalises and checks the format per list', () => {
    expect(normaliseCode(' 5a002.A.1 ')).toBe('5A002.a.1');
    expect(codeFormatProblem('eu', '5A002.a.1')).toBeNull();
    expect(codeFormatProblem('eu', '5X002')).toMatch(/not a EU control code/);
    expect(codeFormatProblem('eu', 'ML10')).not.toBeNull();
    expect(codeFormatProblem('uk', 'ML10.a')).toBeNull();
    expect(codeFormatProblem('uk', 'ML23')).not.toBeNull();
    expect(codeFormatProblem('us', 'EAR99')).toBeNull();
  });
});

describe('redaction', () => {
  const r = { organisationName: 'Acme Radio Ltd', hiddenPartNumber: 'AR-58X', people: ['jane@acme.example', 'Jane Doe'] };
  it('removes organisation, part number, emails, phones and people', () => {
    const out = redactText('Acme Radio AR-58X, contact Jane Doe at jane.doe@acme.example or +44 20 7946 0000; 5800 MHz', r);
    expect(out).toBe('[organisation] [part number], contact [person] at [email removed] or [phone removed]; 5800 MHz');
  });
  it('replaces whole words only', () => {
    const tek = { organisationName: 'Tek', hiddenPartNumber: 'A1', people: [] };
    expect(redactText('Tek Technology module A1, not A12', tek)).toBe('[organisation] Technology module [part number], not A12');
  });
  it('hides the manufacturer when it is the requesting organisation', () => {
    expect(redactManufacturer('ACME RADIO', r)).toBe('[organisation]');
    expect(redactManufacturer('Analog Devices', r)).toBe('Analog Devices');
  });
});
