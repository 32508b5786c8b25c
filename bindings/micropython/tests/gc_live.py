# Memory: a queue in use is kept alive by the module (interrupt contexts
# hold it where the collector cannot see) and collected once closed; one
# that never had a source is ordinary garbage. A queue fed by a thread
# survives collections with no Python reference left but its callback's.
import gc
import pinq
import time

got = {"events": 0, "lost": 0, "stats": None}


def start():
    q = pinq.Queue(8192)
    sim = pinq.Sim(rate=20000, count=10000)
    q.line(sim)

    def count(q):
        for e in q.drain():
            got["lost" if e.kind == pinq.RESYNC else "events"] += e.lost or 1
        got["stats"] = q.stats()

    q.on_events(count)
    sim.start()
    return sim


sim = start()  # the queue itself: referenced by no Python variable
junk = []
while not sim.done():
    junk.append(bytearray(1000))
    if len(junk) > 200:
        junk = []
        gc.collect()
t0 = time.ticks_ms()
while got["events"] + got["lost"] < 10000 and time.ticks_diff(time.ticks_ms(), t0) < 2000:
    time.sleep_ms(5)
st = got["stats"]
print("10000 edges through a queue only the module holds:", st["produced"] == 10000,
      st["produced"] == got["events"] + got["lost"] == st["delivered"] + st["dropped"])

# 200 queues of 64 KB each, 12.8 MB in all: far more than the heap, so
# they must be collected as they go
for i in range(200):
    q = pinq.Queue(4096)
    if i % 2:
        m = pinq.Manual()
        q.line(m)
        m.edge(1)
        q.close()
print("200 queues made and collected")
