#!/usr/bin/env python3
# Regenerates testdata/map/responses.csv, a hand-tuned response table
# (docs/formats.md section 2) for cjm-map's tests: two months, eight
# touchpoint questions, three segments, comments.  Fixed seed: the same
# bytes every run.  The KPI tables are then made with the real cjm-kpi
# (see README in this directory).
import csv, random, sys

rng = random.Random(20261125)
# step, stage, touchpoint, channel, metric, scale, answer weights worst..best
# per month (October, November)
Q = [
    (1, "Discover", "Website", "online", "csat", "1-5",
     [[2, 4, 10, 40, 44], [2, 4, 11, 41, 42]]),
    (2, "Discover", "Store visit", "offline", "nps", "0-10",
     [[1, 1, 1, 2, 2, 3, 4, 12, 18, 26, 30], [1, 1, 1, 2, 2, 3, 4, 12, 18, 27, 29]]),
    (3, "Purchase", "Checkout", "online", "ces", "1-7",
     [[2, 3, 5, 10, 20, 35, 25], [3, 4, 7, 12, 22, 30, 22]]),
    (4, "Purchase", "Checkout", "online", "csat", "1-5",
     [[2, 3, 8, 37, 50], [4, 6, 12, 38, 40]]),
    (5, "Delivery", "Delivery tracking", "online", "nps", "0-10",
     [[2, 2, 2, 3, 3, 5, 6, 14, 18, 22, 23], [8, 6, 7, 8, 8, 9, 8, 12, 12, 11, 11]]),
    (6, "Delivery", "Parcel handover", "offline", "csat", "1-5",
     [[3, 5, 12, 40, 40], [1, 2, 6, 40, 51]]),
    (7, "Support", "Call centre", "offline", "ces", "5-1",
     [[20, 15, 12, 28, 25], [22, 14, 12, 27, 25]]),   # worst (5) .. best (1)
    (8, "Support", "Live chat", "online", "nps", "0-10",
     [[2, 1, 1, 2, 2, 4, 5, 10, 14, 25, 34], [2, 1, 1, 2, 2, 4, 5, 10, 14, 25, 34]]),
]
SEG = ["Family", "Business", "Student"]
BAD = {
    "Website": ["Search never finds the product by its name.",
                "Too many pop-ups, I gave up on the size guide.",
                "Prices on the list and on the product page differ.",
                "Filters reset every time I go back."],
    "Store visit": ["Nobody at the counter for 20 minutes.",
                    "Staff were friendly but the shelf was empty."],
    "Checkout": ["The card form reset twice; I had to type everything again.",
                 "Voucher code \"WELCOME10\" was refused, no reason given.",
                 "Why do I need an account to pay?",
                 "Shipping cost appeared only on the last step.",
                 "3-D Secure page timed out, paid twice?"],
    "Delivery tracking": ["Tracking said 'delivered' but nothing came.",
                          "The link in the e-mail led to a 404 page.",
                          "No update for 4 days, then it was suddenly back at the depot.",
                          "Courier window 8:00-20:00 is useless & the map never loads.",
                          "Three different delivery dates in three e-mails.",
                          "Tracking number not recognised by the carrier site.",
                          "Said out for delivery all day, arrived two days later.",
                          "I had to call to find out where my parcel was."],
    "Parcel handover": ["Parcel left in the rain by the door.",
                        "Driver did not ring, card in the letterbox.",
                        "Box was crushed on one corner."],
    "Call centre": ["45 minutes on hold, then cut off.",
                    "Had to explain my problem three times\nto three people.",
                    "Promised call-back never came.",
                    "The menu options did not fit my problem at all."],
    "Live chat": ["The bot kept sending me the FAQ.",
                  "Agent closed the chat mid-sentence."],
}
GOOD = {
    "Website": ["Clear photos, easy to compare."],
    "Store visit": ["Great advice from Amira in the shoe department!",
                    "Easy returns at the till."],
    "Checkout": ["Apple Pay made it a 10-second job."],
    "Delivery tracking": ["Live map is brilliant."],
    "Parcel handover": ["Friendly driver, on time.", "Left with my neighbour as I asked."],
    "Call centre": ["Sorted in one call, thank you."],
    "Live chat": ["Quick and helpful.", "Solved my problem in 5 minutes."],
}

w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["respondent", "time", "step", "stage", "touchpoint", "channel",
            "segment", "metric", "scale", "score", "weight", "comment"])
rid = 0
for month, (ym, ndays, nresp) in enumerate([("2026-10", 31, 160), ("2026-11", 30, 170)]):
    for i in range(nresp):
        rid += 1
        seg = rng.choices(SEG, [5, 3, 2])[0]
        t = "%s-%02dT%02d:%02d:%02d" % (ym, rng.randint(1, ndays), rng.randint(7, 22),
                                       rng.randint(0, 59), rng.randint(0, 59))
        last = ""
        chat = rng.random() < 0.13          # few use the chat: low base
        for step, stage, tp, ch, metric, scale, wts in Q:
            if tp == "Live chat" and not chat:
                continue
            if tp == "Store visit" and rng.random() < 0.35:
                continue
            worst, best = [int(x) for x in scale.split("-")]
            pts = list(range(worst, best + 1)) if worst < best else list(range(worst, best - 1, -1))
            ww = list(wts[month])
            if tp == "Delivery tracking" and seg == "Family" and month == 1:
                ww = [x * (2 if k < 7 else 1) for k, x in enumerate(ww)]
            score = rng.choices(pts, ww)[0]
            pos = abs(score - worst) / abs(best - worst)
            comment = ""
            if tp == "Checkout" and metric == "csat":
                comment = last      # one comment column for both questions
            else:
                if pos < 0.45 and rng.random() < 0.25:
                    comment = rng.choice(BAD[tp])
                elif pos > 0.8 and rng.random() < 0.06:
                    comment = rng.choice(GOOD[tp])
            last = comment
            w.writerow(["R%04d" % rid, t, step, stage, tp, ch, seg, metric, scale,
                        score, 1, comment])
