"""Lesson data: seeded synthetic generators and small public data files with their provenance.

Importing this package is light; each module (``coursekit.data.voters``,
``coursekit.data.experiments``...) imports pandas and numpy only when it is imported itself.

* ``voters.voter_file(n, seed)`` — a SYNTHETIC voter file of a fictional county.
* ``experiments.email_test(seed)`` — a SYNTHETIC e-mail subject-line A/B test.
"""

from __future__ import annotations
