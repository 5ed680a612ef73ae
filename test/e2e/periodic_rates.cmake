# The report over time (docs/design.md §4, §9): the periodic program of test/golden/periodic_tasks
# under periodic/battery/auto.json (Meter::check placed by the estimate; Tmote Sky; two AA cells),
# for its hour of network time: its rates, lifetime and timeline, bucket by bucket. Inputs: BASE, PYTHON3, WORK_DIR, EXPECTED (its stdout).
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND "${BASE}" --report "${WORK_DIR}/report.json" RESULT_VARIABLE code
  OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 600)
file(READ "${EXPECTED}" expected)
if(NOT code EQUAL 0 OR NOT out STREQUAL expected)
  message(FATAL_ERROR "the auto plan (exit ${code}) printed:\n${out}\nexpected:\n${expected}\n${err}")
endif()
execute_process(COMMAND "${PYTHON3}" -c [=[
import json, sys
r = json.load(open(sys.argv[1]))
def near(got, want, what):
    assert abs(got - want) <= 1e-9 * max(1.0, abs(want)), f'{what}: {got}, by hand {want}'
# Two runFor(30 min): one hour.
assert r['network_time_ms'] == 3600000, r['network_time_ms']
near(r['duration_s'], 3600, 'duration_s')
# The estimate counts check's runs, 6 an hour per meter (12): on the base each is a READ of one
# value, 100 x 12 x (25 + 100) / 2 = 75000 an hour; on a meter the estimate takes every check to
# call overload() on the base with 3 values, 100 x 12 x 3 x 62.5 = 225000 (plus 12 x 4 operations).
# So check goes to the base, and the run is the onbase plan's (e2e.periodic): 44 messages,
# transmit 125000, O 360, E 125360; over one hour each rate is the count.
assert r['messages'] == 44 and r['energy']['transmit'] == 125000 and r['operations'] == 360, r
for key, total in (('messages', 44), ('transmit', 125000), ('energy', 125360), ('bytes', r['bytes'])):
    near(r['per_hour'][key], total, 'per_hour.' + key)
# Tmote Sky: 3 V; cpu 1.8 mA at 3.9 MHz, 4 cycles an operation; transmit 17.4 mA, listen 18.8 mA,
# at 250 kbit/s; the radio listens 0.8 % of the time when idle.
idle = 0.008 * 3600 * 18.8e-3 * 3  # 1.62432 J an hour on every meter
worst = None
for node in r['nodes']:
    if node['id'] == 0:
        assert 'joules' not in node
        continue
    j = node['joules']
    near(j['cpu'], node['operations'] * 4 / 3.9e6 * 1.8e-3 * 3, f'mote {node["id"]} cpu')
    near(j['transmit'], node['bytes_sent'] * 8 / 250000 * 17.4e-3 * 3, f'mote {node["id"]} transmit')
    near(j['listen'], node['bytes_received'] * 8 / 250000 * 18.8e-3 * 3 + idle, f'mote {node["id"]} listen')
    total = j['cpu'] + j['transmit'] + j['listen']
    near(node['per_hour']['joules'], total, f'mote {node["id"]} joules per hour')
    near(node['per_hour']['messages_sent'], node['messages_sent'], f'mote {node["id"]} messages per hour')
    # 2600 mAh at 3 V = 2600 x 3.6 x 3 = 28080 J, spent at `total` J an hour.
    days = 28080 / total / 24
    if worst is None or days < worst[0]: worst = (days, node['id'])
# The first to run out is the meter that spent the most (meter 1 on a tie: both answer 10 READs);
# idle listening (1.62 J an hour) dominates, so about 720 days.
near(r['lifetime']['days'], worst[0], 'lifetime.days')
assert r['lifetime']['mote'] == worst[1], r['lifetime']
assert 700 < r['lifetime']['days'] < 720.3, r['lifetime']
# The run over time (runtime/README.md, "Measured operations"): 60 buckets of a minute, minute m's
# bucket ending at m. The meters sample every minute (3 operations each, no radio), so every bucket
# holds 6 operations. The base checks both meters at 10, 20, ..., 60 minutes (a READ and its RESULT,
# 1 value, each) and audits them at 30 and 60 (the same); at 10 each READ follows the meter's
# HELLO and its answer; at 60, after the hour, it calls total() and samples() on each (4 calls).
t = r['timeline']
assert t['bucket_s'] == 60 and len(t['messages']) == 60, (t['bucket_s'], len(t['messages']))
reads = {10: 2, 20: 2, 30: 4, 40: 2, 50: 2, 60: 8}  # requests answered with a value, both meters
hellos = {10: 2}
assert t['messages'] == [2 * (reads.get(m, 0) + hellos.get(m, 0)) for m in range(1, 61)], t['messages']
# A RESULT of one value costs 100 x d2: 25 from meter 1, 100 from meter 2, half the requests each.
for m in range(1, 61):
    transmit = reads.get(m, 0) / 2 * 100 * (25 + 100)
    near(t['transmit'][m - 1], transmit, f'timeline.transmit at minute {m}')
    near(t['energy'][m - 1], 6 + transmit, f'timeline.energy at minute {m}')
# A minute without radio traffic: the cpu of 6 operations and the idle listening of two meters.
near(t['joules'][0], 6 * 4 / 3.9e6 * 1.8e-3 * 3 + 2 * 0.008 * 60 * 18.8e-3 * 3, 'timeline.joules, minute 1')
# Each series sums to the report's total.
assert sum(t['messages']) == r['messages'] and sum(t['bytes']) == r['bytes'], t
near(sum(t['transmit']), r['energy']['transmit'], 'timeline.transmit in all')
near(sum(t['energy']), r['energy']['total'], 'timeline.energy in all')
near(sum(t['joules']), r['joules']['total'], 'timeline.joules in all')
print('duration', r['duration_s'], 's; lifetime', r['lifetime'], '; timeline of', len(t['messages']), 'buckets')
]=] "${WORK_DIR}/report.json" RESULT_VARIABLE check_code OUTPUT_VARIABLE check_out ERROR_VARIABLE check_err)
if(NOT check_code EQUAL 0)
  message(FATAL_ERROR "the report over time:\n${check_out}${check_err}")
endif()
message(STATUS "${check_out}")
