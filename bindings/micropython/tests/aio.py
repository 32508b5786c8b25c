# asyncio: `async for ev in q` and `await q.wait()`. The queue is a
# stream asyncio polls (like asyncio.ThreadSafeFlag): interrupt contexts
# never touch asyncio, other tasks keep running while one waits, and
# wait() works with wait_for (timeouts) and cancellation.
import asyncio
import pinq
import time


async def ticker(box):
    while True:
        box[0] += 1
        await asyncio.sleep_ms(2)


async def main():
    q = pinq.Queue(256)
    sim = pinq.Sim(rate=2000, count=200)
    line = q.line(sim)
    box = [0]
    tick = asyncio.create_task(ticker(box))
    sim.start()
    n = lost = 0
    async for ev in q:  # one event per step, in order
        if ev.kind == pinq.RESYNC:
            lost += ev.lost
        else:
            n += 1
        if n + lost == 200:
            break
    print("async for: 200 edges", n == 200, "others ran meanwhile:", box[0] > 10)
    sim.stop()

    try:
        await asyncio.wait_for_ms(q.wait(), 30)
        print("wait returned on an empty queue")
    except asyncio.TimeoutError:
        print("wait_for: timeout on an empty queue")

    # a signal arriving while the task waits
    sig = pinq.Signal(pinq.sigrt(3))
    sl = q.line(sig)

    async def later():
        await asyncio.sleep_ms(10)
        sig.send(1)

    asyncio.create_task(later())
    t0 = time.ticks_ms()
    r = await q.wait()
    print("wait ->", r, [(e.line == sl, pinq.kind_name(e.kind)) for e in q.drain()],
          time.ticks_diff(time.ticks_ms(), t0) >= 10)

    # cancelled while waiting: the queue can be awaited again
    w = asyncio.create_task(q.wait())
    await asyncio.sleep_ms(5)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        print("cancelled")
    sig.send(0)
    await q.wait()
    print("after cancel:", [pinq.kind_name(e.kind) for e in q.drain()])

    # a button's CLICK is decided after its last edge: the stream reports
    # it when its time comes, with no edge to wake anyone
    b = pinq.Manual(1)
    q.button(b, multi_ms=50)
    b.edge(0)
    await asyncio.sleep_ms(60)
    b.edge(1)
    kinds = []
    while "CLICK" not in kinds:
        ev = await q.__anext__()
        kinds.append(pinq.kind_name(ev.kind))
    print("button:", kinds)
    tick.cancel()
    q.close()


asyncio.run(main())
