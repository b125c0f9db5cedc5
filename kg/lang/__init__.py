"""German language data shared by the nlp and extract stages: word lists and marks, kept once as
data files (`data/`) and loaded here. It imports no other kg module, so every stage may use it."""
