"""Duplicate people and companies: normalise, block, score, cluster, survive.

The pipeline over one canonical contacts or accounts table (``crm_core.audit.duplicates.matching``
runs it and returns the result every screen reads):

1. ``records`` / ``normalise``: the identifying columns normalised once per distinct value;
2. ``block``: candidate pairs from several blocking passes, never all pairs;
3. ``comparisons`` / ``score``: field-by-field levels and Fellegi-Sunter weights with term
   frequencies, so every pair's match probability comes with its explanation;
4. ``cluster``: connected pairs grouped, with a guard against chaining;
5. ``survive``: golden records and the merge plan (a proposal; nothing is changed);
6. ``decisions`` / ``review``: reviewers' verdicts, kept across re-runs by record ids.
"""
