# The page's charts over time (docs/compare-page.md, "Over time") against compare.json, read from the
# DOM that headless chromium dumped: per plan that ran, the cumulative-E line ends at the sum of
# the report's timeline.energy, which is the report's energy.total; the messages line counts the
# report's messages; each has a point per bucket; a first mote out is marked with the report's
# lifetime; a plan without a timeline gets a note instead. Usage: check_charts.py DOM COMPARE_JSON
import html
import json
import re
import sys

dom = open(sys.argv[1]).read()
compared = json.load(open(sys.argv[2]))


def near(got, want, what):
    assert abs(got - want) <= 1e-9 * max(1.0, abs(want)), f'{what}: the page has {got}, compare.json {want}'


def elements(tag, **wanted):
    found = []
    for match in re.finditer(rf'<{tag}\b([^>]*)>', dom):
        attributes = {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', match.group(1))}
        if all(attributes.get(k.replace('_', '-')) == v for k, v in wanted.items()):
            found.append(attributes)
    return found


curves = 0
for plan in compared['plans']:
    if plan['status'] != 'ran':
        continue
    name, report = plan['name'], plan['report']
    timeline = report.get('timeline')
    lines = [a for a in elements('polyline', data_plan=name) if 'series' in a.get('class', '')]
    if timeline is None:
        assert not lines, f'{name}: no timeline, yet the page draws {len(lines)} lines'
        notes = re.findall(r'<p class="note">([^<]*): no curves', dom)
        assert any(name in html.unescape(n).split(', ') for n in notes), f'{name}: no note says why it has no curves'
        continue
    energy = [a for a in lines if 'data-total' in a]
    messages = [a for a in lines if 'data-messages' in a]
    assert len(messages) == 1, f'{name}: {len(messages)} messages-per-minute lines'
    assert int(messages[0]['data-buckets']) == len(timeline['messages']), f'{name}: buckets of messages'
    assert int(messages[0]['data-messages']) == sum(timeline['messages']) == report['messages'], \
        f'{name}: the page counts {messages[0]["data-messages"]} messages, the timeline ' \
        f'{sum(timeline["messages"])}, the report {report["messages"]}'
    if timeline.get('energy') is None:
        assert not energy, f'{name}: E over time is unknown, yet drawn'
        continue
    assert len(energy) == 1, f'{name}: {len(energy)} cumulative-E lines'
    assert int(energy[0]['data-buckets']) == len(timeline['energy']), f'{name}: buckets of E'
    near(float(energy[0]['data-total']), sum(timeline['energy']), f'{name}: cumulative E at the end')
    near(sum(timeline['energy']), report['energy']['total'], f'{name}: the timeline sums to E')
    lifetime = report.get('lifetime')
    marks = elements('g', data_plan=name)
    marks = [m for m in marks if 'first-out' in m.get('class', '')]
    if isinstance(lifetime, dict):
        assert len(marks) == 1, f'{name}: {len(marks)} first-out marks'
        near(float(marks[0]['data-days']), lifetime['days'], f'{name}: lifetime')
        assert int(marks[0]['data-mote']) == lifetime['mote'], f'{name}: first mote out'
    else:
        assert not marks, f'{name}: no lifetime, yet a first-out mark'
    curves += 1
print(f'{curves} cumulative-E curves match compare.json')
