"""The tuning experiments: each round's script that chose (or rejected) a constant of the search on
the tuning halves of the evaluation sets only. Not part of the product; README.md indexes them, and
docs/history/searching-rounds.md gives each round's figures. Run one as `python -m bench.tuning.tune_tenth SET...
--data-dir DIR`."""
