# Overflow, per policy: nothing is lost silently. A full queue counts each
# lost edge per line, and a RESYNC event in the stream says which line lost
# how many, where they went missing. The books balance exactly:
# produced == delivered + dropped + coalesced, and per line
# produced == delivered + lost.
import pinq


def show(name, q, lines):
    out = []
    for ev in q.drain():
        if ev.kind == pinq.RESYNC:
            out.append("RESYNC(line %d lost %d level %d)" % (ev.line, ev.lost, ev.level))
        else:
            out.append("%d:%s%d#%d" % (ev.line, pinq.kind_name(ev.kind), ev.level, ev.seq))
    print(name, " ".join(out))
    st = q.stats()
    print("  produced %d delivered %d dropped %d coalesced %d queued %d high_water %d" % (
        st["produced"], st["delivered"], st["dropped"], st["coalesced"], st["queued"], st["high_water"]))
    print("  balanced", st["produced"] == st["delivered"] + st["dropped"] + st["coalesced"],
          all(st["lines"][i]["produced"] == st["lines"][i]["delivered"] + st["lines"][i]["lost"] for i in lines))


for name, policy in (("DROP_NEWEST", pinq.DROP_NEWEST), ("DROP_OLDEST", pinq.DROP_OLDEST),
                     ("COALESCE", pinq.COALESCE)):
    q = pinq.Queue(4, overflow=policy)
    a, b = pinq.Manual(), pinq.Manual()
    la, lb = q.line(a), q.line(b)
    for i in range(6):
        a.edge(1 - (i & 1))  # RISE FALL RISE ...
    b.edge(1)
    show(name, q, (la, lb))
    # after the loss the queue works as before
    a.edge(0)
    show("  then", q, (la, lb))
    q.close()

# a producer much faster than the consumer: drain as it goes
q = pinq.Queue(8)
m = pinq.Manual()
ln = q.line(m)
got = lost = 0
for i in range(1000):
    m.edge(i & 1)
    if i % 50 == 0:
        for ev in q.drain():
            if ev.kind == pinq.RESYNC:
                lost += ev.lost
            else:
                got += 1
for ev in q.drain():
    if ev.kind == pinq.RESYNC:
        lost += ev.lost
    else:
        got += 1
st = q.stats()
print("1000 edges:", got + lost == 1000, got == st["delivered"], lost == st["dropped"], got, lost)
