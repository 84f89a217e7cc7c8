/**
 * The post-shipment risk score: each factor adds points with a one-line reason, so an officer sees why a check was
 * proposed. Policy values (which destinations, which hubs, the threshold) are constants here, reviewed with the policy team.
 */

/** Destinations under UN, EU or UK arms embargo or restrictive measures (ISO alpha-2). */
export const DESTINATIONS_OF_CONCERN = ['AF', 'BY', 'CD', 'CF', 'CN', 'IQ', 'IR', 'KP', 'LB', 'LY', 'ML', 'MM', 'RU', 'SD', 'SO', 'SS', 'SY', 'VE', 'YE', 'ZW'];
/** Countries named in EU/UK/US guidance as common transshipment hubs for diverted controlled goods. */
export const DIVERSION_HUBS = ['AE', 'AM', 'AZ', 'GE', 'HK', 'KG', 'KZ', 'MY', 'RS', 'SG', 'TR', 'UZ'];
export const PROPOSE_AT = 40;
export const DEFAULT_RANDOM_SHARE = 0.1;

export interface RiskInput {
  ratings: (string | null)[];
  destination: string | null;
  transit: string[];
  /** Outcomes of earlier checks on the party (any licence). */
  pastOutcomes: string[];
  listed: boolean;
  /** Day of the party's last reported check, or null. */
  lastCheckOn: string | null;
  today: string;
}

export interface Factor {
  factor: 'sensitivity' | 'destination' | 'diversion_hub' | 'party_history' | 'time_since_check' | 'random';
  points: number;
  detail: string;
}

function sensitivity(ratings: (string | null)[]): Factor {
  const rated = ratings.filter((r): r is string => !!r).map((r) => r.toUpperCase());
  if (rated.some((r) => r.startsWith('ML') || r.startsWith('0') || /^1C35/.test(r))) return { factor: 'sensitivity', points: 30, detail: `military, nuclear or chemical-weapons precursor items (${rated.join(', ')})` };
  if (rated.length) return { factor: 'sensitivity', points: 15, detail: `dual-use items (${rated.join(', ')})` };
  return { factor: 'sensitivity', points: 0, detail: 'no rated items' };
}

export function scoreRisk(i: RiskInput): { score: number; factors: Factor[] } {
  const factors: Factor[] = [sensitivity(i.ratings)];
  const dest = (i.destination ?? '').toUpperCase();
  factors.push(DESTINATIONS_OF_CONCERN.includes(dest) ? { factor: 'destination', points: 25, detail: `${dest} is under embargo or restrictive measures` } : { factor: 'destination', points: 0, detail: `${dest || 'unknown'} is not a destination of concern` });
  const hubs = [dest, ...i.transit.map((t) => t.toUpperCase())].filter((c) => DIVERSION_HUBS.includes(c));
  factors.push(hubs.length ? { factor: 'diversion_hub', points: 20, detail: `routed through or to a diversion hub (${[...new Set(hubs)].join(', ')})` } : { factor: 'diversion_hub', points: 0, detail: 'no diversion hub on the route' });
  const adverse = i.pastOutcomes.filter((o) => o !== 'verified').length;
  const verified = i.pastOutcomes.length - adverse;
  let history = Math.min(40, adverse * 20) + (i.listed ? 30 : 0) - (verified && !adverse ? 10 : 0);
  history = Math.max(-10, history);
  factors.push({ factor: 'party_history', points: history, detail: `${adverse} adverse and ${verified} favourable earlier check(s)${i.listed ? '; on the Unverified List' : ''}` });
  if (!i.lastCheckOn) factors.push({ factor: 'time_since_check', points: 15, detail: 'never checked' });
  else {
    const days = Math.floor((Date.parse(i.today) - Date.parse(i.lastCheckOn)) / 86_400_000);
    const points = days > 730 ? 10 : days < 180 ? -20 : 0;
    factors.push({ factor: 'time_since_check', points, detail: `last checked ${days} day(s) ago` });
  }
  return { score: factors.reduce((s, f) => s + f.points, 0), factors };
}
