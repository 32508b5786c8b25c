# pinq.Sim: a C thread drives a pin with contact bounce, asynchronously to
# the interpreter. (1) a raw line with the ISR-side lockout debounce: the
# bounce is counted and never reaches the ring; (2) a button through the
# input engine: two bouncy presses, 100 ms each, make PRESS/RELEASE twice
# and one double CLICK, decided on the ISR timestamps and delivered by the
# callback the engine's deadline wakes (no edge comes after the last one).
import pinq
import time


def wait_done(sim, extra_ms):
    while not sim.done():
        time.sleep_ms(5)
    time.sleep_ms(extra_ms)


# (1) 20 edges 10 ms apart, each followed by 3 glitch pairs 100 us apart
q = pinq.Queue(256)
sim = pinq.Sim(rate=100, count=20, bounce=3, bounce_us=100, level=1)
line = q.line(sim, debounce_ms=4)
sim.start()
wait_done(sim, 10)
evs = list(q.drain())
st = q.stats()["lines"][line]
print("edges made", sim.edges, "queued", st["produced"], "bounced", st["bounced"], "delivered", len(evs))
print("alternating, from low:", [e.level for e in evs] == [i & 1 for i in range(20)])
sim.stop()
q.close()

# (2) a bouncy button, active low
q = pinq.Queue(256)
sim = pinq.Sim(rate=10, count=4, bounce=3, bounce_us=300, level=1)
btn = q.button(sim, active=0)
seen = []


def on_events(q):
    for e in q.drain():
        seen.append((pinq.kind_name(e.kind), e.value, e.ticks_us))


q.on_events(on_events)
sim.start()
t0 = time.ticks_ms()
while not (seen and seen[-1][0] == "CLICK") and time.ticks_diff(time.ticks_ms(), t0) < 3000:
    time.sleep_ms(10)
print([k[:2] for k in seen])
# the CLICK is decided multi_ms (300) after the last release, on the ISR's
# timestamps, whenever Python happened to look
print("CLICK at last RELEASE + 300 ms:", time.ticks_diff(seen[-1][2], seen[-2][2]) == 300000)
st = q.stats()
print("edges", sim.edges, "all through the ring:", st["produced"] == sim.edges == st["delivered"])
sim.stop()
q.close()
