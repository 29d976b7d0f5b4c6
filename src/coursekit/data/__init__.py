"""Lesson data: seeded synthetic generators and small public data files with their provenance.

Importing this package is light; each module (``coursekit.data.voters``,
``coursekit.data.experiments``...) imports pandas and numpy only when it is imported itself.

* ``voters.voter_file(n, seed)`` — a SYNTHETIC voter file of a fictional county.
* ``experiments.email_test(seed)`` — a SYNTHETIC e-mail subject-line A/B test;
  ``splash_page_test``, a SYNTHETIC 24-variant page test.
* ``campaigns.campaign_facts()`` — cited figures about the campaigns the course follows.
"""

from __future__ import annotations
