"""Twentieth floor round: does anything the search already computes, added to the eighteenth round's head, answer
fewer off-topic inputs (near-domain care questions, `naburig`, above all) without losing on-topic ones? `python -m
bench.tuning.tune_twentieth_floor SET... --data-dir DIR [--only NAME...] [--verbose]` (docs/searching.md, "Floor,
twentieth round").

The inputs are the eighteenth round's dumps (bench.tuning.tune_eighteenth_floor, `--stage dump` there) of the seen
sets' tuning halves: demo/eval, rijksoverheid-faq, eval-cases, -2 ... -16, demo/eval-oneline and a copy of
eval-cases-17's tuning half (seen since stop 38). Only tuning questions are loaded; a set being written now
(`UNSEEN`) is refused by name.

**The bar, written before any result of this round was computed.** The baseline is the product's decision
(`head:qmp@C0.001`, the line refitted so that every training set keeps today's count of on-topic inputs), refitted
in every leave-one-set-out fold exactly as `tune_eighteenth_floor --export` fits it. A candidate is adopted only if,
leave-one-set-out over the twenty tuning halves, it (1) answers at least 10% fewer off-topic inputs held back than
the baseline does, summed over the held-back sets, and at least 5 fewer naburig ones; (2) keeps, on every held-back
set, at least as many on-topic inputs as the baseline keeps there (none lost against it anywhere); (3) then, in the
product, on the seen held-out halves (`praktijkgeheugen eval --half heldout`), keeps on every set at least as many
on-topic questions as the product before it and answers fewer off-topic ones in total; (4) costs no model pass: only
arithmetic over what the search already holds (the question's embedding, the dense and lexical rankings, the visible
passages' term counts).

Candidates, each fitted on the training folds only (vectorised: the head's output and every feature are computed
once per fold):

- `baseline`: the product's head refitted per fold (c of either sign from tune_seventeenth_floor.HEAD_GRID, the line
  refitted, the fewest off-topic training inputs answered; tune_seventeenth_floor.head);
- `head+F`: the baseline's score + d x F / sd(F) (sd over the training inputs), d of either sign from
  tune_sixteenth_floor.SCALED, the line refitted, the fewest off-topic training inputs answered (ties: smaller |d|),
  the head's own c kept as the fold chose it; F of the brief's kinds, all in the dumps:
  lexical coverage of the question (`evidence_k`, `plain_k`: its idf-weighted or plain share held by one of the k
  best-cosine documents; `stem_k`: the same in Snowball stems; `known`: the idf share of its terms some passage
  holds; `dpass_known_1`, `ddoc3_known_1`, `dinf_pass`, `absent_rarest`: its distinctive terms missing), the legs'
  agreement (`agree_k`, `disagree_3`, `whole_out_3`, `whole_overlap_3`, `whole_rel`, `lexbest_gap`), the gap at the
  top (`gap5`, `gap10`, `gap10_z`, `pgap10`, `doc_gap`, `stand_k`, `doc_stand_k`), how many passages stand near the
  best (`near_d`), and the corpus centroid (`centroid`, `centroid_z`, `mean_all`);
- `head+F+G`: two of them, the second fitted after the first.
"""
