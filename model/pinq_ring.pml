/* model/pinq_ring.pml - Promela model of pinq's overflow protocol
 * (src/pinq_ring.c): how lost events are counted per line and reported
 * by RESYNCs in their place in the stream. Checked exhaustively by
 * tools/check-model.sh; docs/design.md, "Model check (Spin)", says what
 * is modelled and what each run covers.
 *
 * Configurations (spin -D...):
 *   (default)    fifo: SPSC, DROP_NEWEST. One producer posts NEV events,
 *                each on line 0 or 1 (every choice explored), against one
 *                consumer that reports trailing losses itself.
 *   MPSC         stamped (Vyukov) ring, DROP_NEWEST: two producers (line
 *                0 and line 1, NEV and NEV1 events) and a consumer whose
 *                dispatcher writes markers itself when the ring is empty.
 *   OLDEST       stamped ring, DROP_OLDEST: two producers that discard
 *                the oldest event when the ring is full; the consumer
 *                reports losses before the next event it pops.
 *   FLAG_UNOWED  takers ignore a saturation flag on a line whose counts
 *                are equal: a flag set just after a take is never
 *                reported, and a loss vanishes.
 *   OLD_ACCOUNT  the previous protocol, which must fail (see its section
 *                below). ONE_CORE runs it as on one core: a push is an
 *                interrupt (nothing else runs until it ends) and the
 *                dispatcher's flush masks it.
 *   PRELOST      start where line 1 has lost its first event.
 *   REACH_ATLEAST, REACH_WRAP  reachability probes: assert that no "at
 *                least" RESYNC is delivered, that no count wraps.
 * Otherwise every process runs concurrently with the others at the grain
 * of one shared-memory access, as threads on several cores do; that
 * covers every preemption of an ISR by another one as well.
 *
 * Grain. A step holds at most one access to a variable another process
 * may touch at that moment. Accesses nobody else can observe ride along:
 * the slot contents of a claimed position before its publication (a read
 * of a busy slot fails an assertion, so no run can see them earlier), the
 * contents of a published slot between the consumer's acquire and its
 * release, a variable only this process writes, and the ghost variables.
 *
 * Labels c_<name> mark the steps that stand for a C statement; the C code
 * carries the same name in a comment "model: c_<name>"
 * (tools/check-model-map.sh compares both lists). A C function that one
 * process reaches from two places (claim(), account_lost()) is modelled
 * once per process, as a subroutine entered with goto and left through a
 * return selector, so that its labels stay unique.
 *
 * The printf lines narrate a counterexample when it is replayed
 * (spin -t -T); the verifier does not run them.
 */

/* ---- sizes ----------------------------------------------------------- */

#ifndef CAP
#define CAP 2           /* ring capacity */
#endif
#ifndef NEV
#define NEV 4           /* events posted by producer 0 (fifo: by the producer) */
#endif
#ifndef NEV1
#define NEV1 NEV        /* MPSC, OLDEST: events posted by producer 1 */
#endif
#ifndef CB
#define CB 3            /* bits of a loss count: few, so that counts wrap */
#endif
#define CMASK ((1 << CB) - 1)
#ifndef SAT
#define SAT 2           /* owed count at which a producer stops counting: 2^(CB-2), as 2^28 of 2^30 in C */
#endif
#ifndef START
#define START CMASK     /* initial value of the loss counts: one loss short of their wrap */
#endif
#ifndef TAKEBITS
#define TAKEBITS 1      /* OLD_ACCOUNT: bits of the take counter (8 in the C) */
#endif
#define NL 2            /* lines */
#define STICKY (1 << CB) /* in taken: a producer stopped counting (LOST_SATURATED) */

#if defined(MPSC) || defined(OLDEST)
#define STAMPED 1
#define NPROD 2         /* producer i posts on line i */
#else
#define NPROD 1         /* one producer for both lines */
#endif

#define EV 0            /* slot kinds */
#define RESYNC 1
#define CONS 9          /* `me` of the consumer */

/* return selectors of the subroutines */
#define R_FLUSH 1
#define R_PUSH 2
#define R_REFUSE 4
#define R_DISCARD 5

/* ---- shared state ---------------------------------------------------- */

byte tail, head;        /* free-running positions (a byte: no run reaches 256) */
#ifdef STAMPED
byte stamp[CAP];        /* Vyukov stamps: p free for p, p+1 ready, p+CAP consumed */
#else
byte tail_limit = CAP;  /* the fifo producer's view of head + CAP (pinq_ring_t.tail_limit) */
#endif
byte s_line[CAP], s_kind[CAP], s_val[CAP]; /* slot: line, kind, event number or lost count */
bit s_atleast[CAP];     /* RESYNC: PINQ_FLAG_AT_LEAST */
byte losses, losses_flushed; /* losses are owed while they differ */
#ifdef OLD_ACCOUNT
#define WMASK ((1 << (CB + TAKEBITS)) - 1)
byte lost[NL];          /* take counter << CB | count */
#else
byte made[NL];          /* losses accounted (mod 2^CB); the level bit is not modelled */
byte taken[NL];         /* losses reported (mod 2^CB) | STICKY */
#endif

/* mark_flushed(): the mark only moves forward (one compare-and-swap
 * loop, one step: its retries change nothing another process sees) */
#define MARK_FLUSHED(v) atomic { if :: v > losses_flushed -> losses_flushed = v :: else -> skip fi }

/* ---- ghost state: the properties ------------------------------------- */

bit s_busy[CAP];        /* claimed and not yet published (or being discarded) */
byte produced[NL];      /* events posted per line, lost ones included: event k is the k-th */
byte accounted[NL];     /* consumer: events delivered + losses reported */
bit atleast[NL];        /* consumer: a RESYNC said "at least" */
byte pdone;             /* producers finished */

#define WHO printf("%c%c ", (me == CONS -> 67 : 80), (me == CONS -> 32 : 48 + me)) /* "C  " or "P0 " */

#ifndef OLDEST
/* Event k of line l must find every earlier event of its line accounted
 * for, delivered or reported lost, and no later one: a RESYNC that comes
 * after a later event, or ahead of an older one, breaks the equality, as
 * does an event delivered twice. After an "at least" RESYNC the count is
 * a lower bound, and the consumer resynchronises at the next event. */
inline deliver_event(l, k)
{
    if
    :: atleast[l] -> assert(accounted[l] <= k - 1); atleast[l] = 0
    :: else -> assert(accounted[l] == k - 1)
    fi;
    accounted[l] = k
}
#else
/* DROP_OLDEST promises less: a new event dropped because the oldest slot
 * was busy is reported with the discarded ones, ahead of older events
 * still queued (docs/design.md). So event k finds every earlier event
 * accounted for (never late), and beyond those only events of its line
 * refused so far with numbers above k (early, as documented): refused[l]
 * has bit j-1 set for each refused event j. After an "at least" RESYNC
 * only the upper bound holds, to the end of the run. */
byte refused[NL];

inline deliver_event(l, k)
{
    assert(atleast[l] || accounted[l] >= k - 1);
    later = 0; bits = refused[l] >> k;
    do
    :: bits != 0 -> later = later + (bits & 1); bits = bits >> 1
    :: else -> break
    od;
    assert(accounted[l] <= k - 1 + later);
    accounted[l]++;
    later = 0; bits = 0
}
#endif

inline deliver_resync(l, n, al)
{
#ifdef REACH_ATLEAST
    assert(!al); /* reachability: fails when an "at least" RESYNC is delivered */
#endif
    accounted[l] = accounted[l] + n;
    atleast[l] = atleast[l] | al;
    assert(accounted[l] <= produced[l])
}

/* All producers are done and the consumer found the ring empty and
 * nothing owed: every line is wholly accounted for (conservation). */
inline check_conservation()
{
    l = 0;
    do
    :: l < NL ->
        if
        :: atleast[l] -> assert(accounted[l] <= produced[l])
        :: else -> assert(accounted[l] == produced[l])
        fi;
        l++
    :: else -> break
    od
}

/* The consumer reads a slot: no producer is between claim and publish. */
inline read_slot(i)
{
    assert(!s_busy[i]);
    l = s_line[i]; kind = s_kind[i]; val = s_val[i]; al = s_atleast[i]
}

inline deliver_slot(pos)
{
    if
    :: kind == EV -> printf("C  pops event %d of line %d at %d\n", val, l, pos); deliver_event(l, val)
    :: kind == RESYNC && val != 0 ->
        printf("C  pops RESYNC(line %d, %d, at least %d) at %d\n", l, val, al, pos); deliver_resync(l, val, al)
    :: else -> printf("C  skips an empty marker at %d\n", pos) /* finish(): nothing taken */
    fi;
    l = 0; kind = 0; val = 0; al = 0
}

/* ---- claiming and publishing (producer side) ------------------------- */

#ifndef STAMPED
/* fifo_room(r, t, want) with t = pos: the producer re-reads head only
 * when its limit holds less than `want`. Subroutine room_sub, returns
 * through rret. */
inline fifo_room_body()
{
    if
    :: (tail_limit - pos) < want ->
c_fifo_room: tail_limit = head + CAP
    :: else
    fi;
    room = tail_limit - pos
}

/* claim(), fifo: position tail, if fifo_room(tail, cw) >= cw (cw: the
 * room the caller asks for) */
inline claim_body()
{
    pos = tail;
    want = cw; rret = R_PUSH; goto room_sub;
claim_roomed:
    if
    :: room >= cw -> d_step { assert(!s_busy[pos % CAP]); s_busy[pos % CAP] = 1; ok = 1 }
    :: else -> ok = 0
    fi;
    want = 0; room = 0
}
#else
/* claim(), stamped: stamp_claim_room() (pinq_stamp.h), cw positions free
 * from pos: the last of them is free for its position. Every try reads
 * tail again. */
inline claim_body()
{
    ok = 0;
    do
    :: true ->
c_claim_tail: pos = tail;
c_claim_stamp: s = stamp[(pos + cw - 1) % CAP];
        if
        :: s == pos + cw - 1 ->
c_claim_cas: d_step {
                if
                :: tail == pos -> tail = pos + 1; ok = 1; assert(!s_busy[pos % CAP]); s_busy[pos % CAP] = 1
                :: else /* failed: another producer took pos */
                fi };
            if
            :: ok -> break
            :: else
            fi
        :: s < pos + cw - 1 -> break /* the slot still holds position pos + cw - 1 - CAP: no room */
        :: s > pos + cw - 1 /* another producer took pos */
        fi
    od;
    s = 0
}
#endif

/* publish(): the slot's contents go with it (see "Grain") */
#ifndef STAMPED
#define PUBLISH(pos) s_busy[pos % CAP] = 0; tail = pos + 1
#else
#define PUBLISH(pos) s_busy[pos % CAP] = 0; stamp[pos % CAP] = pos + 1
#endif

#define CLAIM_SUB(returns) claim_sub: claim_body(); returns
#ifndef STAMPED
#define ROOM_SUB(returns) room_sub: fifo_room_body(); returns
#else
#define ROOM_SUB(returns) skip
#endif

/* ---- loss accounting: the protocol of src/pinq_ring.c ---------------- */

#ifndef OLD_ACCOUNT
#ifndef FLAG_UNOWED
/* peek_owes(): a count to take, or a saturation flag (see take_body) */
#define OWES(t0, m) (((t0) & CMASK) != (m) || ((t0) & STICKY))
#define FLAG_LOSS(tt) ((tt) >> CB) /* the loss its setter did not count */
#else
#define OWES(t0, m) (((t0) & CMASK) != (m))
#define FLAG_LOSS(tt) 0
#endif

/* account_lost(): taken is read before made, so their difference is
 * never below what is owed; with SAT owed the count stops and the STICKY
 * bit says "at least" instead of letting the count wrap. The C adds
 * 1 - sat and ors sat << 1 on every loss; an add or an or of 0 changes
 * nothing, so the model skips them. Under DROP_NEWEST made[l] has one
 * writer, this process: its read rides with the read of taken. */
inline account_body(al_line, al_ev)
{
    asat = 0;
#ifndef OLDEST
c_account_peek_taken: atomic { at = taken[al_line];
c_account_peek_made: am = made[al_line] };
#else
c_account_peek_taken: at = taken[al_line];
c_account_peek_made: am = made[al_line];
#endif
    asat = (((am - at) & CMASK) >= SAT);
c_account_made: if
    :: !asat ->
#ifdef REACH_WRAP
        assert(made[al_line] != CMASK); /* reachability: fails when a count wraps */
#endif
        made[al_line] = (made[al_line] + 1) & CMASK
    :: else
    fi;
c_account_saturate: if
    :: asat -> d_step { taken[al_line] = taken[al_line] | STICKY; WHO; printf("sets the at-least flag of line %d: taken %d\n", al_line, taken[al_line]) }
    :: else
    fi;
c_account_losses: d_step { losses++; WHO; printf("loses event %d of line %d: made %d, taken %d\n", al_ev, al_line, made[al_line], taken[al_line]) };
    at = 0; am = 0; asat = 0
}

/* take_lost(): move taken forward from wherever it is to m, the made
 * peeked after t0, never further; n = 0 when another taker got there.
 * The STICKY flag goes with the take and counts one loss more: the
 * producer that set it did not count its own. */
inline take_body(l, t0, m, n, al)
{
    tt = t0;
    do
    :: ((tt - t0) & CMASK) > ((m - t0) & CMASK) ||
       (((tt - t0) & CMASK) == ((m - t0) & CMASK) && (FLAG_LOSS(tt) == 0)) -> n = 0; al = 0; break
    :: else ->
c_take_cas: d_step {
            if
            :: taken[l] == tt ->
                taken[l] = m; n = ((m - tt) & CMASK) + FLAG_LOSS(tt); al = tt >> CB; tt = 255;
                WHO; printf("takes %d of line %d (at least %d): taken %d\n", n, l, al, m)
            :: else -> tt = taken[l]; WHO; printf("take of line %d retries: taken is %d\n", l, tt)
            fi };
        if
        :: tt == 255 -> break
        :: else
        fi
    od;
    tt = 0
}

/* flush_markers(): one RESYNC marker per line with losses; fok = 0 when
 * a marker found no room (the rest stays owed). Needs claim_sub. */
inline flush_markers()
{
    fl = 0; fok = 1;
c_flush_seen: seen = losses;
    do
    :: fl < NL ->
c_peek_taken: t0 = taken[fl];
c_peek_made: d_step { m = made[fl]; if :: OWES(t0, m) -> WHO; printf("peeks line %d: taken %d, made %d\n", fl, t0, m) :: else fi };
        if
        :: OWES(t0, m) ->
c_flush_claim: ret = R_FLUSH; goto claim_sub;
flush_claimed:
            if
            :: !ok -> fok = 0; break
            :: else -> cw = 1 /* the room asked for includes the other markers */
            fi;
            take_body(fl, t0, m, n, al);
c_marker_fill: atomic { s_line[pos % CAP] = fl; s_kind[pos % CAP] = RESYNC; s_val[pos % CAP] = n; s_atleast[pos % CAP] = al;
c_marker_publish: PUBLISH(pos); WHO; printf("writes RESYNC(line %d, %d) at %d\n", fl, n, pos) };
            n = 0; al = 0; pos = 0; ok = 0
        :: else
        fi;
        t0 = 0; m = 0;
        fl++
    :: else -> break
    od;
    if
    :: fok ->
c_flushed_store: MARK_FLUSHED(seen)
    :: else
    fi;
    t0 = 0; m = 0; fl = 0; seen = 0
}

#else
/* ---- OLD_ACCOUNT: the previous protocol ----------------------------------
 * One word per line: a count of CB bits (23 in the C) that account_lost
 * raises and that silently wraps, with a take counter of TAKEBITS bits
 * above it (8 in the C), which the count's carry runs into. A flusher
 * peeks the word w before claiming the marker's position and takes with
 * CAS(w -> count 0, take counter + 1): a count taken by other flushers
 * 2^TAKEBITS times and grown back to the same value passes the CAS (ABA).
 * A fifo's dispatcher wrote its markers into the ring too: a second
 * writer of tail besides the producer. */
inline account_body(al_line, al_ev)
{
    asat = 0;
old_account_add: d_step { lost[al_line] = (lost[al_line] + 1) & WMASK;
        WHO; printf("loses event %d of line %d: count %d, takes %d\n", al_ev, al_line, lost[al_line] & CMASK, lost[al_line] >> CB) };
c_account_losses: losses++
}

inline flush_markers()
{
    fl = 0; fok = 1;
c_flush_seen: seen = losses;
    do
    :: fl < NL ->
old_flush_peek: d_step { t0 = lost[fl]; if :: t0 & CMASK -> WHO; printf("peeks line %d: count %d, takes %d\n", fl, t0 & CMASK, t0 >> CB) :: else fi };
        if
        :: (t0 & CMASK) != 0 ->
c_flush_claim: ret = R_FLUSH; goto claim_sub;
flush_claimed:
            if
            :: !ok -> fok = 0; break
            :: else -> cw = 1 /* the room asked for includes the other markers */
            fi;
old_flush_cas: d_step {
                if
                :: lost[fl] == t0 -> lost[fl] = (((t0 >> CB) + 1) << CB) & WMASK; n = t0 & CMASK
                :: else -> n = 0
                fi;
                WHO; printf("CAS line %d from count %d, takes %d: takes %d\n", fl, t0 & CMASK, t0 >> CB, n) };
c_marker_fill: atomic { s_line[pos % CAP] = fl; s_kind[pos % CAP] = RESYNC; s_val[pos % CAP] = n; s_atleast[pos % CAP] = 0;
c_marker_publish: PUBLISH(pos); WHO; printf("writes RESYNC(line %d, %d) at %d\n", fl, n, pos) };
            n = 0; pos = 0; ok = 0
        :: else
        fi;
        t0 = 0;
        fl++
    :: else -> break
    od;
    if
    :: fok ->
c_flushed_store: MARK_FLUSHED(seen)
    :: else
    fi;
    t0 = 0; fl = 0; seen = 0
}
#endif

/* Local variables of a process that claims and takes. */
#define FLUSH_LOCALS \
    byte pos, s, seen, fl, t0, m, n, tt, ret, rret, want, room, cw; \
    bit ok, fok, al

#ifdef ONE_CORE
bit in_isr, masked;     /* a push (interrupt) is running; the dispatcher masks pushes */
#endif

/* ---- producer: pinq_ring_push() ---------------------------------------- */

proctype producer(byte me)
#ifdef ONE_CORE
    provided (!masked)
#endif
{
    byte i, l, k;
    byte at, am;
    bit asat;
#ifdef OLDEST
    byte dh, aline, aev, aret;
#endif
    FLUSH_LOCALS;

next_event:
    if
    :: i == NEV && me == 0 || i == NEV1 && me == 1 -> goto finished
    :: else
    fi;
#ifdef STAMPED
    l = me;
#else
    if
    :: l = 0
    :: l = 1
    fi;
#endif
#ifndef STAMPED
    /* fast_push_fifo(): below the limit the ring has room and nothing is
     * owed (refuse() pulls the limit down to tail) */
    atomic {
        produced[l]++; k = produced[l];
#ifdef ONE_CORE
        in_isr = 1;
#endif
        pos = tail
    };
c_fast_limit: if
    :: pos != tail_limit ->
c_fast_fill: atomic { assert(!s_busy[pos % CAP]); s_line[pos % CAP] = l; s_kind[pos % CAP] = EV; s_val[pos % CAP] = k; s_atleast[pos % CAP] = 0;
c_fast_publish: tail = pos + 1; WHO; printf("stores event %d of line %d at %d\n", k, l, pos) };
        goto pushed
    :: else -> pos = 0
    fi;
#else
    atomic { produced[l]++; k = produced[l] };
#endif
#ifndef OLDEST
    /* push_one(): a RESYNC owed goes first */
c_owed_losses: s = losses;
c_owed_flushed: if
    :: s == losses_flushed -> s = 0; goto claim_event
    :: else -> s = 0
    fi;
    /* the first marker waits for room for itself and the event (cw 2
     * stands for resync_room()) */
    cw = 2;
    flush_markers();
    if
    :: !fok -> cw = 0; goto refuse
    :: else
    fi;
#endif
claim_event:
c_push_claim: cw = 1; ret = R_PUSH; goto claim_sub;
push_claimed:
#ifdef OLDEST
    if
    :: !ok ->
        /* discard_oldest(): take the oldest slot away from the consumer if
         * it is published, else drop the new event */
c_discard_head: dh = head;
c_discard_ready: if
        :: stamp[dh % CAP] == dh + 1
        :: else -> goto refuse
        fi;
c_discard_cas: d_step {
            if
            :: head == dh -> head = dh + 1; s_busy[dh % CAP] = 1; ok = 1 /* ours until released */
            :: else
            fi };
        if
        :: !ok -> goto refuse /* the consumer or another producer took it */
        :: else -> ok = 0
        fi;
c_discard_tag: d_step { aline = s_line[dh % CAP]; aev = s_val[dh % CAP]; WHO; printf("discards event %d of line %d at %d\n", aev, aline, dh) };
        aret = R_DISCARD; goto account_sub;
discard_accounted:
c_discard_release: atomic { s_busy[dh % CAP] = 0; stamp[dh % CAP] = dh + CAP };
        dh = 0;
c_discard_claim: ret = R_DISCARD; goto claim_sub; /* fails if another producer took the slot */
discard_claimed:
        skip
    :: else
    fi;
#endif
    if
    :: !ok -> goto refuse
    :: else
    fi;
fill_event:
c_event_fill: atomic { s_line[pos % CAP] = l; s_kind[pos % CAP] = EV; s_val[pos % CAP] = k; s_atleast[pos % CAP] = 0;
c_event_publish: PUBLISH(pos); WHO; printf("stores event %d of line %d at %d\n", k, l, pos) };
    goto pushed;
refuse:
#ifndef OLDEST
    account_body(l, k);
#else
    atomic { refused[l] = refused[l] | (1 << (k - 1)); aret = R_REFUSE; aline = l; aev = k };
    goto account_sub;
refuse_accounted:
#endif
#ifndef STAMPED
c_refuse_limit: tail_limit = tail; /* the next push takes the general path */
#endif
pushed:
    pos = 0; ok = 0; cw = 0;
#ifdef ONE_CORE
    in_isr = 0;
#endif
    i++;
    goto next_event;

    /* subroutines */
#ifndef OLDEST
    CLAIM_SUB(if :: ret == R_FLUSH -> goto flush_claimed :: else -> goto push_claimed fi);
    ROOM_SUB(goto claim_roomed);
#else
    CLAIM_SUB(if :: ret == R_PUSH -> goto push_claimed :: else -> goto discard_claimed fi);
account_sub:
    account_body(aline, aev);
    aline = 0; aev = 0;
    if
    :: aret == R_DISCARD -> goto discard_accounted
    :: else -> goto refuse_accounted
    fi;
#endif

finished:
    pdone++
}

/* ---- consumers -------------------------------------------------------- */

/* Waiting: a poll that finds nothing changes nothing, so the consumer
 * blocks until something it polls may have changed. Once it has seen
 * every producer done it sets `final`: from then on, finding nothing to
 * pop and nothing owed means the run is over. */
#define IDLE(something) \
idle: \
    if \
    :: final -> goto drained \
    :: else \
    fi; \
    atomic { (something) || pdone == NPROD -> final = (pdone == NPROD) }; \
    goto next

#if !defined(STAMPED) && !defined(OLD_ACCOUNT)
/* fifo: pop_one_fifo(). The consumer writes nothing into the ring: when
 * it finds the ring empty it reports owed losses itself (report_lost()),
 * one RESYNC per call, in a pass over the lines that spans calls. It
 * takes a line's count only while tail still reads h: events stored
 * since then carry their own markers ahead of them. */
proctype consumer()
{
    byte me = CONS;
    byte h, hc;                  /* head (we write it), our view of tail */
    byte l, kind, val;
    bit al, final;
    bit scanning;
    byte scan_losses, scan_line;
    byte s, t0, m, n, tt;

next:
    if
    :: hc == h ->
c_fifo_pop_tail: hc = tail
    :: else
    fi;
    if
    :: hc != h ->
c_fifo_pop_read: atomic { read_slot(h % CAP);
c_fifo_pop_head: head = h + 1;
        h++;
        deliver_slot(h - 1) };
        goto next
    :: else
    fi;
    /* report_lost(r, ev, h) */
    if
    :: !scanning ->
c_owed_losses: s = losses;
c_owed_flushed: if
        :: s == losses_flushed -> s = 0; goto idle
        :: else -> s = 0
        fi;
c_report_seen: scan_losses = losses;
        scanning = 1; scan_line = 0
    :: else
    fi;
    do
    :: scan_line < NL ->
c_peek_taken: t0 = taken[scan_line];
c_peek_made: d_step { m = made[scan_line]; if :: OWES(t0, m) -> WHO; printf("peeks line %d: taken %d, made %d\n", scan_line, t0, m) :: else fi };
        if
        :: OWES(t0, m) ->
c_trailing_tail_check: if
            :: tail != h -> t0 = 0; m = 0; goto next /* events arrived: pop them first */
            :: else
            fi;
            l = scan_line;
            scan_line++;
            take_body(l, t0, m, n, al);
            t0 = 0; m = 0;
            if
            :: n != 0 ->
                d_step { printf("C  reports RESYNC(line %d, %d, at least %d) itself\n", l, n, al);
                    deliver_resync(l, n, al); l = 0; n = 0; al = 0 };
                goto next
            :: else -> l = 0
            fi
        :: else -> t0 = 0; m = 0; scan_line++
        fi
    :: else -> break
    od;
    scanning = 0; scan_line = 0;
c_reported_store: MARK_FLUSHED(scan_losses);
    scan_losses = 0;
    goto next;

    IDLE(tail != h || losses != losses_flushed);
drained:
    check_conservation()
}
#endif

#if !defined(STAMPED) && defined(OLD_ACCOUNT)
/* OLD_ACCOUNT fifo: when the ring is empty and losses are owed, the
 * dispatcher writes the markers into the ring itself (flush_lost()). */
proctype consumer()
#ifdef ONE_CORE
    provided (!in_isr)
#endif
{
    byte me = CONS;
    byte h, hc;
    byte l, kind, val;
    bit final;
    FLUSH_LOCALS;

next:
    if
    :: hc == h -> hc = tail
    :: else
    fi;
    if
    :: hc != h ->
        atomic { read_slot(h % CAP); head = h + 1; h++; deliver_slot(h - 1) };
        goto next
    :: else
    fi;
    s = losses;
    if
    :: s == losses_flushed -> s = 0; goto idle
    :: else -> s = 0
    fi;
#ifdef ONE_CORE
    masked = 1;
#endif
    cw = 1;
    flush_markers();
    cw = 0;
#ifdef ONE_CORE
    masked = 0;
#endif
    goto next;

    IDLE(tail != h || losses != losses_flushed);
    CLAIM_SUB(goto flush_claimed);
    ROOM_SUB(goto claim_roomed);
drained:
    check_conservation()
}
#endif

#if defined(MPSC)
/* MPSC, DROP_NEWEST: pop_stamped(); when it finds nothing and losses are
 * owed, the dispatcher writes the markers itself (flush_lost()), one more
 * producer. Only the consumer uses head here. */
proctype consumer()
{
    byte me = CONS;
    byte h;
    byte l, kind, val;
    bit final;
    FLUSH_LOCALS;

next:
c_stamp_ready: atomic {
        if
        :: stamp[h % CAP] == h + 1 ->
c_stamped_pop_read: read_slot(h % CAP);
c_stamp_release: stamp[h % CAP] = h + CAP;
            h++;
            deliver_slot(h - 1);
            goto next
        :: else
        fi };
c_owed_losses: s = losses;
c_owed_flushed: if
    :: s == losses_flushed -> s = 0; goto idle
    :: else -> s = 0
    fi;
    cw = 1;
    flush_markers();
    cw = 0;
    goto next;

    IDLE(stamp[h % CAP] == h + 1 || losses != losses_flushed);
    CLAIM_SUB(goto flush_claimed);
drained:
    check_conservation()
}
#endif

#if defined(OLDEST)
/* DROP_OLDEST: pop_stamped() against producers that move head. Discarded
 * events were the oldest, so the consumer, the only taker, reports owed
 * losses (take_resync()) after the acquire of the slot it is about to pop
 * and before popping it; and it neither reports nor pops until every
 * discard before head has released its slot (sync_discards()). */
proctype consumer()
{
    byte me = CONS;
    byte ch;                     /* cons_head */
    byte h, s;
    byte l, kind, val;
    bit al, ready, final;
    bit scanning;
    byte scan_losses, scan_line;
    byte t0, m, n, tt;
    byte later, bits;            /* ghost: deliver_event */

next:
c_pop_head_load: h = head;
    /* sync_discards() */
    do
    :: ch != h ->
c_sync_stamp: if
        :: stamp[ch % CAP] >= ch + CAP -> ch++
        :: else -> goto wait_discard /* a discarder has not released yet: report and pop nothing */
        fi
    :: else -> break
    od;
c_stamp_ready: ready = (stamp[h % CAP] == h + 1);
report: /* take_resync(): report_lost() until a RESYNC or nothing owed */
    if
    :: !scanning ->
c_owed_losses: s = losses;
c_owed_flushed: if
        :: s == losses_flushed -> s = 0; goto reported
        :: else -> s = 0
        fi;
c_report_seen: scan_losses = losses;
        scanning = 1; scan_line = 0
    :: else
    fi;
    do
    :: scan_line < NL ->
c_peek_taken: t0 = taken[scan_line];
c_peek_made: m = made[scan_line];
        l = scan_line;
        scan_line++;
        if
        :: OWES(t0, m) ->
            take_body(l, t0, m, n, al);
            t0 = 0; m = 0;
            if
            :: n != 0 ->
                d_step { printf("C  reports RESYNC(line %d, %d, at least %d) itself\n", l, n, al);
                    deliver_resync(l, n, al); l = 0; n = 0; al = 0; ready = 0; h = 0 };
                goto next
            :: else -> l = 0
            fi
        :: else -> t0 = 0; m = 0; l = 0
        fi
    :: else -> break
    od;
    scanning = 0; scan_line = 0;
c_reported_store: MARK_FLUSHED(scan_losses);
    scan_losses = 0;
    goto report; /* a pass that ends with losses owed starts over */
reported:
    if
    :: !ready ->
c_pop_head_recheck: if
        :: head != h -> h = 0; goto next /* a producer discarded it: report, then look further */
        :: else -> h = 0; goto idle
        fi
    :: else
    fi;
    ready = 0;
    /* the CAS gives us slot h: nobody touches it until we release it */
c_pop_head_cas: atomic {
        if
        :: head == h -> head = h + 1
        :: else -> h = 0; goto next /* a producer discarded h first */
        fi;
        ch = h + 1;
c_stamped_pop_read: read_slot(h % CAP);
c_stamp_release: stamp[h % CAP] = h + CAP;
        deliver_slot(h);
        h = 0
    };
    goto next;
wait_discard:
    h = 0;
    (stamp[ch % CAP] >= ch + CAP);
    goto next;

    IDLE(stamp[head % CAP] == head + 1 || losses != losses_flushed);
drained:
    check_conservation()
}
#endif

init
{
    byte i;
    atomic {
#ifndef OLD_ACCOUNT
        made[0] = START; made[1] = START; taken[0] = START; taken[1] = START;
#endif
#ifdef PRELOST
        /* start where line 1's first event was lost and the ring is empty */
        produced[1] = 1; losses = 1;
#ifdef OLD_ACCOUNT
        lost[1] = 1;
#else
        made[1] = (START + 1) & CMASK;
#endif
#endif
#ifdef STAMPED
        do
        :: i < CAP -> stamp[i] = i; i++
        :: else -> break
        od;
#endif
        run consumer();
        run producer(0);
#if NPROD == 2
        run producer(1)
#endif
    }
}
