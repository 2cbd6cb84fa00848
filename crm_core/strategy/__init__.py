"""The strategy half of the method: goals, stakeholders and ownership, gaps and their whys,
and the shared glossary.

The concept modules (``goals``, ``alignment``, ``stakeholders``, ``raci``, ``diagnostic``,
``glossary``, ``gaps``, ``whys``, ``socratic``...) are pure rules over plain values;
``records`` holds the typed store queries and ``progress`` summarises them for the home page.
"""
