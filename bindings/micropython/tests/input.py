# The input engine through pinq.Queue: buttons (debounce, click, double
# click, long press, repeat), an encoder, a chord, and a loss turned into
# LOST. Edges are posted with given timestamps (pinq.Manual.edge(level,
# ticks_us)), all before the first drain: the engine decides on the ISR
# timeline, so the events and their times are exact, however late Python
# looks at them.
import pinq
import time

T = time.ticks_add(time.ticks_us(), -20000000)  # 20 s ago


def at(ms):
    return time.ticks_add(T, ms * 1000)


def show(q):
    for e in q.drain():
        print("  %-8s line %d value %d at %d ms" % (pinq.kind_name(e.kind), e.line, e.value,
                                                    time.ticks_diff(e.ticks_us, T) // 1000))


q = pinq.Queue(64, lines=8)
b = pinq.Manual(1)  # idle high: a button to ground
rep = pinq.Manual(1)
btn = q.button(b)
rbtn = q.button(rep, long_ms=3000, repeat_ms=500, repeat_every_ms=200)
ea, eb = pinq.Manual(0), pinq.Manual(0)
enc = q.encoder(ea, eb)
print("lines: button", btn, "repeat button", rbtn, "encoder", enc)


def press(src, down_ms, up_ms, bounce=0):
    src.edge(0, at(down_ms))
    for i in range(bounce):  # contact bounce: 1 ms glitches
        src.edge(1, at(down_ms + 1 + 2 * i))
        src.edge(0, at(down_ms + 2 + 2 * i))
    src.edge(1, at(up_ms))


press(b, 0, 100, bounce=2)  # click, bouncy
press(b, 1000, 1080)  # double click
press(b, 1200, 1280)
press(b, 3000, 4500)  # long press
press(rep, 6000, 7000)  # held 1 s: repeats from 500 ms, every 200 ms
for src, level, t in ((ea, 1, 8000), (eb, 1, 8010), (ea, 0, 8020), (eb, 0, 8030),  # one detent one way
                      (eb, 1, 9000), (ea, 1, 9010), (eb, 0, 9020), (ea, 0, 9030)):  # and back
    src.edge(level, at(t))
print("buttons and encoder:")
show(q)
q.close()

# a chord: two buttons pressed within its window
q = pinq.Queue(64, lines=4)
ok, cancel = pinq.Manual(1), pinq.Manual(1)
lo, lc = q.button(ok), q.button(cancel)
cid = q.chord((lo, lc), window_ms=80, id=100)
print("chord", cid, "of lines", lo, lc)
ok.edge(0, at(0))
cancel.edge(0, at(30))
ok.edge(1, at(500))
cancel.edge(1, at(520))
show(q)
q.close()

# a loss: a button on a queue too small for its edges
q = pinq.Queue(4, lines=2)
b = pinq.Manual(1)
q.button(b)
for i in range(10):
    b.edge(i & 1, at(100 * i))
print("overflow on a button:")
show(q)
st = q.stats()
print("  books:", st["produced"], st["delivered"], st["dropped"], st["lines"][0]["lost"])
q.close()
