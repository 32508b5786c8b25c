# pinq.Queue with a pinq.Manual source: edges, triggers, the Event object,
# drain() as an iterator, pending(), enable(), per-line books, close().
import pinq
import time


def names(q, **kw):
    return [pinq.kind_name(ev.kind) + str(ev.level) for ev in q.drain(**kw)]


q = pinq.Queue(16, lines=4)
a = pinq.Manual()
la = q.line(a)
print("line ids", la, q.line(pinq.Manual(1), pinq.RISING))
print("nothing yet", q.pending(), names(q))

t0 = time.ticks_us()
for level in (1, 0, 1, 1, 0):
    a.edge(level)
evs = list(q.drain())
t1 = time.ticks_us()
print([pinq.kind_name(e.kind) for e in evs], [e.level for e in evs], [e.seq for e in evs])
print("stamped in order", all(time.ticks_diff(e.ticks_us, t0) >= 0 and time.ticks_diff(t1, e.ticks_us) >= 0
                              for e in evs), all(time.ticks_diff(evs[i + 1].ticks_us, evs[i].ticks_us) >= 0
                                                 for i in range(4)))
e = evs[0]
print(e.line, e.kind == pinq.RISE, e.lost, e.value, e.flags, type(e).__name__)
print(repr(e).startswith("Event(line=0, kind=RISE, level=1, ticks_us="))

# a stamp given by the caller (a capture register, another clock)
a.edge(0, time.ticks_add(t0, -5000))
print("given stamp", [time.ticks_diff(t0, ev.ticks_us) for ev in q.drain()])

# triggers
r = pinq.Manual()
f = pinq.Manual(1)
hi = pinq.Manual()
lr = q.line(r, trigger=pinq.RISING)
lf = q.line(f, trigger=pinq.FALLING)
for level in (1, 0, 1, 0):
    r.edge(level)
    f.edge(level)
print("rising/falling", [(ev.line, pinq.kind_name(ev.kind)) for ev in q.drain()])
try:
    q.line(hi, trigger=pinq.LEVEL_HIGH)
except ValueError as err:
    print("full:", err)
q2 = pinq.Queue(8, lines=1)
q2.line(hi, trigger=pinq.LEVEL_HIGH)
for level in (1, 1, 0, 1):
    hi.edge(level)
print("level high", names(q2))

# drain(max) leaves the rest
for level in (1, 0, 1, 0, 1, 0):
    a.edge(level)
print("max 2", names(q, max=2), "pending", q.pending(), "rest", names(q))

# enable(): a disabled line queues and counts nothing
q.enable(la, False)
print("disabled edge returns EDISABLED", a.edge(1) == pinq.EDISABLED, names(q))
q.enable(la)
a.edge(0)
print("enabled again", names(q))

st = q.stats()
print([(k, st[k]) for k in ("produced", "delivered", "dropped", "coalesced", "queued", "capacity")])
for line, s in sorted(st["lines"].items()):
    print(line, s["produced"], s["delivered"], s["lost"], s["produced"] == s["delivered"] + s["lost"])

print(pinq.kind_name(pinq.CLICK), pinq.kind_name(pinq.RESYNC), pinq.kind_name(200))

with pinq.Queue(4) as q3:
    m = pinq.Manual()
    q3.line(m)
    m.edge(1)
print("closed, still drainable", names(q3))
try:
    q3.line(pinq.Manual())
except ValueError as err:
    print(err)
try:
    m.edge(0)
except ValueError as err:
    print(err)
q.close()
q2.close()
