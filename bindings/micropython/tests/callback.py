# q.on_events(callback): one scheduled call per batch of events, never one
# per edge; the scheduler never fills because of pinq (sched_refused 0).
import pinq
import time


def settle():
    for i in range(20):  # let the scheduler run what is pending
        time.sleep_ms(1)


# events that came before the callback: one call; drain(max) leaves the
# rest, and the callback is called again while some remain
q = pinq.Queue(64)
m = pinq.Manual()
q.line(m)
for i in range(10):
    m.edge(i & 1)
sizes = []
q.on_events(lambda q: sizes.append(len(list(q.drain(max=3)))))
settle()
print("partial drains:", sizes)

# a callback that raises: its exception is reported, the queue goes on
boom = [True]


def fragile(q):
    n = len(list(q.drain()))
    if boom[0]:
        boom[0] = False
        raise RuntimeError("callback failed after %d events" % n)
    sizes.append(n)


sizes.clear()
q.on_events(fragile)
m.edge(1)
settle()
m.edge(0)
settle()
print("after a failing call:", sizes)

# None removes the callback: edges stay queued for drain()
q.on_events(None)
m.edge(1)
settle()
print("no callback:", sizes, len(list(q.drain())))
q.close()

# edges from a thread while the main loop sits in C: at most one call per
# pass of the loop, however many edges came meanwhile
q = pinq.Queue(4096)
sim = pinq.Sim(rate=100000, count=3000)
q.line(sim)
calls = []
q.on_events(lambda q: calls.append(len(list(q.drain()))))
sim.start()
passes = 0
while not sim.done():
    pinq._busy(20)
    passes += 1
settle()
sim.stop()
st = q.stats()
print("3000 edges:", sum(calls) == 3000, "calls <= passes + 1:", len(calls) <= passes + 1,
      "scheduled == calls:", st["scheduled"] == len(calls), "refused:", st["sched_refused"])
print("#", len(calls), "calls,", passes, "passes, batches", calls)
q.close()
