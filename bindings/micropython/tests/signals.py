# pinq.Signal: POSIX signals as interrupts. The handler stamps and queues
# in signal context and kicks the queue's helper thread, which schedules
# the Python callback (a handler may not call mp_sched_schedule itself).
# Then a generator thread raises a real-time signal per edge while the main
# loop is stuck in C calls: edges preempt it, none is unaccounted for.
import pinq
import time

SIG_A = pinq.sigrt(1)
SIG_B = pinq.sigrt(2)

q = pinq.Queue(64)
sig = pinq.Signal(SIG_A)
line = q.line(sig)
calls = []


def on_events(q):
    batch = [(pinq.kind_name(e.kind), e.level) for e in q.drain()]
    if batch:  # a helper's late kick may bring a call with nothing left: harmless
        calls.append(batch)


for level in (1, 0, 0, 1):  # sigqueue: the level rides with the signal
    sig.send(level)
sig.send()  # kill: the line toggles
q.on_events(on_events)  # events already queued: one call for them all


def wait_calls(n):
    t0 = time.ticks_ms()
    while len(calls) < n and time.ticks_diff(time.ticks_ms(), t0) < 2000:
        time.sleep_ms(1)


wait_calls(1)
print("one call for the batch:", len(calls), calls[0])
sig.send(1)  # with a callback set: handler -> helper thread -> scheduled call
wait_calls(2)
print("then:", len(calls), calls[1])
try:
    q.line(pinq.Signal(SIG_A))
except ValueError as e:
    print(e)
q.close()

# a second queue may take the signal once the first is closed
q = pinq.Queue(4096)
line = q.line(pinq.Signal(SIG_A))
got = {"events": 0, "lost": 0, "calls": 0, "unstamped": 0}


def count(q):
    got["calls"] += 1
    for e in q.drain():
        if e.kind == pinq.RESYNC:
            got["lost"] += e.lost
        else:
            got["events"] += 1
            got["unstamped"] += e.ticks_us is None


q.on_events(count)
sim = pinq.Sim(5000, 1000)
sim.signal(SIG_A)  # each edge: pthread_sigqueue() to this (the main) thread
sim.start()
while not sim.done():
    pinq._busy(10)  # edges interrupt the C call; Python only runs in between
time.sleep_ms(20)
sim.stop()
count(q)
st = q.stats()
sent = sim.edges - sim.refused  # refused: the kernel's signal queue was full
print("signals delivered = produced:", st["produced"] == sent, "balanced:",
      st["produced"] == got["events"] + got["lost"] == st["delivered"] + st["dropped"],
      "stamped:", got["unstamped"] == 0)
print("fewer calls than edges:", got["calls"] < got["events"])
print("#", sim.edges, "edges,", sim.refused, "refused by the kernel,", got["events"], "delivered in", got["calls"],
      "calls")
q.close()
print("done")
