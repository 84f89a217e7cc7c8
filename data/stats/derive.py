"""Derives the bundled stats files from the CAAT compilation of UK strategic export licensing statistics.

Run from the repository root with the source checkout at ../shared/data/stats:
    python3 data/stats/derive.py ../shared/data/stats
Writes data/stats/*.csv.gz (see PROVENANCE.md). Standard library only.
"""
import collections, csv, gzip, io, sys, os

src = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/stats'
uk = os.path.join(src, 'uk-export-licences')
out = os.path.dirname(os.path.abspath(__file__))

# ISO codes: from the current release's incorporation-destinations.csv, plus hand-mapped names it lacks.
iso = {}
for r in csv.DictReader(open(os.path.join(uk, 'current-2026-04/incorporation-destinations.csv'), encoding='utf-8')):
    iso.setdefault(r['destination'], r['iso2'])
iso.update({
    'Burma': 'MM', 'San Marino': 'SM', 'Macao': 'MO', 'Falkland Islands': 'FK', 'Liberia': 'LR', 'Faroe Islands': 'FO',
    'Cape Verde': 'CV', 'Barbados': 'BB', 'Dominica': 'DM', 'Montserrat': 'MS', 'Svelbard Archipelago': 'SJ', 'Tajikistan': 'TJ',
    'Guinea-Bissau': 'GW', 'Andorra': 'AD', 'American Samoa': 'AS', 'Eritrea': 'ER', 'Maldives': 'MV', 'Benin': 'BJ',
    'Grenada': 'GD', 'Gambia': 'GM', 'Comoros': 'KM', 'Antarctica': 'AQ', 'St Vincent (including the Grenadines)': 'VC',
    'Surinam': 'SR', 'Laos': 'LA', 'Solomon Islands': 'SB', 'Mayotte (Grand Terre and Pamanzi)': 'YT', 'St Lucia': 'LC',
    'Sudan': 'SD', 'Swaziland': 'SZ', 'Liechtenstein': 'LI', 'Bhutan': 'BT', 'Sarawak': 'MY', 'Turks and Caicos Islands': 'TC',
    'North Korea': 'KP', 'Macedonia': 'MK', 'Kyrgyzstan': 'KG', 'Aland Islands': 'AX', 'Burundi': 'BI',
    'Antigua and Barbuda': 'AG', 'Sao Tome and Principe': 'ST', 'Haiti': 'HT', 'East Timor': 'TL', 'St Helena': 'SH',
    'Zimbabwe': 'ZW', 'Netherlands Antilles': 'AN',
})

snap = os.path.join(uk, 'snapshot-2015-07')
groups = collections.OrderedDict()
for r in csv.DictReader(open(os.path.join(snap, 'values.csv'), encoding='utf-8')):
    groups.setdefault(r['licence_group'], []).append(r)
crit = collections.defaultdict(set)
for r in csv.DictReader(open(os.path.join(snap, 'refusal-criteria.csv'), encoding='utf-8')):
    crit[r['licence_group']].add(r['criteria'])

def write_gz(name, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(header)
    w.writerows(rows)
    with gzip.GzipFile(os.path.join(out, name), 'wb', compresslevel=9, mtime=0) as f:
        f.write(buf.getvalue().encode('utf-8'))
    print(name, len(rows), 'rows')

def group_row(k, v):
    ratings = ';'.join(sorted(set(x['rating'].upper() for x in v)))
    value = sum(int(x['value']) for x in v if x['value'])
    return [v[0]['date'], v[0]['country'], iso.get(v[0]['country'], ''), 'refused' if v[0]['refused'] == '1' else 'approved', ratings, value, ';'.join(sorted(crit.get(k, ())))]

# 1. Case profiles 2012-2014 (the three last complete years): distinct (destination, ratings, outcome, criteria) with counts and value.
agg = collections.OrderedDict()
for k, v in groups.items():
    if v[0]['date'][:4] not in ('2012', '2013', '2014'):
        continue
    _, dest, iso2, outcome, ratings, value, criteria = group_row(k, v)
    key = (dest, iso2, outcome, ratings, criteria)
    a = agg.setdefault(key, [0, 0])
    a[0] += 1
    a[1] += value
write_gz('uk-case-profiles-2012-2014.csv.gz', ['destination', 'iso2', 'outcome', 'ratings', 'criteria', 'cases', 'value_gbp'],
         [list(k) + v for k, v in agg.items()])

# 2. Golden fixture: every licence decision of 2014 Q4, one row per licence group.
q4 = [[k] + group_row(k, v) for k, v in groups.items() if '2014-10-01' <= v[0]['date'] <= '2014-12-31']
write_gz('uk-siel-2014q4.csv.gz', ['licence_group', 'date', 'destination', 'iso2', 'outcome', 'ratings', 'value_gbp', 'criteria'], q4)

# 3. The published totals for that quarter, counted straight from the source rows (distinct licence groups per destination and decision).
pub = collections.defaultdict(lambda: [set(), set()])
for k, v in groups.items():
    for x in v:
        if '2014-10-01' <= x['date'] <= '2014-12-31':
            pub[x['country']][int(x['refused'])].add(k)
write_gz('uk-siel-2014q4-published-by-destination.csv.gz', ['destination', 'issued', 'refused'],
         [[d, len(s[0]), len(s[1])] for d, s in sorted(pub.items())])
# Refused licence groups citing each criterion (the source repeats a criterion once per item row or licence in a group).
critpairs = set()
for r in csv.DictReader(open(os.path.join(snap, 'refusal-criteria.csv'), encoding='utf-8')):
    v = groups.get(r['licence_group'])
    if v and '2014-10-01' <= v[0]['date'] <= '2014-12-31':
        critpairs.add((r['licence_group'], r['criteria']))
critpub = collections.Counter(c for _, c in critpairs)
write_gz('uk-siel-2014q4-published-criteria.csv.gz', ['criterion', 'cited'], sorted(critpub.items()))

# 4. Ratings (current release) and criteria descriptions.
rat = list(csv.reader(open(os.path.join(uk, 'current-2026-04/ratings.csv'), encoding='utf-8')))
write_gz('ratings.csv.gz', rat[0], rat[1:])
desc = {}
for r in csv.DictReader(open(os.path.join(uk, 'current-2026-04/refusal-criteria.csv'), encoding='utf-8')):
    desc.setdefault(r['criterion'], r['description'])
cnt = collections.Counter(r['criterion'] for r in csv.DictReader(open(os.path.join(uk, 'current-2026-04/refusal-criteria.csv'), encoding='utf-8')))
write_gz('refusal-criteria.csv.gz', ['criterion', 'description', 'cited_2008_2025'], [[c, desc[c], cnt[c]] for c in sorted(desc)])
