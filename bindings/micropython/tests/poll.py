# pinq.Poll(read, period_ms): a line the main loop samples. Each drain()
# (and pending(), and asyncio's poll rounds) calls read() once its period
# has passed; a change of level is one edge, stamped at the sample. The
# first sample is the line's level, not an edge.
import pinq
import time

level = [1]
reads = [0]


def read():
    reads[0] += 1
    return level[0]


q = pinq.Queue(16)
p = pinq.Poll(read, 50)
line = q.line(p)
print("first read at attach:", reads[0], "no edge:", list(q.drain()))
level[0] = 0
print("not due yet:", [pinq.kind_name(e.kind) for e in q.drain()], reads[0])
time.sleep_ms(60)
t0 = time.ticks_us()
evs = list(q.drain())
print("due:", [(pinq.kind_name(e.kind), e.level) for e in evs], reads[0],
      "stamped at the sample:", 0 <= time.ticks_diff(evs[0].ticks_us, t0) < 50000)
time.sleep_ms(60)
print("unchanged:", list(q.drain()), reads[0])
level[0] = 1
time.sleep_ms(60)
print("pending:", q.pending(), [(pinq.kind_name(e.kind), e.level) for e in q.drain()])


# a read that raises: the exception reaches the caller (attach, drain)
fails = [False]


def flaky():
    if fails[0]:
        raise OSError(5)
    return 0


q2 = pinq.Queue(8)
fails[0] = True
try:
    q2.line(pinq.Poll(flaky, 1))
except OSError as e:
    print("attach failed:", e, "line still free:", q2.stats()["lines"])
fails[0] = False
q2.line(pinq.Poll(flaky, 1))
fails[0] = True
time.sleep_ms(2)
try:
    list(q2.drain())
except OSError as e:
    print("read failed:", e)
q.close()
q2.close()
